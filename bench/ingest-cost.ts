import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESBUILD_OPTIONS } from '../infra/bundling';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { parseConfig } from '../shared/config/load';

/**
 * Issue 10: any mail under the size limit is read in ≤ 3 s and ≤ 256 MiB peak (the function has
 * 512 MB); round 3: an untrusted sender's mail is answered from its header block in ≤ 0.5 s.
 */
const TARGET_MS = 3000;
const TARGET_UNTRUSTED_MS = 500;
const TARGET_PEAK_MIB = 256;
const MIB = 1024 * 1024;

/** SES's own results: aligned for the manager (trusted), SPF for another domain only (not trusted). */
const TRUSTED = [
  'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=bounce@lib-a.example;',
  ' dkim=pass header.i=@lib-a.example; dmarc=pass header.from=lib-a.example;',
];
const UNTRUSTED = [
  'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=bounce@evil.example;',
  ' dkim=none; dmarc=none header.from=lib-a.example;',
];
let authentication = TRUSTED;

const HEADERS = () => [
  'Return-Path: <bounce@lib-a.example>',
  ...authentication,
  'From: Anne Dubois <anne.dubois@lib-a.example>',
  'To: accounts@helpdesk.example.org',
  'Subject: Nouveau compte Alma',
  'Date: Sun, 10 Jan 2027 09:00:00 +0100',
  'MIME-Version: 1.0',
];
const REQUEST = [
  'Bonjour,',
  'Nom : Paul Costa',
  'E-mail : paul.costa@mail.example',
  'Statut : permanent',
  'Tâches : prêt',
  'Merci',
].join('\r\n');

function mail(id: string, contentType: string, body: string): Buffer {
  return Buffer.from(
    [...HEADERS(), `Message-ID: <${id}@lib-a.example>`, `Content-Type: ${contentType}`, '', body].join(
      '\r\n',
    ),
  );
}

function multipart(id: string, parts: string[]): Buffer {
  const boundary = `b-${id}`;
  return mail(
    id,
    `multipart/mixed; boundary="${boundary}"`,
    `${parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}\r\n--${boundary}--\r\n`,
  );
}

