import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { createTransport } from 'nodemailer';
import { LOCAL_AWS, localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { startLocalSes } from '../local/ses-local';
import { startSmtpInbound } from '../local/smtp-inbound';
import { FileRawMailStore } from '../shared/adapters/files/raw-mail-store';
import { FileSecretReader } from '../shared/adapters/secrets/file-secrets';
import { createSesClient } from '../shared/adapters/ses/client';
import { SesMailer } from '../shared/adapters/ses/mailer';
import { type AppContext, appContext } from '../shared/app/context';
import { parseConfig } from '../shared/config/load';
import { requestMail } from '../test/support/burst';
import { percentile } from './stats';

/**
 * Issue 6: a burst of 1,000 request mails through the local SMTP listener (10 connections),
 * against DynamoDB Local and the local SES server. Reports p50/p95 per mail (SMTP DATA to 250,
 * which waits for processing), and checks that every mail made one account and two answers.
 */
export async function benchSmtpBurst(count = 1000, connections = 10): Promise<Record<string, unknown>> {
  const [dynamo, ses] = await Promise.all([startDynamoDbLocal(), startLocalSes()]);
  const folder = mkdtempSync(join(tmpdir(), 'alma-burst-'));
  const db = await localTable(dynamo.endpoint, 'bench-burst');
  const config = parseConfig(
    JSON.stringify({
      mailbox: 'accounts@helpdesk.example.org',
      helpdesk: 'helpdesk@helpdesk.example.org',
      institutions: [
        { code: 'LIB-A', name: 'A', language: 'fr', managers: ['anne.dubois@lib-a.example'] },
        { code: 'LIB-B', name: 'B', language: 'nl', managers: ['koen.maes@lib-b.example'] },
      ],
    }),
  );
  const ctx: AppContext = {
    ...appContext({
      config,
      db,
      tableName: 'bench-burst',
      mailer: new SesMailer(createSesClient({ endpoint: ses.endpoint, ...LOCAL_AWS }), config.mailbox),
      secrets: new FileSecretReader(join(folder, 'secrets.json')),
      logger: new Logger({ logLevel: 'SILENT' }),
    }),
  };
  const outcomes: Record<string, number> = {};
  const processing: number[] = [];
  const smtp = await startSmtpInbound(ctx, new FileRawMailStore(folder), 0, (r, ms) => {
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    processing.push(ms);
  });
  const transport = createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
    ignoreTLS: true,
  });
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: count }, async (_, n) => {
        const t = performance.now();
        try {
          await transport.sendMail({
            envelope: { from: 'x@lib.example', to: [config.mailbox] },
            raw: requestMail(n),
          });
          latencies.push(performance.now() - t);
        } catch {
          refused++;
        }
      }),
    );
    const wallMs = performance.now() - started;
    const accounts =
      (await ctx.accounts.listByInstitution('LIB-A')).items.length +
      (await ctx.accounts.listByInstitution('LIB-B')).items.length;
    const sent = ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: unknown[] }).emails
      .length;
    const pct = (p: number, list = latencies) => Number(percentile(list, p).toFixed(1));
    return {
      name: 'smtp-burst',
      mails: count,
      connections,
      processed: latencies.length,
      refused,
      outcomes,
      accountsCreated: accounts,
      answersSent: sent,
      noneLostOrDuplicated: accounts === count && sent === 2 * count && outcomes.accepted === count,
      // Processing of one mail by the listener (received → stored, applied, answered).
      processingP50Ms: pct(50, processing),
      processingP95Ms: pct(95, processing),
      // As the senders see it: all 1,000 handed over at once, so mostly time queued behind the others.
      senderP50Ms: pct(50),
      senderP95Ms: pct(95),
      wallMs: Math.round(wallMs),
      mailsPerSecond: Number((count / (wallMs / 1000)).toFixed(1)),
    };
  } finally {
    transport.close();
    await smtp.stop();
    await Promise.all([dynamo.stop(), ses.stop()]);
    rmSync(folder, { recursive: true, force: true });
  }
}
