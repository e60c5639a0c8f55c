import { once } from 'node:events';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { type MimeNode, Splitter } from '@zone-eu/mailsplit';

export interface MailCostLimits {
  maxMailBytes: number;
  maxMailLines: number;
  maxMimeParts: number;
  maxTextLines: number;
}

/**
 * Transfer encodings postal-mime decodes in chunks. Any other (7bit, 8bit, binary, none, unknown)
 * is kept line by line until the part ends: about 2 KB of memory a line (bench ingest-cost).
 */
const CHUNKED_ENCODINGS = new Set(['base64', 'quoted-printable']);

/**
 * A forward of a forward of a forward: the deepest message inside a message that is read. The
 * parser reads each nested message whole (decoded, then parsed again), so deeper ones are refused.
 */
export const MAX_NESTED_MESSAGES = 3;

function countLines(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  return lines;
}

/** Stops the count as soon as one bound is passed: the rest of the mail is never decoded. */
class CostBoundError extends Error {}

/** What the whole MIME tree costs, nested messages included, counted while it is walked. */
interface Tally {
  /** Lines the parser reads: the mail's own, and the decoded lines of every nested message. */
  lines: number;
  parts: number;
  textLines: number;
}

function check(tally: Tally, limits: MailCostLimits): void {
  if (tally.lines > limits.maxMailLines) throw new CostBoundError('too many lines');
  if (tally.parts > limits.maxMimeParts) throw new CostBoundError('too many MIME parts');
  if (tally.textLines > limits.maxTextLines) throw new CostBoundError('too many lines of text');
}

/** Counts the decoded lines of a nested message on their way to its splitter. */
function lineCounter(tally: Tally, limits: MailCostLimits): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      tally.lines += countLines(chunk);
      try {
        check(tally, limits);
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/**
 * A part postal-mime reads as a mail of its own: message/rfc822 (inline, it is parsed in place;
 * attached, parse-mime reads the forwarded text), or a part of a multipart/digest without a
 * Content-Type, which is message/rfc822 by default (RFC 2046 5.1.5) though mailsplit says text/plain.
 */
function isNestedMessage(node: MimeNode): boolean {
  if (node.contentType === 'message/rfc822') return true;
  const parent = node.parentNode;
  return Boolean(
    parent && parent.multipart === 'digest' && node.headers && !node.headers.get('content-type').length,
  );
}

/** How many messages enclose this node: those walked (depth) and those mailsplit entered itself (7bit inline). */
function nestingOf(node: MimeNode, depth: number): number {
  let nesting = depth;
  for (let parent = node.parentNode; parent; parent = parent.parentNode) if (parent.messageNode) nesting++;
  return nesting;
}

/**
 * Walks one message's MIME tree with mailsplit (streaming), counting its parts and the lines
 * of its unencoded parts; a nested message's body is decoded as it streams by (libbase64,
 * libqp: mailsplit's own decoders) into a walk of its own, one level deeper.
 */
async function walk(source: Readable, depth: number, tally: Tally, limits: MailCostLimits): Promise<void> {
  const splitter = new Splitter({ maxChildNodes: limits.maxMimeParts });
  let lineByLine = true;
  let nested: { decoder: Transform; walked: Promise<void> } | null = null;
  const closeNested = async () => {
    if (!nested) return;
    const { decoder, walked } = nested;
    nested = null;
    decoder.end();
    await walked;
  };
  try {
    for await (const chunk of pipeline(source, splitter, () => {})) {
      if (chunk.type === 'node') {
        await closeNested();
        tally.parts++;
        const encodings = chunk.headers ? chunk.headers.get('content-transfer-encoding').length : 0;
        // Two encodings may be read differently by the parser: counted as the costly one.
        lineByLine = encodings > 1 || !CHUNKED_ENCODINGS.has(chunk.encoding || '');
        const nesting = nestingOf(chunk, depth);
        if (chunk.messageNode && nesting >= MAX_NESTED_MESSAGES)
          throw new CostBoundError('messages nested too deep');
        if (!chunk.messageNode && isNestedMessage(chunk)) {
          if (nesting >= MAX_NESTED_MESSAGES) throw new CostBoundError('messages nested too deep');
          const decoder = chunk.getDecoder() as Transform;
          const walked = walk(
            pipeline(decoder, lineCounter(tally, limits), () => {}),
            nesting + 1,
            tally,
            limits,
          );
          // Awaited when the part ends or a write waits; never an unhandled rejection meanwhile.
          walked.catch(() => {});
          nested = { decoder, walked };
        }
      } else {
        if (chunk.type === 'data' || lineByLine) tally.textLines += countLines(chunk.value);
        if (chunk.type === 'body' && nested && !nested.decoder.write(chunk.value))
          await Promise.race([once(nested.decoder, 'drain'), nested.walked]);
      }
      check(tally, limits);
    }
    await closeNested();
  } finally {
    (nested as { decoder: Transform } | null)?.decoder.destroy();
  }
}

/**
 * Why a mail is too costly to read, from a count over its bytes before it is parsed: a million
 * short lines, thousands of parts or megabytes of unencoded text cost far more memory and time
 * than their size says. The MIME tree is walked by mailsplit (streaming, a few MiB whatever the
 * mail), so text lines are counted per part by the part's own transfer encoding; a nested
 * message (message/rfc822, base64 or quoted-printable or not, inline or attached) is decoded in
 * a stream and counted the same way, its lines and parts added to the mail's, up to
 * MAX_NESTED_MESSAGES deep. The count stops at the first bound passed.
 */
export async function mailCostProblem(raw: Uint8Array, limits: MailCostLimits): Promise<string | null> {
  if (raw.length > limits.maxMailBytes) return 'too-large: bytes';
  const tally: Tally = { lines: countLines(raw), parts: 0, textLines: 0 };
  if (tally.lines > limits.maxMailLines) return 'too-large: too many lines';
  try {
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    await walk(Readable.from([bytes]), 0, tally, limits);
  } catch (error) {
    // mailsplit stops at more child nodes than allowed, or a part's header block over 1 MiB.
    const message = (error as Error).message ?? '';
    if (error instanceof CostBoundError) return `too-large: ${message}`;
    return /child nodes/i.test(message) ? 'too-large: too many MIME parts' : `too-large: ${message}`;
  }
  return null;
}