const textPart = (text: string) => `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}`;
const base64Lines = (bytes: number) =>
  (
    randomBytes(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/** Lines of 92 characters of a request's prose. */
const prose = (lines: number) =>
  'Je vous remercie de bien vouloir créer ce compte pour notre nouvelle collègue au comptoir. '
    .repeat(lines)
    .match(/.{1,92}/g)!
    .join('\r\n');

const base64Of = (text: string | Buffer) =>
  (
    Buffer.from(text)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
/** Quoted-printable, line breaks encoded, soft breaks every 70 characters: few raw lines. */
const quotedPrintable = (text: string) =>
  text
    .replace(/=/g, '=3D')
    .replace(/\r/g, '=0D')
    .replace(/\n/g, '=0A')
    .match(/(?:=[0-9A-F]{2}|[^=]){1,70}/g)!
    .join('=\r\n');
/** A mail of one-character lines: 2 bytes a line, about 2 KB once parsed. */
const oneCharLines = (lines: number) =>
  `From: x@evil.example\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\n${'x\n'.repeat(lines)}`;
const rfc822 = (encoding: string, body: string, disposition = '') =>
  `Content-Type: message/rfc822\r\nContent-Transfer-Encoding: ${encoding}\r\n${disposition ? `Content-Disposition: ${disposition}; filename="fwd.eml"\r\n` : ''}\r\n${body}`;

/** The mails: the largest a manager really sends, the worst under every limit, and what the limits refuse. */
export function hostileMails(): Record<string, Buffer> {
  const millions = oneCharLines(3_700_000);
  const forwardedWithAttachment = `From: Paul Costa <paul.costa@mail.example>\r\nSubject: contrat\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="inner"\r\n\r\n--inner\r\n${textPart(REQUEST)}\r\n--inner\r\nContent-Type: application/pdf; name="contrat.pdf"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="contrat.pdf"\r\n\r\n${base64Lines(Math.floor(4.5 * MIB))}\r\n--inner--\r\n`;
  return {
    // A request with a scanned contract attached, just under 10 MiB.
    'attachment-10MiB': multipart('attach', [
      textPart(REQUEST),
      `Content-Type: application/pdf; name="contrat.pdf"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="contrat.pdf"\r\n\r\n${base64Lines(Math.floor(7.3 * MIB))}`,
    ]),
    // Unencoded prose in the request part itself, just under limits.maxTextLines: the worst text read.
    'text-at-limit': mail('text-limit', 'text/plain; charset=utf-8', `${REQUEST}\r\n${prose(49_990)}`),
    // 10 MiB of the same prose quoted-printable: decoded in chunks, so no line limit of its own.
    'quoted-printable-10MiB': mail(
      'qp',
      'text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable',
      `${REQUEST}\r\n${prose(96_000).replace(/=/g, '=3D').replace(/é/g, '=C3=A9').replace(/è/g, '=C3=A8')}`,
    ),
    // 10 MiB of unencoded prose: refused before parsing (too many lines of text).
    'text-10MiB': mail('text', 'text/plain; charset=utf-8', `${REQUEST}\r\n${prose(108_000)}`),
    // As many parts as the limit allows, each a text part, filling the size.
    'parts-at-limit': multipart(
      'parts',
      Array.from({ length: 99 }, (_, i) => textPart(i === 0 ? REQUEST : 'x'.repeat(100 * 1024))),
    ),
    // Refused before parsing.
    'million-lines': mail('lines', 'text/plain', `${REQUEST}\r\n${'ligne\r\n'.repeat(1_000_000)}`),
    'parts-5000': multipart(
      'p5000',
      Array.from({ length: 5000 }, () => textPart('x')),
    ),
    'over-size-12MiB': mail('big', 'text/plain', `${REQUEST}\r\n${base64Lines(9 * MIB)}`),
    // Round 3, finding 1: a base64 message/rfc822 of ~3.7 million one-character lines (9.7 MiB), inline…
    'nested-base64-inline': mail(
      'nested-inline',
      'message/rfc822\r\nContent-Transfer-Encoding: base64',
      base64Of(millions),
    ),
    // …or attached to a short text,
    'nested-base64-attached': multipart('nested-attached', [
      textPart(REQUEST),
      rfc822('base64', base64Of(millions), 'attachment'),
    ]),
    // quoted-printable (2.4 million lines, 150,000 raw lines: under maxMailLines),
    'nested-quoted-printable': multipart('nested-qp', [
      textPart(REQUEST),
      rfc822('quoted-printable', quotedPrintable(oneCharLines(2_400_000))),
    ]),
    // a nested message inside a nested message, both base64,
    'nested-in-nested': multipart('nested-twice', [
      textPart(REQUEST),
      rfc822(
        'base64',
        base64Of(
          `From: y@evil.example\r\nSubject: y\r\nMIME-Version: 1.0\r\n${rfc822('base64', base64Of(oneCharLines(2_600_000)))}\r\n`,
        ),
      ),
    ]),
    // and the one a manager really sends: a forwarded mail with its 4.5 MiB attachment, read in full
    // (the largest under maxMailLines: its lines and the nested mail's decoded lines count together).
    'nested-forward-8MiB': multipart('nested-forward', [
      textPart(REQUEST),
      rfc822('base64', base64Of(forwardedWithAttachment), 'attachment'),
    ]),
  };
}

export async function benchIngestCost(): Promise<Record<string, unknown>> {
  const corpusDir = new URL('../test/fixtures/corpus/', import.meta.url);
  const corpus = JSON.parse(readFileSync(new URL('expected.json', corpusDir), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'ingest-cost-'));
  const configFile = join(dir, 'config.json');
  const config = {
    mailbox: corpus.mailbox,
    helpdesk: 'helpdesk@helpdesk.example.org',
    institutions: corpus.institutions,
  };
  parseConfig(JSON.stringify(config));
  writeFileSync(configFile, JSON.stringify(config));
  // Bundled as the functions are (infra/bundling.ts) and run on plain Node: the memory of the deployed code.
  const child = join(process.cwd(), '.bench-ingest-cost.mjs');
  await build({
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external],
    entryPoints: ['bench/ingest-cost-child.ts'],
    outfile: child,
  });
  const dynamo = await startDynamoDbLocal();
  await localTable(dynamo.endpoint, 'bench-ingest-cost');
  const results: Record<string, unknown> = {};
  const untrusted: Record<string, unknown> = {};
  let worstMs = 0;
  let worstPeak = 0;
  let worstUntrustedMs = 0;
  let worstUntrustedPeak = 0;
  const runOne = (file: string) => {
    const out = execFileSync(
      process.execPath,
      [child, file, configFile, dynamo.endpoint, 'bench-ingest-cost'],
      {
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', LOG_LEVEL: 'SILENT' },
        maxBuffer: 1024 * 1024,
      },
    );
    return JSON.parse(out.toString().trim().split('\n').pop()!);
  };
  try {
    for (const [sender, auth] of [
      ['trusted', TRUSTED],
      ['untrusted', UNTRUSTED],
    ] as const) {
      authentication = auth;
      for (const [name, raw] of Object.entries(hostileMails())) {
        const file = join(dir, `${name}.eml`);
        writeFileSync(file, raw);
        const lines = raw.reduce((n, byte) => (byte === 10 ? n + 1 : n), 0);
        const run = runOne(file);
        const underLimit = raw.length <= 10 * MIB;
        if (sender === 'trusted') {
          results[name] = { mib: Number((raw.length / MIB).toFixed(1)), lines, ...run };
          if (underLimit) {
            worstMs = Math.max(worstMs, run.ms);
            worstPeak = Math.max(worstPeak, run.peakMiB);
          }
        } else {
          const { outcome, reason, ms, baselineMiB, peakMiB } = run;
          untrusted[name] = { outcome, reason, ms, baselineMiB, peakMiB };
          if (underLimit) {
            worstUntrustedMs = Math.max(worstUntrustedMs, run.ms);
            worstUntrustedPeak = Math.max(worstUntrustedPeak, run.peakMiB);
          }
        }
      }
    }
  } finally {
    authentication = TRUSTED;
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(child, { force: true });
  }
  return {
    name: 'ingest-cost',
    mails: results,
    untrustedSender: untrusted,
    worstMsUnderLimit: worstMs,
    worstPeakMiBUnderLimit: worstPeak,
    worstUntrustedMsUnderLimit: worstUntrustedMs,
    worstUntrustedPeakMiBUnderLimit: worstUntrustedPeak,
    targetMet:
      worstMs <= TARGET_MS &&
      worstPeak <= TARGET_PEAK_MIB &&
      worstUntrustedMs <= TARGET_UNTRUSTED_MS &&
      worstUntrustedPeak <= TARGET_PEAK_MIB,
  };
}
