import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

/**
 * Transcripts: every message kind the suite writes, rendered from fixed scenarios into committed
 * text files under test/transcripts/, so a change of wording shows in review (test/transcripts/README.md).
 * `UPDATE_TRANSCRIPTS=1` rewrites the files; otherwise the test compares and fails with a diff.
 */
export const TRANSCRIPTS_DIR = join(import.meta.dirname, '..', 'transcripts');
const UPDATE = process.env.UPDATE_TRANSCRIPTS === '1';

export interface TranscriptMail {
  to?: readonly string[];
  cc?: readonly string[];
  replyTo?: readonly string[];
  subject: string;
  text: string;
}

/**
 * What cannot be fixed by the scenario is replaced by a placeholder, so a run writes the same bytes:
 * signed decision/approval tokens (`?t=…`), request references, account ids and measured latencies
 * are masked by these regexes.
 */
export const PLACEHOLDERS: readonly [RegExp, string][] = [
  [/([?&]t=)[A-Za-z0-9_.~-]+/g, '$1<token>'],
  [/\b(REQ-\d{4}-)[0-9A-Z]{8}\b/g, '$1<ref>'],
  [/\bACC-[A-Z0-9]{6,}\b/g, 'ACC-<id>'],
  // A probe's measured latency ("HTTP 200, 12 ms"): the one figure of a real run that differs every time.
  [/\b\d+ ms\b/g, '<n> ms'],
];

export function maskVariable(text: string): string {
  return PLACEHOLDERS.reduce((out, [pattern, placeholder]) => out.replace(pattern, placeholder), text);
}

/** `To:`, `Cc:`, `Reply-To:` (where the scenario knows them), `Subject:`, a blank line, the text body. */
export function transcriptOf(mail: TranscriptMail): string {
  const head = [
    mail.to?.length ? `To: ${mail.to.join(', ')}` : undefined,
    mail.cc?.length ? `Cc: ${mail.cc.join(', ')}` : undefined,
    mail.replyTo?.length ? `Reply-To: ${mail.replyTo.join(', ')}` : undefined,
    `Subject: ${mail.subject}`,
  ].filter((line): line is string => line !== undefined);
  const body = mail.text.endsWith('\n') ? mail.text : `${mail.text}\n`;
  return maskVariable(`${head.join('\n')}\n\n${body}`);
}

/** Compares `content` with the committed file (relative to test/transcripts/), or rewrites it under UPDATE_TRANSCRIPTS=1. */
export function expectTranscript(file: string, content: string): void {
  const path = join(TRANSCRIPTS_DIR, file);
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return;
  }
  if (!existsSync(path))
    throw new Error(`No transcript ${file}: run with UPDATE_TRANSCRIPTS=1, read it and commit it.`);
  expect(content, `${file} differs: if the change is meant, rerun with UPDATE_TRANSCRIPTS=1`).toBe(
    readFileSync(path, 'utf8'),
  );
}
