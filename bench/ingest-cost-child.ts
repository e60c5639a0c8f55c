import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { localTable } from '../local/dynamodb-local';
import { FileSecretReader } from '../shared/adapters/secrets/file-secrets';
import { appContext } from '../shared/app/context';
import { receiveInboundMail } from '../shared/app/inbound/receive-mail';
import { parseConfig } from '../shared/config/load';
import { buildMime } from '../shared/domain/mail/compose-mime';
import type { Mailer } from '../shared/domain/ports';

/**
 * One hostile mail through the real inbound use case, in a process of its own so its peak
 * resident memory is the mail's: argv = mail file, config JSON file, DynamoDB endpoint, table
 * name. Prints one JSON line: outcome, reason, ms, baseline and peak RSS (MiB).
 */
const [file, configFile, dynamoEndpoint, tableName] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
/**
 * Builds every answer's raw MIME exactly as SesMailer does (the memory is ours), then drops it:
 * the local SES stand-in needs over 10 s to take a 14 MB message, which says nothing of SES.
 */
let sentBytes = 0;
let sent = 0;
const mailer: Mailer = {
  async send(mail) {
    const messageId = `cost-${process.pid}-${sent++}@bench`;
    sentBytes += (await buildMime(mail, 'accounts@helpdesk.example.org', messageId)).length;
    return { messageId };
  },
};
const config = parseConfig(readFileSync(configFile, 'utf8'));
const db = await localTable(dynamoEndpoint, tableName);
const ctx = appContext({
  config,
  db,
  tableName,
  mailer,
  secrets: new FileSecretReader('/dev/null'),
  logger: new Logger({ logLevel: 'SILENT' }),
});
// Warm up the code paths on a small mail, so the baseline holds the loaded code, not the mail.
const small = readFileSync(new URL('test/fixtures/corpus/a1-fr-benevole.eml', `file://${process.cwd()}/`));
await receiveInboundMail(ctx, {
  messageId: `warm-${process.pid}`,
  raw: small,
  receipt: null,
  now: new Date(),
});
const mib = (kb: number) => Math.round(kb / 1024);
const baselineMiB = mib(process.resourceUsage().maxRSS);
sent = 0;
sentBytes = 0;
const raw = readFileSync(file);
const start = performance.now();
const result = await receiveInboundMail(ctx, {
  messageId: `cost-${process.pid}`,
  raw,
  receipt: null,
  now: new Date('2027-01-10T09:00:00Z'),
});
const ms = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({
    outcome: result.outcome,
    reason: result.reason ?? null,
    ms: Math.round(ms),
    answers: sent,
    answersMiB: Number((sentBytes / 1024 / 1024).toFixed(1)),
    baselineMiB,
    peakMiB: mib(process.resourceUsage().maxRSS),
  })}\n`,
);
