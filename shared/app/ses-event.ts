import * as z from 'zod/mini';

/*
 * The SES receipt-rule Lambda event: Powertools' SesSchema (parser/schemas/ses) field for field,
 * loosened where SES leaves fields out: `dmarcPolicy` comes only when DMARC fails (AWS's own
 * sample event has none), and `commonHeaders` lists only the headers the mail has (no Subject,
 * no Message-ID, an empty Return-Path). Written in zod/mini rather than extending Powertools'
 * schema because that one is built with full zod: 424 KiB more bundle and ~50 ms more cold
 * start for the inbound function (bench `function-bundles`). A test checks that both schemas
 * read an event alike.
 */

const verdict = z.object({ status: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED']) });
const strings = z.array(z.string());

const receipt = z.object({
  timestamp: z.iso.datetime(),
  processingTimeMillis: z.number().check(z.int(), z.positive()),
  recipients: strings,
  spamVerdict: verdict,
  virusVerdict: verdict,
  spfVerdict: verdict,
  dmarcVerdict: verdict,
  dkimVerdict: verdict,
  dmarcPolicy: z.optional(z.enum(['none', 'quarantine', 'reject'])),
  action: z.object({
    type: z.enum(['Lambda']),
    invocationType: z.literal('Event'),
    functionArn: z.string(),
  }),
});

const mail = z.object({
  timestamp: z.iso.datetime(),
  source: z.string(),
  messageId: z.string(),
  destination: strings,
  headersTruncated: z.boolean(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  commonHeaders: z.partial(
    z.object({
      from: strings,
      to: strings,
      cc: strings,
      bcc: strings,
      sender: strings,
      'reply-to': strings,
      returnPath: z.string(),
      messageId: z.string(),
      date: z.string(),
      subject: z.string(),
    }),
  ),
});

export const SesInboundEventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:ses'),
        eventVersion: z.string(),
        ses: z.object({ mail, receipt }),
      }),
    )
    .check(z.minLength(1)),
});

export type SesInboundEvent = z.infer<typeof SesInboundEventSchema>;
export type SesInboundReceipt = SesInboundEvent['Records'][number]['ses']['receipt'];
