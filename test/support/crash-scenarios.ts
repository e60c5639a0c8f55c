import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { LOCAL_AWS, localTable } from '../../local/dynamodb-local';
import type { StatusReplayServer } from '../../local/status-replay-server';
import { FileSecretReader } from '../../shared/adapters/secrets/file-secrets';
import { createSesClient } from '../../shared/adapters/ses/client';
import { SesMailer } from '../../shared/adapters/ses/mailer';
import { type AppContext, appContext, DECISION_LINK_KEY_SECRET } from '../../shared/app/context';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { runStatusCheck } from '../../shared/app/monitor/status-check';
import { runNoticeJob, scheduledInstant } from '../../shared/app/notices/run-notice-job';
import { parseConfig } from '../../shared/config/load';
import { addDays, type CalendarDate } from '../../shared/domain/calendar';
import type { IngestResult } from '../../shared/domain/requests';
import { anAccount, createdEvent } from './accounts';
import { CrashHarness, type CrashPoint, type RunRecord, untilDone } from './crash-harness';

/**
 * The crash-anywhere runs shared by the property test and `npm run bench -- crash`: inbound
 * mail, a week of expiry notices, a monitor outage. Each run happens twice, once without
 * crashes and once dying at the given SDK calls with Lambda's retries; `compareRuns` says what
 * the crashed run lost, sent twice or got wrong.
 */

export interface LocalServices {
  dynamoEndpoint: string;
  sesEndpoint: string;
}

/** What a run left: the messages SES accepted (normalized) and the stored state (normalized). */
export interface RunResult {
  mails: string[];
  state: unknown;
  crashes: number;
  /** Messages SES accepted in attempts that then died (before they could be marked): may repeat. */
  afterSesAccepted: number;
  /** Invocations that never succeeded (inbound: the mail parked for good). */
  unfinished: number;
  /** Entries of `mails` one message accounts for at most (1 unless mails are split per delivery). */
  entriesPerMessage?: number;
}

export interface Comparison {
  lost: number;
  duplicates: number;
  unexpected: number;
  /**
   * The most entries a crashed run may repeat: only a crash between SES accepting a message and
   * its mark may repeat it, once per such crash.
   */
  allowedRepeats: number;
  stateDiffers: boolean;
}

let worlds = 0;
/** The tables of the worlds made so far, until dropWorlds. */
const worldTables: string[] = [];

/**
 * Deletes the tables of the runs so far: thousands of tables left in one DynamoDB Local slow
 * every later run down (the bench's 10,000 runs).
 */
export async function dropWorlds(services: LocalServices): Promise<void> {
  const client = new DynamoDBClient({ endpoint: services.dynamoEndpoint, ...LOCAL_AWS });
  try {
    for (const TableName of worldTables.splice(0)) await client.send(new DeleteTableCommand({ TableName }));
  } finally {
    client.destroy();
  }
}
const letters = (n: number) => {
  let s = '';
  for (let k = n + 26 * 26; k > 0; k = Math.floor(k / 26)) s = String.fromCharCode(97 + (k % 26)) + s;
  return s;
};

/** A fresh table with its own watched clients, the SES mailer over them. */
async function world(services: LocalServices, config: ReturnType<typeof parseConfig>) {
  const tableName = `crash-${process.pid}-${Date.now()}-${worlds}`;
  worldTables.push(tableName);
  // Letters only (names take no digits), never found in the texts it is normalized out of.
  const tag = `zq${letters(worlds++)}`;
  const harness = new CrashHarness();
  const db = harness.watch(await localTable(services.dynamoEndpoint, tableName));
  const ses = harness.watch(createSesClient({ endpoint: services.sesEndpoint, ...LOCAL_AWS }));
  const ctx: AppContext = {
    ...appContext({
      config,
      db,
      tableName,
      mailer: new SesMailer(ses, config.mailbox),
      secrets: new FileSecretReader(`/tmp/alma-crash-${process.pid}.json`, [DECISION_LINK_KEY_SECRET]),
      logger: new Logger({ logLevel: 'SILENT' }),
    }),
    // The retry comes once the crashed attempt's Lambda timeout has passed: its in-progress
    // record has expired by then (Powertools sets it to now + the remaining time).
    remainingTimeMs: () => 1,
  };
  return { ctx, harness, tag };
}

interface StoredMail {
  destination: { to: string[]; cc: string[] };
  subject: string;
  body?: { text?: string };
}
async function sesMails(services: LocalServices): Promise<StoredMail[]> {
  const response = await fetch(`${services.sesEndpoint}/store`);
  return ((await response.json()) as { emails: StoredMail[] }).emails;
}
const addresses = (m: StoredMail) =>
  [...m.destination.to, ...m.destination.cc].flatMap((e) => e.split(',').map((a) => a.trim()));

