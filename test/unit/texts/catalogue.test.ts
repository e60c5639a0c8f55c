import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { LANGUAGES } from '../../../shared/domain/language';
import { needsInfoAnswer } from '../../../shared/domain/mail/request-answers';
import { TEXT_CATALOGUE } from '../../../shared/domain/texts';

/**
 * Every leaf of a surface for one language, by path: a string as is, a function called with
 * sample arguments (a day, which also reads as a name, a year or a flag) so its text is looked at.
 */
function leaves(value: unknown, path: string, sample: unknown): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const args = Array.from({ length: Math.max(value.length, 3) }, () => sample);
    return leaves(value(...args), `${path}()`, sample);
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`, sample));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`, sample));
  throw new Error(`${path}: not a text (${typeof value})`);
}

const SAMPLES: unknown[] = ['2027-12-31'];
const FIVE_YEARS = /\b5\s*(years?|ans?|jaar)\b/i;

describe('the text catalogue (shared/domain/texts/)', () => {
  for (const [surface, texts] of Object.entries(TEXT_CATALOGUE)) {
    it(`${surface}: the same entries in every language, none empty`, () => {
      expect(Object.keys(texts).sort()).toEqual([...LANGUAGES].sort());
      for (const sample of SAMPLES) {
        const paths = LANGUAGES.map((language) => {
          const found = leaves(texts[language], `${surface}.${language}`, sample);
          for (const [path, text] of found) expect(text.trim(), path).not.toBe('');
          return found.map(([path]) => path.replace(`${surface}.${language}`, surface));
        });
        expect(paths[1], 'nl entries as fr').toEqual(paths[0]);
        expect(paths[2], 'en entries as fr').toEqual(paths[0]);
      }
    });

    it(`${surface}: no text names "5 years" (the horizon is limits.endDateHorizonYears)`, () => {
      for (const language of LANGUAGES)
        for (const sample of SAMPLES)
          for (const [path, text] of leaves(texts[language], `${surface}.${language}`, sample))
            expect(text, path).not.toMatch(FIVE_YEARS);
    });
  }

  it('no source file of the catalogue writes the horizon as a number of years', () => {
    const folder = join(import.meta.dirname, '../../../shared/domain/texts');
    for (const file of readdirSync(folder))
      expect(readFileSync(join(folder, file), 'utf8'), file).not.toMatch(FIVE_YEARS);
  });

  it.each(LANGUAGES)('%s: a date too far ahead names the configured horizon', (language) => {
    const answer = needsInfoAnswer({
      language,
      reference: 'REQ-2027-7K3M9QXT',
      kind: 'renewal',
      missing: ['newEndDate'],
      invalid: { newEndDate: 'too-far' },
      understood: { newEndDate: '2040-01-31' as CalendarDate },
      horizonYears: 12,
    });
    expect(answer.text).toMatch(/\b12 (years|ans|jaar)\b/);
    expect(answer.text).not.toMatch(FIVE_YEARS);
  });
});
