import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDatesAt, parseDate, REQUEST_KINDS, readSentences } from '../../../../shared/domain/mail';
import {
  foldKeepingOffsets,
  MAX_SENTENCE,
  sentencesOf,
} from '../../../../shared/domain/mail/sentences/sentence-text';
import { readSentenceMail, sentenceMail } from './mail';

/** Pieces the reader's patterns look for, to build hostile texts from. */
// biome-ignore format: word list reads better packed
const PIECES = [
  "jusqu'au ", 'tot en met ', 'until ', 'du 1/2/2027 au ', '30 juin 2027', '31/02/2027', '2027-06-30 ', 'Thomas Leroy ',
  'Madame ', 'Mevrouw ', '(t.l@x.example) ', 'a@b.example', '@', 'pour ', 'voor ', 'for ', 'compte ', 'account ',
  'il fera ', 'Ze zal ', 'she will do ', 'je serai sa personne de contact ', 'ik volg haar op ', 'I will supervise her ',
  'sa responsable est ', 'her supervisor is ', 'stagiaire ', 'jobstudent ', 'volunteer ', 'CDD ', 'permanent contract ',
  'quitte ', 'vertrekt op ', 'is leaving ', 'désactivé à partir du ', 'switched off from ', '« ', '» ', '"', '. ', '? ',
  '; ', ', ', '\n', '\n\n', '- ', 'Nom : ', 'Bonjour Madame, ', 'comment ', "n'", 'É', 'ß', 'İ', '😀', '\u0301', '\u00a0',
];

describe('the sentence reader never throws and stays bounded', () => {
  it('random text, full unicode', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 3000 }),
        fc.string({ maxLength: 200 }),
        (text, subject) => {
          const reading = readSentences(text, {
            subject,
            sender: 'anne.dubois@lib-a.example',
            senderName: 'Anne',
          });
          expect(typeof reading.employeeFound).toBe('boolean');
          if (reading.tasks) expect(reading.tasks.length).toBeLessThanOrEqual(3 * 200 + 4);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('texts made of the patterns’ own words, through readRequest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 200 }),
        fc.constantFrom('fr', 'nl', 'en'),
        (pieces, language) => {
          const reading = readSentenceMail(
            sentenceMail(language as 'fr', pieces.slice(0, 5).join(''), pieces.join('')),
          );
          expect(REQUEST_KINDS).toContain(reading.kind);
          for (const date of ['missionEndDate', 'newEndDate', 'deactivationDate'] as const) {
            const value = reading.fields[date];
            if (value) expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('huge inputs: 1 MB of sentence words, of one long word, of addresses', () => {
    for (const chunk of [
      "Il sera avec nous jusqu'au 30 juin 2027. ",
      'a'.repeat(1000),
      'a@'.repeat(50),
      'Thomas Leroy (t.l@x.example) ',
    ]) {
      const text = chunk.repeat(Math.ceil(1_000_000 / chunk.length));
      const reading = readSentences(text, { subject: 'Nouveau compte' });
      expect(typeof reading.employeeFound).toBe('boolean');
    }
  });

  it('sentences are at most MAX_SENTENCE characters, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES, 'x'.repeat(500)), { maxLength: 100 }), (pieces) => {
        for (const sentence of sentencesOf(pieces.join(''))) {
          expect(sentence.text.length).toBeLessThanOrEqual(MAX_SENTENCE);
          expect(sentence.folded.length).toBe(sentence.text.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('folding keeps offsets, and the dates found in a folded sentence are where they are said to be', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 8 })), {
          maxLength: 60,
        }),
        (pieces) => {
          const text = pieces.join('').replace(/\s+/g, ' ');
          const folded = foldKeepingOffsets(text);
          expect(folded.length).toBe(text.length);
          for (const hit of findDatesAt(folded))
            expect(parseDate(folded.slice(hit.index, hit.end))).toEqual(hit.reading);
        },
      ),
      { numRuns: 300 },
    );
  });
});