function accumulate(result: RunResult, record: RunRecord<unknown>) {
  result.crashes += record.crashes.length;
  result.afterSesAccepted += record.afterSesAccepted;
  if (record.value === undefined) result.unfinished++;
}

// ---- inbound

const corpus = new URL('../fixtures/corpus/', import.meta.url);
const a2 = readFileSync(new URL('a2-nl-tijdelijk.eml', corpus), 'utf8');
const a3 = readFileSync(new URL('a3-en-missing-end.eml', corpus), 'utf8');
const INBOUND_NOW = new Date('2027-01-10T10:00:00+01:00');

export const inboundConfig = () =>
  parseConfig(
    JSON.stringify({
      mailbox: 'accounts@helpdesk.example.org',
      helpdesk: 'helpdesk@crash.example',
      trainingCoordinators: ['training@crash.example'],
      institutions: [
        {
          code: 'LIB-B',
          name: 'Library B',
          language: 'nl',
          managers: ['koen.maes@lib-b.example'],
          senderDomains: ['lib-b.example'],
        },
      ],
    }),
  );

export interface InboundShape {
  /** A request missing its end date, then the manager's reply completing it. */
  pending: boolean;
  /** SES delivers the first mail once more after it was handled. */
  redeliver: boolean;
}

function reply(tag: string, reference: string) {
  return [
    'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass',
    'From: Koen Maes <koen.maes@lib-b.example>',
    'To: accounts@helpdesk.example.org',
    `Subject: Re: ${reference} New Alma account: information needed`,
    `Message-ID: <reply-${tag}@lib-b.example>`,
    `In-Reply-To: <a3-${tag}@lib-b.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'End date: 30/06/2027',
  ].join('\r\n');
}

/**
 * A new temporary account (three answers), optionally a pending request and its completing
 * reply, optionally a late second delivery; each mail retried until it is handled.
 */
export async function inboundRun(
  services: LocalServices,
  shape: InboundShape,
  crashes: readonly CrashPoint[],
): Promise<RunResult> {
  const { ctx, harness, tag } = await world(services, inboundConfig());
  const result: RunResult = { mails: [], state: {}, crashes: 0, afterSesAccepted: 0, unfinished: 0 };
  let left = [...crashes];
  const deliver = async (messageId: string, raw: string, minutes: number, redelivery = false) => {
    const record = await untilDone(
      harness,
      (attempt) =>
        receiveInboundMail(ctx, {
          messageId,
          raw: Buffer.from(raw),
          receipt: null,
          now: new Date(INBOUND_NOW.getTime() + (minutes + attempt) * 60_000),
          whenInFlight: 'retry',
        }),
      left,
    );
    left = left.slice(record.attempts);
    accumulate(result, record);
    const value = record.value as IngestResult | undefined;
    // The decided outcome, as recorded: a retry after the attempt that finished the work died
    // (its answer lost) rightly returns `duplicate`, having nothing left to do.
    const decided = (await ctx.requests.getPlan(messageId))?.plan.result.outcome;
    return value && decided && value.outcome === 'duplicate' && record.crashes.length && !redelivery
      ? { ...value, outcome: decided }
      : value;
  };
  const name = tag.charAt(0).toUpperCase() + tag.slice(1);
  const newAccount = a2
    .replace('Lotte Wouters', `Lotte ${name}`)
    .replace('lotte.wouters@', `lotte.${tag}@`)
    .replace('<a2-nl-tijdelijk@', `<a2-${tag}@`);
  const outcomes: (string | undefined)[] = [];
  const references: string[] = [];
  const first = await deliver(`ses-a2-${tag}`, newAccount, 0);
  outcomes.push(first?.outcome);
  if (first?.reference) references.push(first.reference);
  if (shape.pending) {
    const pending = a3
      .replace('Sam Peters', `Sam ${name}`)
      .replace('sam.peters@', `sam.${tag}@`)
      .replace('<a3-en-missing-end@', `<a3-${tag}@`);
    const asked = await deliver(`ses-a3-${tag}`, pending, 10);
    outcomes.push(asked?.outcome);
    if (asked?.reference) {
      references.push(asked.reference);
      outcomes.push((await deliver(`ses-reply-${tag}`, reply(tag, asked.reference), 60))?.outcome);
    }
  }
  if (shape.redeliver) outcomes.push((await deliver(`ses-a2-${tag}`, newAccount, 120, true))?.outcome);

  const normalize = (text: string) =>
    references
      .reduce((s, r, i) => s.replaceAll(r, `REF${i}`), text)
      .replaceAll(tag, 'TAG')
      .replaceAll(name, 'Name');
  result.mails = (await sesMails(services))
    .filter((m) => references.some((r) => m.subject.includes(r)))
    .map((m) => normalize(`${m.destination.to.join(',')} | ${m.destination.cc.join(',')} | ${m.subject}`));
  const people = [`lotte.${tag}@lib-b.example`, ...(shape.pending ? [`sam.${tag}@lib-b.example`] : [])];
  const accounts = [];
  for (const email of people)
    for (const a of await ctx.accounts.findByEmail(email))
      accounts.push({
        email: normalize(a.email),
        status: a.status,
        endDate: a.endDate,
        employeeType: a.employeeType,
        history: (await ctx.accounts.history(a.id)).map((e) => e.action),
      });
  const requests = [];
  for (const reference of references.slice(1)) {
    const r = await ctx.requests.getRequest(reference);
    requests.push({ status: r?.status, messages: r?.messageIds.length });
  }
  result.state = { outcomes, accounts, requests };
  return result;
}

// ---- a week of expiry notices

const WEEK_START = '2031-03-01' as CalendarDate;
/** Days of a notice week that draw crash points; a crash-free day follows them. */
const NOTICE_DAYS = 8;

export const noticesConfig = () =>
  parseConfig(
    JSON.stringify({
      mailbox: 'accounts@crash.example',
      helpdesk: 'helpdesk@crash.example',
      institutions: [
        { code: 'LIB-A', name: 'Library A', language: 'en', managers: ['manager@crash.example'] },
      ],
    }),
  );

/**
 * Expiry notices every day of a week, each day's run retried by Lambda at +60 s and +120 s, then
 * left to the next day; `crashes[d]` are the crash points of day d's attempts (8 days). Then one
 * crash-free day catches up: a claim a dead attempt holds on the last crashed day is taken over
 * only the next day (its lease outlives the retries), as in production.
 */
export async function noticesRun(
  services: LocalServices,
  crashes: readonly (readonly CrashPoint[])[],
): Promise<RunResult> {
  const { ctx, harness, tag } = await world(services, noticesConfig());
  const result: RunResult = { mails: [], state: {}, crashes: 0, afterSesAccepted: 0, unfinished: 0 };
  const ends: [string, string][] = [
    ['2031-03-31', 'one'], // 30 days ahead on the first day
    ['2031-03-31', 'one'], // the same supervisor the same day: one digest
    ['2031-03-10', 'two'], // 7 days ahead on 3 March
    ['2031-03-03', 'two'], // ends on 3 March: expired on the 4th
    ['2031-04-05', 'three'], // 30 days ahead on 6 March
  ];
  const ids: string[] = [];
  for (const [i, [end, supervisor]] of ends.entries()) {
    const account = anAccount({
      fullName: `Person ${['One', 'Two', 'Three', 'Four', 'Five'][i]}`,
      email: `p${i}.${tag}@crash.example`,
      supervisorEmail: `boss-${supervisor}.${tag}@crash.example`,
      endDate: end as CalendarDate,
      missionEndDate: null,
      createdAt: '2031-01-05T09:00:00.000Z',
      updatedAt: '2031-01-05T09:00:00.000Z',
    });
    await ctx.accounts.create(account, createdEvent(account));
    ids.push(account.id);
  }
  for (let day = 0; day < NOTICE_DAYS + 1; day++) {
    const at = scheduledInstant('expiry-notices', addDays(WEEK_START, day));
    const record = await untilDone(
      harness,
      () => runNoticeJob('expiry-notices', ctx, at),
      crashes[day] ?? [],
      3,
    );
    result.crashes += record.crashes.length;
    result.afterSesAccepted += record.afterSesAccepted;
  }
  // Compared per delivery (recipient, account): after a crash the same notices may be grouped
  // into other messages (what a dead attempt still held goes out later, in a message of its own).
  let entriesPerMessage = 1;
  result.mails = (await sesMails(services))
    .filter((m) => `${addresses(m).join(',')} ${m.body?.text ?? ''}`.includes(`.${tag}@`))
    .flatMap((m) => {
      const names = [...new Set(`${m.subject}\n${m.body?.text ?? ''}`.match(/Person [A-Z][a-z]+/g) ?? [])];
      const entries = addresses(m).flatMap((r) => names.map((n) => `${r.replaceAll(tag, 'TAG')} | ${n}`));
      entriesPerMessage = Math.max(entriesPerMessage, entries.length);
      return entries;
    });
  result.entriesPerMessage = entriesPerMessage;
  const statuses = [];
  for (const id of ids) statuses.push((await ctx.accounts.get(id))?.status);
  result.state = { statuses };
  return result;
}

// ---- a monitor outage

const MONITOR_T0 = Date.parse('2027-03-10T08:00:00Z');
const CHECKS = 32; // every 5 minutes: down until 130, back from 135, to 155
const EU02 = 'Alma EU02 - Production';

export const monitorConfig = (server: StatusReplayServer, alerts: string) =>
  parseConfig(
    JSON.stringify({
      mailbox: 'accounts@crash.example',
      helpdesk: alerts,
      alerts: { recipients: [alerts], operators: [alerts], language: 'en' },
      institutions: [
        { code: 'LIB-A', name: 'Library A', language: 'fr', managers: ['anne.dubois@lib-a.example'] },
      ],
      monitor: {
        environments: [{ name: EU02, source: { kind: 'status-page', url: `${server.url}/` } }],
        timeoutMs: 1500,
      },
    }),
  );

/**
 * An outage over 32 checks 5 minutes apart, each check retried by Lambda at +60 s and +120 s.
 * `crashes[k]` are the crash points of check k's attempts. The replay server is this run's
 * alone while it runs.
 */
export async function monitorRun(
  services: LocalServices,
  server: StatusReplayServer,
  crashes: readonly (readonly CrashPoint[])[],
): Promise<RunResult> {
  const alerts = `alerts-${process.pid}-${worlds}@crash.example`;
  const { ctx, harness } = await world(services, monitorConfig(server, alerts));
  const result: RunResult = { mails: [], state: {}, crashes: 0, afterSesAccepted: 0, unfinished: 0 };
  for (let check = 0; check < CHECKS; check++) {
    server.setScenario(check * 5 < 135 ? 'outage' : 'operational');
    const at = MONITOR_T0 + check * 5 * 60_000;
    const record = await untilDone(
      harness,
      (attempt) => runStatusCheck(ctx, new Date(at + [0, 60, 180][attempt]! * 1000)),
      crashes[check] ?? [],
      3,
    );
    result.crashes += record.crashes.length;
    result.afterSesAccepted += record.afterSesAccepted;
  }
  result.mails = (await sesMails(services))
    .filter((m) => addresses(m).includes(alerts))
    // The retries move times by a minute or two: compare what the mail is, not its minutes.
    .map((m) => m.subject.replace(/\d+/g, '#'));
  const states = [];
  for (const id of [`env:${EU02}`, 'inst:LIB-A']) {
    const s = await ctx.monitor.getState(id);
    states.push({ id, verdict: s?.verdict });
  }
  result.state = { states };
  return result;
}

// ---- random crash points (the property test and the bench draw the same shapes)

/** A crash at one of the first `calls` SDK calls of an attempt, before it is sent or after it landed. */
export const crashPoint = (calls: number) =>
  fc.record({ call: fc.integer({ min: 1, max: calls }), landed: fc.boolean() }) as fc.Arbitrary<CrashPoint>;
/** Crash points for each of the NOTICE_DAYS days of a notice week (a notice run makes 5–17 SDK calls). */
export const noticeWeekCrashes = fc.array(fc.array(crashPoint(15), { maxLength: 2 }), {
  minLength: NOTICE_DAYS,
  maxLength: NOTICE_DAYS,
});
/** Crash points for each of the 32 checks of a monitor outage. */
export const outageCrashes = (perCheck: number) =>
  fc.array(fc.array(crashPoint(12), { maxLength: perCheck }), { minLength: 32, maxLength: 32 });

// ---- comparison

/** The crashed run against the crash-free one. */
export function compareRuns(clean: RunResult, crashed: RunResult): Comparison {
  const count = (mails: string[]) => {
    const m = new Map<string, number>();
    for (const k of mails) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const want = count(clean.mails);
  const got = count(crashed.mails);
  let lost = 0;
  let duplicates = 0;
  let unexpected = 0;
  for (const [k, n] of want) lost += Math.max(0, n - (got.get(k) ?? 0));
  for (const [k, n] of got) {
    const expected = want.get(k) ?? 0;
    if (expected === 0) unexpected += n;
    else duplicates += Math.max(0, n - expected);
  }
  return {
    lost: lost + crashed.unfinished,
    duplicates,
    unexpected,
    allowedRepeats: crashed.afterSesAccepted * (crashed.entriesPerMessage ?? 1),
    stateDiffers: JSON.stringify(clean.state) !== JSON.stringify(crashed.state),
  };
}
