import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { defaultDocumentClient } from '../../shared/adapters/dynamodb/client';
import { defaultS3Client } from '../../shared/adapters/s3/client';
import { S3RawMailStore } from '../../shared/adapters/s3/raw-mail-store';
import { defaultSesClient } from '../../shared/adapters/ses/client';
import type { IngestResult } from '../../shared/app/inbound/ingest-result';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { forInvocation, lambdaContext, optionalEnv, requiredEnv } from '../../shared/app/lambda-context';
import { eventParser } from '../../shared/app/lambda-events';
import {
  type SesInboundEvent,
  SesInboundEventSchema,
  type SesInboundReceipt,
} from '../../shared/app/ses-event';
import type { HeaderVerdicts, Verdict } from '../../shared/domain/mail';
import { createLogger } from '../../shared/logging';
import { addCounts, createMetrics } from '../../shared/metrics';

const SERVICE = 'inbound-mail';
const logger = createLogger(SERVICE);
const metrics = createMetrics(SERVICE, logger);
/** X-Ray in Lambda (active tracing on this function); off anywhere else (tests, CLI, npm start). */
const tracer = new Tracer({ serviceName: SERVICE });
// The module-scope clients the mail's path goes through, as subsegments of the trace.
tracer.captureAWSv3Client(defaultS3Client());
tracer.captureAWSv3Client(defaultSesClient());
tracer.captureAWSv3Client(defaultDocumentClient());
let rawMail: S3RawMailStore | undefined;

/** Verdicts from the SES event's receipt, never from headers inside the mail (a sender can forge those). */
export function receiptVerdicts(receipt: SesInboundReceipt): HeaderVerdicts {
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

/** Each record: read the stored mail by messageId, process it. Errors propagate so Lambda retries. */
async function receiveMail(event: SesInboundEvent, invocation: Context): Promise<IngestResult[]> {
  const ctx = forInvocation(await lambdaContext(SERVICE, logger), invocation);
  rawMail ??= new S3RawMailStore(requiredEnv('RAW_MAIL_BUCKET'), optionalEnv('RAW_MAIL_PREFIX', 'inbound/'));
  const results: IngestResult[] = [];
  for (const record of event.Records) {
    const { messageId } = record.ses.mail;
    const raw = await rawMail.get(messageId);
    results.push(
      await receiveInboundMail(ctx, {
        messageId,
        raw,
        receipt: { verdicts: receiptVerdicts(record.ses.receipt), envelopeSender: record.ses.mail.source },
        now: new Date(),
        whenInFlight: 'retry',
      }),
    );
  }
  // Requests by outcome (accepted, needs-info, rejected, forwarded, duplicate) for the dashboard.
  const counts: Record<string, number> = {};
  for (const r of results) counts[`Requests-${r.outcome}`] = (counts[`Requests-${r.outcome}`] ?? 0) + 1;
  addCounts(metrics, counts);
  // The trace says what became of the mail (no address, no name: the outcome and the kind only).
  for (const r of results) {
    tracer.putAnnotation('outcome', r.outcome);
    tracer.putAnnotation('kind', r.kind);
  }
  return results;
}

/**
 * SES receipt rule Lambda action (after the S3 action stored the raw mail). After the retries
 * of the async invocation a failing event is parked in the DLQ.
 */
export const handler = middy<SesInboundEvent, IngestResult[]>()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(eventParser(SesInboundEventSchema, 'not an SES receipt event'))
  .handler(receiveMail);
