import { readdirSync, readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { LOCAL_AWS, localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { startLocalSes } from '../local/ses-local';
import { FileSecretReader } from '../shared/adapters/secrets/file-secrets';
import { createSesClient } from '../shared/adapters/ses/client';
import { SesMailer } from '../shared/adapters/ses/mailer';
import { type AppContext, appContext } from '../shared/app/context';
import { receiveInboundMail } from '../shared/app/inbound/receive-mail';
import { parseConfig } from '../shared/config/load';
import { percentile } from './stats';

/**
 * Issue 3: ingest latency per mail (p50/p95) for the corpus plus the hand-written fixtures,
 * through the real use case against DynamoDB Local and the local SES server. Each mail is
 * delivered under a fresh messageId so every run does the full work. Target p95 ≤ 50 ms.
 */
export async function benchIngestLatency(rounds = 5): Promise<Record<string, unknown>> {
  const corpusDir = new URL('../test/fixtures/corpus/', import.meta.url);
  const corpus = JSON.parse(readFileSync(new URL('expected.json', corpusDir), 'utf8'));
  const fixturesDir = new URL('../test/fixtures/mail/', import.meta.url);
  const mails: Uint8Array[] = [
    ...corpus.cases.map((c: { file: string }) => readFileSync(new URL(c.file, corpusDir))),
    ...readdirSync(fixturesDir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(new URL(f, fixturesDir))),
  ];
  const [dynamo, ses] = await Promise.all([startDynamoDbLocal(), startLocalSes()]);
  const db = await localTable(dynamo.endpoint, 'bench-ingest');
  const config = parseConfig(
    JSON.stringify({
      mailbox: corpus.mailbox,
      helpdesk: 'helpdesk@helpdesk.example.org',
      trainingCoordinators: ['training@helpdesk.example.org'],
      institutions: corpus.institutions,
    }),
  );
  const ctx: AppContext = {
    ...appContext({
      config,
      db,
      tableName: 'bench-ingest',
      mailer: new SesMailer(createSesClient({ endpoint: ses.endpoint, ...LOCAL_AWS }), config.mailbox),
      secrets: new FileSecretReader('/dev/null'),
      logger: new Logger({ logLevel: 'SILENT' }),
    }),
  };
  const times: number[] = [];
  const outcomes: Record<string, number> = {};
  try {
    for (let round = 0; round < rounds + 1; round++) {
      // Each round at a later date, so new-account requests do not collide with the last round's accounts.
      const now = new Date(Date.UTC(2027, 0, 10 + round, 9));
      for (const [i, mail] of mails.entries()) {
        const text = Buffer.from(mail)
          .toString('latin1')
          .replace(/@(lib-[ab]\.example|mail\.example)/g, `+r${round}@$1`);
        const start = performance.now();
        const result = await receiveInboundMail(ctx, {
          messageId: `bench-${round}-${i}`,
          raw: Buffer.from(text, 'latin1'),
          receipt: null,
          now,
        });
        const ms = performance.now() - start;
        if (round > 0) {
          times.push(ms);
          outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        }
      }
    }
  } finally {
    await Promise.all([dynamo.stop(), ses.stop()]);
  }
  return {
    name: 'ingest-latency',
    mails: times.length,
    distinctMails: mails.length,
    outcomes,
    p50Ms: Number(percentile(times, 50).toFixed(2)),
    p95Ms: Number(percentile(times, 95).toFixed(2)),
    maxMs: Number(percentile(times, 100).toFixed(2)),
    targetMet: Number(percentile(times, 95).toFixed(2)) <= 50,
  };
}
