import { readdir, readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar';
import {
  findDates,
  missingFields,
  type ParsedMail,
  parseRawMail,
  REQUEST_KINDS,
  readLabelledValues,
  readRequest,
  requestPart,
} from '../../../shared/domain/mail';

const today = '2027-01-10' as CalendarDate;
const fixturesDir = new URL('../../fixtures/mail/', import.meta.url);
const corpusDir = new URL('../../fixtures/corpus/', import.meta.url);

async function emlFiles(dir: URL): Promise<Uint8Array[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(names.map(async (name) => new Uint8Array(await readFile(new URL(name, dir)))));
}

const samples = [...(await emlFiles(fixturesDir)), ...(await emlFiles(corpusDir))];

async function readsSafely(raw: Uint8Array | string): Promise<ParsedMail> {
  const mail = await parseRawMail(raw);
  const reading = readRequest(mail, today);
  expect(REQUEST_KINDS).toContain(reading.kind);
  expect(typeof mail.messageId).toBe('string');
  expect(mail.messageId.length).toBeGreaterThan(0);
  expect(typeof mail.text).toBe('string');
  missingFields(reading.kind, reading);
  return mail;
}

describe('nothing throws, the kind is always one of the five', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => void (await readsSafely(bytes))),
      {
        numRuns: 300,
      },
    );
  });

  it('random strings, including full unicode', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 2000 }), fc.string({ unit: 'binary', maxLength: 2000 })),
        async (text) => {
          await readsSafely(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('header-like and label-like strings', async () => {
    const line = fc.oneof(
      fc.constantFrom(
        'Content-Type: multipart/mixed; boundary="b"',
        'Content-Type: text/html; charset=windows-1252',
        'Content-Transfer-Encoding: base64',
        'Content-Transfer-Encoding: quoted-printable',
        '--b',
        '--b--',
        'Subject: =?utf-8?q?Nouveau_compte?=',
        'Nom : Jean',
        'Date de fin : 31/02/2027',
        'Nouvelle date de fin :',
        '> Tâches :',
        '---------- Forwarded message ---------',
        'On Mon wrote:',
        '-- ',
        '',
      ),
      fc.string({ maxLength: 80 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), async (lines) => {
        await readsSafely(lines.join('\r\n'));
      }),
      { numRuns: 300 },
    );
  });

  it(`truncated versions of every fixture (${samples.length} files)`, async () => {
    for (const sample of samples) {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: sample.length }), async (cut) => {
          await readsSafely(sample.subarray(0, cut));
        }),
        { numRuns: 15 },
      );
    }
  });

  it('fixtures with random bytes overwritten', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        async (sample, edits) => {
          const copy = new Uint8Array(sample);
          for (const [at, byte] of edits) copy[at % copy.length] = byte;
          await readsSafely(copy);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the text helpers on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        requestPart(text, { subject: text.slice(0, 30) });
        readLabelledValues(text);
        for (const date of findDates(text)) if (date.ok) expect(date.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['quote marks', '> '],
    ['labels', 'Nom : '],
    ['date fragments', '1/1/'],
    ['table cells', '<td>'],
    ['nested blocks', '<div>'],
    ['unclosed inline tags', '<b>'],
    ['open brackets', '<'],
    ['unclosed scripts', '<script>'],
    ['unclosed comments', '<!--'],
    ['spaces', ' '],
    ['tabs', '\t'],
    ['attributions', 'heeft schreef wrote '],
    ['ampersands', '&aaaa'],
    ['at signs', 'a@'],
    ['bare at signs', '@'],
    ['month names', '1 juin '],
    ['end-date phrases', "jusqu'au "],
    ['names', 'Thomas Leroy '],
    ['names with addresses', 'Thomas Leroy (t.l@x.example) '],
    ['task phrases', 'il fera '],
    ['Dutch modals', 'Ze zal '],
    ['sentence ends', '. '],
    ['initials', 'A. '],
  ])('a long hostile run of %s is still read quickly', async (_, chunk) => {
    const run = chunk.repeat(Math.ceil(60_000 / chunk.length));
    const start = performance.now();
    for (const type of ['text/plain', 'text/html']) {
      await readsSafely(
        `Subject: Nouveau compte ${run.slice(0, 500)}\r\nContent-Type: ${type}\r\n\r\nNom : x${run}y\r\n${run}\r\nDate de fin : ${run}\r\n`,
      );
      await readsSafely(`Subject: Prolongation\r\nContent-Type: ${type}\r\n\r\n${run}\r\n`);
    }
    expect(performance.now() - start).toBeLessThan(1500);
  });
});
