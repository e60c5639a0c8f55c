import { describe, expect, it } from 'vitest';
import { decideNameCorrection, readNameCorrection } from '../../../shared/domain/name-correction';
import { anAccount } from '../../support/accounts';

const reply = (text: string) => ({ subject: 'Re: [REQ-2027-7K3M9QXT] Nouveau compte Alma', text });
const source = { actor: 'anne.dubois@lib-a.example', reason: 'test', reference: 'REQ-2027-7K3M9QXT' };
const now = new Date('2027-03-02T10:00:00Z');

describe('readNameCorrection: the split a reply gives', () => {
  it.each([
    [
      'one given name line: the rest of the full name is the family name',
      'Prénom : Marie',
      'Lambert Marie',
      { givenName: 'Marie', familyName: 'Lambert' },
    ],
    [
      'one family name line',
      'Achternaam: Van den Bossche',
      'Van den Bossche Jan',
      { givenName: 'Jan', familyName: 'Van den Bossche' },
    ],
    [
      'both lines, in English',
      'Given name: Marie\nFamily name: Lambert-Dupont',
      'Lambert Marie',
      { givenName: 'Marie', familyName: 'Lambert-Dupont' },
    ],
    [
      'the corrected line above the quoted answer',
      'Voornaam: Marie\n\n> Voornaam: Lambert\n> Achternaam: Marie',
      'Lambert Marie',
      { givenName: 'Marie', familyName: 'Lambert' },
    ],
  ])('%s', (_name, text, fullName, expected) => {
    expect(readNameCorrection(reply(text), fullName)).toEqual(expected);
  });
  it.each([
    ['a name that is not part of the full name', 'Prénom : Sophie', 'Lambert Marie'],
    ['no name label at all', 'Merci, tout est correct.', 'Lambert Marie'],
    ['only the quoted answer', '> Prénom : Lambert\n> Nom de famille : Marie', 'Lambert Marie'],
  ])('nothing for %s', (_name, text, fullName) => {
    expect(readNameCorrection(reply(text), fullName)).toBeUndefined();
  });
});

describe('decideNameCorrection', () => {
  const account = anAccount({
    fullName: 'Lambert Marie',
    givenName: 'Lambert',
    familyName: 'Marie',
    version: 2,
  });
  it('the next version with the split, the full name in given-first order, both halves in the history', () => {
    const decision = decideNameCorrection(
      account,
      { givenName: 'Marie', familyName: 'Lambert' },
      source,
      now,
    );
    expect(decision).toMatchObject({
      outcome: 'corrected',
      account: { givenName: 'Marie', familyName: 'Lambert', fullName: 'Marie Lambert', version: 3 },
      event: {
        action: 'name-corrected',
        changes: {
          givenName: { from: 'Lambert', to: 'Marie' },
          familyName: { from: 'Marie', to: 'Lambert' },
        },
      },
    });
  });
  it('the same split again changes nothing; a closed or shared account has none to correct', () => {
    expect(decideNameCorrection(account, { givenName: 'Lambert', familyName: 'Marie' }, source, now)).toEqual(
      {
        outcome: 'unchanged',
      },
    );
    for (const other of [anAccount({ status: 'closed' }), anAccount({ accountType: 'shared' })])
      expect(decideNameCorrection(other, { givenName: 'A', familyName: 'B' }, source, now)).toEqual({
        outcome: 'not-applicable',
      });
  });
});
