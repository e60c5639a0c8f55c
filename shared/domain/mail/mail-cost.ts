import { Readable } from 'node:stream';
import { Splitter } from '@zone-eu/mailsplit';

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

function countLines(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  return lines;
}

/**
 * Why a mail is too costly to read, from a count over its bytes before it is parsed: a million
 * short lines, thousands of parts or megabytes of unencoded text cost far more memory and time
 * than their size says. The MIME tree is walked by mailsplit (streaming, a few MiB whatever the
 * mail), so text lines are counted per part by the part's own transfer encoding.
 */
export async function mailCostProblem(raw: Uint8Array, limits: MailCostLimits): Promise<string | null> {
  if (raw.length > limits.maxMailBytes) return 'too-large: bytes';
  if (countLines(raw) > limits.maxMailLines) return 'too-large: too many lines';
  let parts = 0;
  let textLines = 0;
  let lineByLine = true;
  const splitter = new Splitter({ maxChildNodes: limits.maxMimeParts });
  try {
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    for await (const chunk of Readable.from([bytes]).pipe(splitter)) {
      if (chunk.type === 'node') {
        parts++;
        const encodings = chunk.headers ? chunk.headers.get('content-transfer-encoding').length : 0;
        // Two encodings may be read differently by the parser: counted as the costly one.
        lineByLine = encodings > 1 || !CHUNKED_ENCODINGS.has(chunk.encoding || '');
      } else if (chunk.type === 'data' || lineByLine) {
        textLines += countLines(chunk.value);
      }
    }
  } catch (error) {
    // mailsplit stops at more child nodes than allowed, or a part's header block over 1 MiB.
    const message = (error as Error).message ?? '';
    return /child nodes/i.test(message) ? 'too-large: too many MIME parts' : `too-large: ${message}`;
  }
  if (parts > limits.maxMimeParts) return 'too-large: too many MIME parts';
  if (textLines > limits.maxTextLines) return 'too-large: too many lines of text';
  return null;
}
