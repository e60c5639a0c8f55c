import { SesRecordSchema, SesSchema } from '@aws-lambda-powertools/parser/schemas/ses';
import type { z } from 'zod';

const { ses } = SesRecordSchema.shape;
const { mail, receipt } = ses.shape;

/**
 * The SES receipt-rule Lambda event, as Powertools' SesSchema describes it, loosened where SES
 * leaves fields out: `dmarcPolicy` comes only when DMARC fails (AWS's own sample event has
 * none), and `commonHeaders` lists only the headers the mail has (no Subject, no Message-ID, an
 * empty Return-Path). The function reads `mail.messageId` and the receipt's verdicts.
 */
export const SesInboundEventSchema = SesSchema.extend({
  Records: SesRecordSchema.extend({
    ses: ses.extend({
      mail: mail.extend({ commonHeaders: mail.shape.commonHeaders.partial() }),
      receipt: receipt.extend({ dmarcPolicy: receipt.shape.dmarcPolicy.optional() }),
    }),
  }).array(),
});

export type SesInboundEvent = z.infer<typeof SesInboundEventSchema>;
export type SesInboundReceipt = SesInboundEvent['Records'][number]['ses']['receipt'];
