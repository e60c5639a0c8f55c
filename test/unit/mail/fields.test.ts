import { describe, expect, it } from 'vitest';
import {
  findDates,
  findEmails,
  matchLabel,
  parseAccountType,
  parseDate,
  parseEmailValue,
  parseEmployeeType,
  readLabelledValues,
  validEmail,
} from '../../../shared/domain/mail';

describe('parseDate', () => {
  it.each([
    ['30/06/2027', '2027-06-30'],
    ['30-06-2027', '2027-06-30'],
    ['30.06.2027', '2027-06-30'],
    ['2027-06-30', '2027-06-30'],
    ['5/7/2027', '2027-07-05'],
    ['05/07/27', '2027-07-05'],
    ['30 juin 2027', '2027-06-30'],
    ['1er juillet 2027', '2027-07-01'],
    ['lundi 2 août 2027', '2027-08-02'],
    ['2 aout 2027', '2027-08-02'],
    ['15 févr. 2027', '2027-02-15'],
    ['30 juni 2027', '2027-06-30'],
    ['1ste maart 2027', '2027-03-01'],
    ['maandag 31 mei 2027', '2027-05-31'],
    ['31 augustus 2027', '2027-08-31'],
    ['30 June 2027', '2027-06-30'],
    ['June 30, 2027', '2027-06-30'],
    ['Wednesday, 30 June 2027', '2027-06-30'],
    ['Wednesday, June 30, 2027', '2027-06-30'],
    ['1st of October 2027', '2027-10-01'],
    ['3rd Sept 2027', '2027-09-03'],
    ['29/02/2028', '2028-02-29'],
    ['vers le 30/06/2027 au plus tard', '2027-06-30'],
  ])('%s → %s', (text, date) => {
    expect(parseDate(text)).toEqual({ ok: true, date });
  });

  it.each([
    '31/02/2027',
    '29/02/2027',
    '31/04/2027',
    '00/01/2027',
    '12/13/2027',
    '31 avril 2027',
    '31 april 2027',
    '30 February 2027',
    '2027-02-30',
  ])('%s is reported invalid, never guessed', (text) => {
    expect(parseDate(text)).toEqual({ ok: false, problem: 'invalid-date' });
  });

  it.each(['fin juin', '30/06', 'bientôt', 'June 2027', ''])('%s holds no date', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });

  it('finds every date of a text in order', () => {
    expect(findDates('du 01/02/2027 au 30 juin 2027, pas le 31/02/2027')).toEqual([
      { ok: true, date: '2027-02-01' },
      { ok: true, date: '2027-06-30' },
      { ok: false, problem: 'invalid-date' },
    ]);
  });
});

describe('matchLabel', () => {
  it.each([
    ['Nom', 'fullName', 'fr'],
    ['NOM ET PRÉNOM', 'fullName', 'fr'],
    ['Naam en voornaam', 'fullName', 'nl'],
    ['Full name', 'fullName', 'en'],
    ['E-mail', 'email', null],
    ['Email', 'email', null],
    ['Adresse e-mail', 'email', 'fr'],
    ['Courriel', 'email', 'fr'],
    ['E-mailadres', 'email', 'nl'],
    ['Email address', 'email', 'en'],
    ["Type d'emploi", 'employeeType', 'fr'],
    ['Type d’emploi', 'employeeType', 'fr'],
    ['Statut', 'employeeType', 'fr'],
    ['Statuut', 'employeeType', 'nl'],
    ['Soort medewerker', 'employeeType', 'nl'],
    ['Employment', 'employeeType', 'en'],
    ['Employee type', 'employeeType', 'en'],
    ['Responsable', 'supervisorEmail', 'fr'],
    ['Employé permanent de référence', 'supervisorEmail', 'fr'],
    ['Begeleider', 'supervisorEmail', 'nl'],
    ['Verantwoordelijke', 'supervisorEmail', 'nl'],
    ['Supervisor', 'supervisorEmail', 'en'],
    ['Contact person', 'supervisorEmail', 'en'],
    ['Date de fin', 'missionEndDate', 'fr'],
    ['Fin de mission', 'missionEndDate', 'fr'],
    ['Einddatum', 'missionEndDate', 'nl'],
    ['Einde opdracht', 'missionEndDate', 'nl'],
    ['End date', 'missionEndDate', 'en'],
    ['Mission end', 'missionEndDate', 'en'],
    ['Tâches', 'tasks', 'fr'],
    ['Description des tâches', 'tasks', 'fr'],
    ['Taken', 'tasks', 'nl'],
    ['Taakomschrijving', 'tasks', 'nl'],
    ['Tasks', 'tasks', 'en'],
    ['Task description', 'tasks', 'en'],
    ['Nouvelle date de fin', 'newEndDate', 'fr'],
    ['Nieuwe einddatum', 'newEndDate', 'nl'],
    ['New end date', 'newEndDate', 'en'],
    ['Date de désactivation', 'deactivationDate', 'fr'],
    ['Date de départ', 'deactivationDate', 'fr'],
    ['Datum deactivatie', 'deactivationDate', 'nl'],
    ['Vertrekdatum', 'deactivationDate', 'nl'],
    ['Deactivation date', 'deactivationDate', 'en'],
    ['Leaving date', 'deactivationDate', 'en'],
    ['Type de compte', 'accountType', 'fr'],
    ['Soort account', 'accountType', 'nl'],
    ['Account type', 'accountType', 'en'],
    ['**Date  de   FIN**', 'missionEndDate', 'fr'],
    ['Date de fin (si temporaire)', 'missionEndDate', 'fr'],
    ['Prénom', 'firstName', 'fr'],
  ])('%s → %s', (label, field, language) => {
    expect(matchLabel(label)).toEqual({ field, language });
  });

  it.each(['Bonjour', 'Objet', 'Date', 'Note', 'Merci de vérifier', ''])(
    '%s is not a field label',
    (label) => {
      expect(matchLabel(label)).toBeUndefined();
    },
  );
});

