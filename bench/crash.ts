import fc from 'fast-check';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { startLocalSes } from '../local/ses-local';
import { startStatusReplayServer } from '../local/status-replay-server';
import {
  compareRuns,
  crashPoint,
  dropWorlds,
  type InboundShape,
  inboundRun,
  monitorRun,
  noticesRun,
  noticeWeekCrashes,
  outageCrashes,
  type RunResult,
} from '../test/support/crash-scenarios';

const SEED = 20_270_110;

interface Tally {
  runs: number;
  crashes: number;
  messages: number;
  duplicates: number;
  unexpected: number;
  lostRuns: number;
  /** Runs that repeated more than the SES-accepted-not-marked window explains. */
  beyondWindow: number;
  stateDiffers: number;
  ms: number;
}

/**
 * Issue 12: `runs` crash-anywhere runs (the property test's scenarios, `BENCH_CRASH_RUNS`
 * changes the count): inbound mails (most runs), weeks of expiry notices (1 in 20) and monitor
 * outages (1 in 100), each against its crash-free run. Reports the rate of messages sent twice
 * and of runs that lost something. `paths` (`BENCH_CRASH_PATHS`, comma-separated) runs some of
 * the three; the samples stay those of the full run.
 */
export async function benchCrash(
  runs = 10_000,
  paths: readonly string[] = ['inbound', 'notices', 'monitor'],
): Promise<Record<string, unknown>> {
  const [firstDynamo, ses, server] = await Promise.all([
    startDynamoDbLocal(),
    startLocalSes(),
    startStatusReplayServer(),
  ]);
  let dynamo = firstDynamo;
  const services = { dynamoEndpoint: dynamo.endpoint, sesEndpoint: ses.endpoint };
  // A fresh DynamoDB Local every 500 runs: one that has created and dropped thousands of tables
  // gets slower run by run (measured here: 78 s for the first 500 runs, 224 s for runs 3,000–3,500,
  // its heap at 1.5 GB), though every run's tables are dropped.
  const freshDynamo = async () => {
    await dynamo.stop();
    dynamo = await startDynamoDbLocal();
    services.dynamoEndpoint = dynamo.endpoint;
  };
  // Between runs: the SES store emptied and the run's tables dropped.
  const clear = async () => {
    await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
    await dropWorlds(services);
  };
  const tallies: Record<string, Tally> = {};
  const tally = (path: string, clean: RunResult, crashed: RunResult, ms: number) => {
    tallies[path] ??= {
      runs: 0,
      crashes: 0,
      messages: 0,
      duplicates: 0,
      unexpected: 0,
      lostRuns: 0,
      beyondWindow: 0,
      stateDiffers: 0,
      ms: 0,
    };
    const t = tallies[path];
    const c = compareRuns(clean, crashed);
    t.runs++;
    t.crashes += crashed.crashes;
    t.messages += clean.mails.length;
    t.duplicates += c.duplicates;
    t.unexpected += c.unexpected;
    if (c.lost) t.lostRuns++;
    if (c.duplicates + c.unexpected > c.allowedRepeats) t.beyondWindow++;
    if (c.stateDiffers) t.stateDiffers++;
    t.ms += ms;
  };
  const started = performance.now();
  try {
    const cleanInbound = new Map<string, RunResult>();
    const inbound = fc.sample(
      fc.tuple(
        fc.record({ pending: fc.boolean(), redeliver: fc.boolean() }),
        fc.array(crashPoint(30), { minLength: 1, maxLength: 2 }),
      ),
      { seed: SEED, numRuns: runs },
    );
    const weeks = fc.sample(noticeWeekCrashes, {
      seed: SEED,
      numRuns: Math.ceil(runs / 20),
    });
    const outages = fc.sample(outageCrashes(1), {
      seed: SEED,
      numRuns: Math.ceil(runs / 100),
    });
    const cleanWeek = paths.includes('notices') ? await noticesRun(services, []) : undefined;
    const cleanOutage = paths.includes('monitor') ? await monitorRun(services, server, []) : undefined;
    await clear();
    for (const [i, [shape, points]] of inbound.entries()) {
      if (i % 500 === 0) {
        process.stderr.write(
          `crash: ${i} of ${runs} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
        );
        if (i > 0) await freshDynamo();
      }
      if (paths.includes('inbound')) {
        const key = JSON.stringify(shape);
        if (!cleanInbound.has(key))
          cleanInbound.set(key, await inboundRun(services, shape as InboundShape, []));
        const t0 = performance.now();
        const crashed = await inboundRun(services, shape as InboundShape, points);
        tally('inbound', cleanInbound.get(key)!, crashed, performance.now() - t0);
        await clear();
      }
      if (cleanWeek && i % 20 === 0 && weeks[i / 20]) {
        const w0 = performance.now();
        tally('notices', cleanWeek, await noticesRun(services, weeks[i / 20]!), performance.now() - w0);
        await clear();
      }
      if (cleanOutage && i % 100 === 0 && outages[i / 100]) {
        const m0 = performance.now();
        tally(
          'monitor',
          cleanOutage,
          await monitorRun(services, server, outages[i / 100]!),
          performance.now() - m0,
        );
        await clear();
      }
    }
  } finally {
    await Promise.all([dynamo.stop(), ses.stop(), server.stop()]);
  }
  const perPath = Object.fromEntries(
    Object.entries(tallies).map(([path, t]) => [
      path,
      {
        ...t,
        ms: Math.round(t.ms),
        msPerRun: Math.round(t.ms / t.runs),
        duplicateRate: Number(((t.duplicates + t.unexpected) / Math.max(1, t.messages)).toFixed(5)),
        lostRate: Number((t.lostRuns / t.runs).toFixed(5)),
      },
    ]),
  );
  const all = Object.values(tallies);
  const sum = (pick: (t: Tally) => number) => all.reduce((n, t) => n + pick(t), 0);
  return {
    name: 'crash',
    seed: SEED,
    paths,
    runs: sum((t) => t.runs),
    crashes: sum((t) => t.crashes),
    messages: sum((t) => t.messages),
    duplicateRate: Number(
      (
        (sum((t) => t.duplicates) + sum((t) => t.unexpected)) /
        Math.max(
          1,
          sum((t) => t.messages),
        )
      ).toFixed(5),
    ),
    lostRate: Number(
      (
        sum((t) => t.lostRuns) /
        Math.max(
          1,
          sum((t) => t.runs),
        )
      ).toFixed(5),
    ),
    stateDiffers: sum((t) => t.stateDiffers),
    beyondWindow: sum((t) => t.beyondWindow),
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    perPath,
  };
}
