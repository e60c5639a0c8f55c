import { parseRawMail } from '../../domain/mail';
import type { RawMailStore } from '../../domain/ports';
import type { AppContext } from '../context';
import type { IngestResult } from './ingest-result';
import { receiveInboundMail } from './receive-mail';

/**
 * The local path of a raw mail (a file, or an SMTP delivery to the local runtime): kept where
 * the function would read it, keyed by its Message-ID, then processed with the verdicts SES wrote
 * into its headers (locally there is no SES event to take them from).
 */
export async function ingestRawMail(
  ctx: AppContext,
  rawStore: RawMailStore,
  raw: Uint8Array,
  now: Date,
): Promise<IngestResult> {
  const headerOnly = await parseRawMail(raw.subarray(0, Math.min(raw.length, 64 * 1024)));
  const messageId = headerOnly.messageId;
  await rawStore.put(messageId, raw);
  return receiveInboundMail(ctx, { messageId, raw, verdicts: null, now });
}
