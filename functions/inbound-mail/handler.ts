import type { SESEvent, SESReceipt } from 'aws-lambda';
import { S3RawMailStore } from '../../shared/adapters/s3/raw-mail-store';
import type { IngestResult } from '../../shared/app/inbound/ingest-result';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { lambdaContext, requiredEnv } from '../../shared/app/lambda-context';
import type { HeaderVerdicts, Verdict } from '../../shared/domain/mail';
import { publishCounts } from '../../shared/metrics';

let rawStore: S3RawMailStore | undefined;

/** Verdicts from the SES event's receipt, never from headers inside the mail (a sender can forge those). */
export function receiptVerdicts(receipt: SESReceipt): HeaderVerdicts {
  const v = (status: string | undefined): Verdict =>
    (['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED'].includes(status ?? '') ? status : 'NONE') as Verdict;
  return {
    spam: v(receipt.spamVerdict?.status),
    virus: v(receipt.virusVerdict?.status),
    spf: v(receipt.spfVerdict?.status),
    dkim: v(receipt.dkimVerdict?.status),
    dmarc: v(receipt.dmarcVerdict?.status),
  };
}

/**
 * SES receipt rule Lambda action (after the S3 action stored the raw mail). Thin: read the
 * stored mail by messageId, process it, log the outcome. Errors propagate so Lambda retries
 * (async invoke) and, after the retries, parks the event in the DLQ.
 */
export const handler = async (event: SESEvent): Promise<IngestResult[]> => {
  const ctx = await lambdaContext('inbound-mail');
  rawStore ??= new S3RawMailStore(requiredEnv('RAW_MAIL_BUCKET'), process.env.RAW_MAIL_PREFIX ?? 'inbound/');
  const results: IngestResult[] = [];
  for (const record of event.Records) {
    const { messageId } = record.ses.mail;
    const raw = await rawStore.get(messageId);
    results.push(
      await receiveInboundMail(ctx, {
        messageId,
        raw,
        verdicts: receiptVerdicts(record.ses.receipt),
        now: new Date(),
      }),
    );
  }
  // Requests by outcome (accepted, needs-info, rejected, forwarded, duplicate) for the dashboard.
  const counts: Record<string, number> = {};
  for (const r of results) counts[`Requests-${r.outcome}`] = (counts[`Requests-${r.outcome}`] ?? 0) + 1;
  publishCounts('inbound-mail', counts);
  return results;
};
