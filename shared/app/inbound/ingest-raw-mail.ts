import { createHash } from 'node:crypto';
import type { RawMailStore } from '../../domain/ports';
import type { AppContext } from '../context';
import type { IngestResult } from './ingest-result';
import { receiveInboundMail } from './receive-mail';

/** What stands for the SES messageId of a file: the same bytes are the same message, other bytes another. */
export function fileMessageId(raw: Uint8Array): string {
  return `file-${createHash('sha256').update(raw).digest('hex').slice(0, 40)}`;
}

/**
 * The local path of a raw mail (a file, or an SMTP delivery to the local runtime): kept where
 * the function would read it, under its content id, then processed with what SES wrote into
 * its headers (locally there is no SES event to take the verdicts from).
 */
export async function ingestRawMail(
  ctx: AppContext,
  rawStore: RawMailStore,
  raw: Uint8Array,
  now: Date,
): Promise<IngestResult> {
  const messageId = fileMessageId(raw);
  await rawStore.put(messageId, raw);
  return receiveInboundMail(ctx, { messageId, raw, receipt: null, now });
}