describe('readLabelledValues', () => {
  it('ignores bullets, bold, case, accents and separators', () => {
    const text = [
      '- **Nom** : Jean Dupont',
      '• E-MAIL: jean@x.example',
      '* statut - bénévole',
      '· **Tâches :** prêt',
      '2) Date de fin\t30/06/2027',
      'Blabla: rien',
    ].join('\n');
    expect(readLabelledValues(text).map((v) => [v.field, v.value])).toEqual([
      ['fullName', 'Jean Dupont'],
      ['email', 'jean@x.example'],
      ['employeeType', 'bénévole'],
      ['tasks', 'prêt'],
      ['missionEndDate', '30/06/2027'],
    ]);
  });

  it('takes the value from the next line when the label line ends with a colon, and task bullets together', () => {
    const text = 'Nom :\n\nJean Dupont\nTâches :\n- prêt\n- retours\n\nMerci';
    expect(readLabelledValues(text).map((v) => [v.field, v.value])).toEqual([
      ['fullName', 'Jean Dupont'],
      ['tasks', 'prêt, retours'],
    ]);
  });

  it('keeps an empty value when the next line is another label', () => {
    expect(readLabelledValues('E-mail :\nStatut : vast').map((v) => [v.field, v.value])).toEqual([
      ['email', ''],
      ['employeeType', 'vast'],
    ]);
  });
});

describe('values', () => {
  it.each([
    ['Jean.Dupont@ULB.example', 'jean.dupont@ulb.example'],
    ['Jean Dupont <jean.dupont@ulb.example>', 'jean.dupont@ulb.example'],
    ['mailto:jean@lib.example.', 'jean@lib.example'],
    ['(jean.o-neil+lib@sub.lib.example)', 'jean.o-neil+lib@sub.lib.example'],
  ])('e-mail %s → %s', (text, email) => {
    expect(parseEmailValue(text)).toEqual({ ok: true, email });
  });

  it.each([
    'jean.dupont@ulb',
    'Jean Dupont',
    'jean..dupont@ulb.example',
    'jean@-ulb.example',
    '@ulb.example',
    'a@b.c',
  ])('e-mail %s is invalid', (text) => {
    expect(parseEmailValue(text)).toEqual({ ok: false });
  });

  it('finds addresses once each and validates them', () => {
    expect(findEmails('A <a@x.example>, b@x.example; a@x.example and bad@x')).toEqual([
      'a@x.example',
      'b@x.example',
    ]);
    expect(validEmail(' A@X.Example ')).toBe('a@x.example');
  });

  it.each([
    ['permanent', 'permanent'],
    ['vast', 'permanent'],
    ['CDI', 'permanent'],
    ['temporaire', 'temporary'],
    ['CDD', 'temporary'],
    ['contractuel', 'temporary'],
    ['tijdelijk (vervanging)', 'temporary'],
    ['fixed-term contract', 'temporary'],
    ['jobiste', 'student'],
    ['étudiant', 'student'],
    ['jobstudent', 'student'],
    ['student job', 'student'],
    ['stagiaire', 'intern'],
    ['stagiair', 'intern'],
    ['Intern', 'intern'],
    ['bénévole', 'volunteer'],
    ['volontaire', 'volunteer'],
    ['vrijwilliger', 'volunteer'],
    ['Volunteer', 'volunteer'],
  ])('employee type %s → %s', (text, type) => {
    expect(parseEmployeeType(text)).toBe(type);
  });

  it.each(['consultant', 'non permanent', 'niet vast', ''])('employee type %s is not recognised', (text) => {
    expect(parseEmployeeType(text)).toBeUndefined();
  });

  it.each([
    ['personnel', 'personal'],
    ['persoonlijk', 'personal'],
    ['Personal', 'personal'],
    ['partagé', 'shared'],
    ['gedeeld', 'shared'],
    ['shared', 'shared'],
    ['non personnel', 'shared'],
    ['niet-persoonlijk', 'shared'],
    ['generic', 'shared'],
  ])('account type %s → %s', (text, type) => {
    expect(parseAccountType(text)).toBe(type);
  });
});
