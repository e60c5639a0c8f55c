import { describe, expect, it } from 'vitest';
import { almaNames } from '../../../shared/domain/alma/provisioning';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { parseRawMail, readRequest } from '../../../shared/domain/mail';
import { splitName } from '../../../shared/domain/person-name';

const today = '2027-01-10' as CalendarDate;

async function namesOf(...lines: string[]) {
  const raw = Buffer.from(
    [
      'From: Manager <manager@lib-a.example>',
      'To: accounts@alma.example',
      'Subject: Nouveau compte Alma',
      'Content-Type: text/plain; charset=utf-8',
      '',
      ...lines,
    ].join('\r\n'),
  );
  return readRequest(await parseRawMail(raw), today).names;
}

describe('splitName', () => {
  it.each([
    ['Lambert Marie', 'family-first', 'Marie', 'Lambert'],
    ['Van den Bossche Jan', 'family-first', 'Jan', 'Van den Bossche'],
    ['Marie Lambert', 'given-first', 'Marie', 'Lambert'],
    ['Jan Van den Bossche', 'given-first', 'Jan', 'Van den Bossche'],
    ['Lambert, Marie', 'given-first', 'Marie', 'Lambert'],
    ['Lambert,  Marie Claire', 'family-first', 'Marie Claire', 'Lambert'],
    ['Cher', 'given-first', '', 'Cher'],
  ] as const)('%s (%s): given %s, family %s', (name, order, given, family) => {
    expect(splitName(name, order)).toEqual({ givenName: given, familyName: family });
  });
});

describe('the reader records which part of the name is which', () => {
  it.each([
    [['Nom et prénom : Lambert Marie'], 'Marie', 'Lambert'],
    [['Naam en voornaam: Lambert Marie'], 'Marie', 'Lambert'],
    [['Prénom et nom : Marie Lambert'], 'Marie', 'Lambert'],
    [['Full name: Marie Lambert'], 'Marie', 'Lambert'],
    [['Name: Jan Van den Bossche'], 'Jan', 'Van den Bossche'],
    [['Nom : Lambert, Marie'], 'Marie', 'Lambert'],
    [['Prénom : Marie Claire', 'Nom de famille : Lambert'], 'Marie Claire', 'Lambert'],
    [['Voornaam: Marie', 'Achternaam: Van Lambert'], 'Marie', 'Van Lambert'],
    [['Given name: Marie', 'Family name: Lambert'], 'Marie', 'Lambert'],
    [['Nom et prénom : Lambert Marie Claire', 'Prénom : Marie Claire'], 'Marie Claire', 'Lambert'],
  ])('%j', async (lines, given, family) => {
    const names = await namesOf(
      ...lines,
      'E-mail : marie.lambert@lib-a.example',
      'Statut : bénévole',
      'Tâches : prêt',
    );
    expect(names).toEqual({ givenName: given, familyName: family });
  });

  it('a sentence gives the given name first: "Madame Julie Renard"', async () => {
    const names = await namesOf(
      'Bonjour,',
      '',
      'Pourriez-vous créer un compte Alma pour Madame Julie Renard (julie.renard@lib-a.example), bénévole, pour le prêt ?',
    );
    expect(names).toEqual({ givenName: 'Julie', familyName: 'Renard' });
  });

  it('a bare "Nom" says nothing: no split is recorded, Alma takes the first word as given name', async () => {
    expect(
      await namesOf('Nom : Jean Lemaire', 'E-mail : jean@lib-a.example', 'Tâches : prêt'),
    ).toBeUndefined();
  });
});

describe('almaNames', () => {
  it('uses the recorded split, else the first word as given name; a shared account is all last name', () => {
    const base = { accountType: 'personal' as const, fullName: 'Lambert Marie' };
    expect(almaNames({ ...base, givenName: 'Marie', familyName: 'Lambert' })).toEqual({
      first_name: 'Marie',
      last_name: 'Lambert',
    });
    expect(almaNames(base)).toEqual({ first_name: 'Lambert', last_name: 'Marie' });
    expect(almaNames({ ...base, fullName: 'Lambert, Marie' })).toEqual({
      first_name: 'Marie',
      last_name: 'Lambert',
    });
    expect(
      almaNames({ accountType: 'shared', fullName: 'Prêt Central', givenName: 'x', familyName: 'y' }),
    ).toEqual({
      first_name: '',
      last_name: 'Prêt Central',
    });
  });
});

describe('a reply completing a pending request', () => {
  it('"Prénom" and "Nom de famille" lines alone give the split', async () => {
    const raw = Buffer.from(
      [
        'From: Manager <manager@lib-a.example>',
        'To: accounts@alma.example',
        'Subject: RE: [REQ-2027-000123] Nouveau compte Alma',
        '',
        'Prénom : Marie',
        'Nom de famille : Lambert',
      ].join('\r\n'),
    );
    const reading = readRequest(await parseRawMail(raw), today);
    expect(reading.fields.fullName).toBe('Marie Lambert');
    expect(reading.names).toEqual({ givenName: 'Marie', familyName: 'Lambert' });
  });
});
