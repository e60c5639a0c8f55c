import { describe, expect, it } from 'vitest';
import type { SentenceCase } from './case';
import { EN_CASES } from './cases-en';
import { FR_CASES } from './cases-fr';
import { NL_CASES } from './cases-nl';
import { readSentenceMail, sentenceMail } from './mail';

const LANGUAGES = { fr: FR_CASES, nl: NL_CASES, en: EN_CASES } as const;

describe.each(Object.entries(LANGUAGES))('%s wordings', (language, cases) => {
  it.each(cases as SentenceCase[])('$name', (c) => {
    const reading = readSentenceMail(sentenceMail(language as 'fr' | 'nl' | 'en', c.subject, c.text));
    const { tasks, ...fields } = c.fields;
    expect(reading.kind).toBe(c.kind);
    expect(reading.fields).toEqual({
      ...fields,
      ...(tasks ? { tasks: expect.stringContaining(tasks) } : {}),
    });
    expect(reading.invalid).toEqual(c.invalid ?? {});
    expect(reading.missing).toEqual(c.missing);
    expect(reading.language).toBe(language);
  });
});
