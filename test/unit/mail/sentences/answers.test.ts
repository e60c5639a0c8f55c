import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../shared/config/schema';
import type { CalendarDate } from '../../../../shared/domain/calendar';
import {
  acceptedAnswer,
  needsInfoAnswer,
  parseAccountType,
  parseDate,
  parseEmployeeType,
  type RequestFields,
  readLabelledValues,
  readRequest,
} from '../../../../shared/domain/mail';
import { readSentenceMail, sentenceMail, today } from './mail';

const LANGUAGES: Language[] = ['fr', 'nl', 'en'];
const reference = 'REQ-2027-000042';
const understood: RequestFields = {
  fullName: 'Julie Renard',
  email: 'julie.renard@mail.example',
  employeeType: 'volunteer',
  missionEndDate: '2027-06-30' as CalendarDate,
  tasks: 'pour le prêt',
};

/** The understood block of an answer: the lines between its intro and the correction hint. */
function understoodBlock(text: string): string {
  const paragraph = text
    .split('\n\n')
    .find((p) => /compris|begrepen|understood/.test(p.split('\n')[0] ?? ''));
  return (paragraph ?? '').split('\n').slice(1).join('\n');
}

describe('needsInfoAnswer lists every value as understood', () => {
  it.each(LANGUAGES)(
    '%s: each value, in the manager’s language, read back as the same fields',
    (language) => {
      const answer = needsInfoAnswer({
        horizonYears: 5,
        language,
        reference,
        kind: 'new-personal',
        missing: ['supervisorEmail'],
        understood,
      });
      const block = understoodBlock(answer.text);
      expect(block).toContain('Julie Renard');
      expect(block).toContain('julie.renard@mail.example');
      expect(block).toContain('30/06/2027');
      expect(block).toContain('pour le prêt');
      expect(block).toContain({ fr: 'bénévole', nl: 'vrijwilliger', en: 'volunteer' }[language]);
      expect(block).toContain({ fr: 'personnel', nl: 'persoonlijk', en: 'personal' }[language]);
      // Every line is "Label: value" with the labels the reader knows: a corrected line sent back replaces the value.
      const values = new Map(readLabelledValues(block).map((v) => [v.field, v.value]));
      expect([...values.keys()]).toEqual([
        'accountType',
        'fullName',
        'email',
        'employeeType',
        'missionEndDate',
        'tasks',
      ]);
      expect(parseAccountType(values.get('accountType')!)).toBe('personal');
      expect(values.get('fullName')).toBe('Julie Renard');
      expect(values.get('email')).toBe('julie.renard@mail.example');
      expect(parseEmployeeType(values.get('employeeType')!)).toBe('volunteer');
      expect(parseDate(values.get('missionEndDate')!)).toEqual({ ok: true, date: '2027-06-30' });
      expect(values.get('tasks')).toBe('pour le prêt');
      // The template to fill in stays the last paragraph before the signature.
      const template = answer.text.split('\n\n').at(-2) ?? '';
      expect(readLabelledValues(template).map((v) => v.field)).toEqual(['supervisorEmail']);
    },
  );

  it.each(LANGUAGES)('%s: a shared account is listed with its account name and kind', (language) => {
    const answer = needsInfoAnswer({
      horizonYears: 5,
      language,
      reference,
      kind: 'new-shared',
      missing: ['tasks'],
      understood: { fullName: 'Front Desk', email: 'frontdesk@lib-b.example' },
    });
    const fields = readLabelledValues(understoodBlock(answer.text));
    expect(fields.map((v) => [v.field, v.value])).toEqual([
      ['accountType', { fr: 'partagé', nl: 'gedeeld', en: 'shared' }[language]],
      ['fullName', 'Front Desk'],
      ['email', 'frontdesk@lib-b.example'],
    ]);
  });

  it('renewals and closures list the address and the date', () => {
    const renewal = needsInfoAnswer({
      horizonYears: 5,
      language: 'nl',
      reference,
      kind: 'renewal',
      missing: ['account'],
      understood: { email: 'pieter.claes@lib-b.example', newEndDate: '2027-08-31' as CalendarDate },
    });
    expect(understoodBlock(renewal.text)).toBe(
      'E-mailadres: pieter.claes@lib-b.example\nNieuwe einddatum: 31/08/2027',
    );
    const closure = needsInfoAnswer({
      horizonYears: 5,
      language: 'en',
      reference,
      kind: 'closure',
      missing: ['account'],
      understood: { email: 'lisa.peeters@lib-b.example', deactivationDate: '2027-03-01' as CalendarDate },
    });
    expect(understoodBlock(closure.text)).toBe(
      'Email address: lisa.peeters@lib-b.example\nDeactivation date: 01/03/2027',
    );
  });

  it('with only the kind understood, only the kind is listed; with nothing, nothing', () => {
    const only = needsInfoAnswer({
      horizonYears: 5,
      language: 'fr',
      reference,
      kind: 'new-personal',
      missing: ['fullName'],
      understood: {},
    });
    expect(understoodBlock(only.text)).toBe('Type de compte : personnel');
    const nothing = needsInfoAnswer({
      horizonYears: 5,
      language: 'fr',
      reference,
      kind: 'renewal',
      missing: ['newEndDate'],
      understood: {},
    });
    expect(nothing.text).not.toContain('compris');
  });

  it('a reply that corrects one listed line is read as that correction', () => {
    const answer = needsInfoAnswer({
      horizonYears: 5,
      language: 'fr',
      reference,
      kind: 'new-personal',
      missing: ['supervisorEmail'],
      understood,
    });
    const reply = `Statut : stagiaire\nResponsable : anne.dubois@lib-a.example\n\n${answer.text
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n')}`;
    const reading = readRequest(sentenceMail('fr', `Re: ${answer.subject}`, reply), today);
    expect(reading).toMatchObject({ kind: 'new-personal', references: [reference] });
    expect(reading.fields).toEqual({ employeeType: 'intern', supervisorEmail: 'anne.dubois@lib-a.example' });
  });
});

describe('acceptedAnswer lists the values as understood', () => {
  const account = {
    fullName: 'Thomas Leroy',
    email: 'thomas.leroy@etu.lib-a.example',
    accountType: 'personal' as const,
    employeeType: 'student' as const,
    supervisorEmail: 'anne.dubois@lib-a.example',
  };

  it.each(LANGUAGES)('%s: name, address, type, supervisor, mission end, tasks, account end', (language) => {
    const { fields } = readSentenceMail(
      sentenceMail(
        'fr',
        'Demande',
        "Pourriez-vous créer un compte pour Thomas Leroy (thomas.leroy@etu.lib-a.example), jobiste chez nous jusqu'au 15 mai 2027 ? Il fera du prêt au comptoir. Je serai sa personne de contact.",
      ),
    );
    const { text } = acceptedAnswer({
      language,
      reference,
      kind: 'new-personal',
      account,
      endDate: '2027-06-15' as CalendarDate,
      trainingRecommended: false,
      understood: fields,
    });
    for (const value of [
      'Thomas Leroy',
      'thomas.leroy@etu.lib-a.example',
      'anne.dubois@lib-a.example',
      '15/05/2027',
      '15/06/2027',
      'du prêt au comptoir',
    ])
      expect(text).toContain(value);
    const listed = readLabelledValues(text).map((v) => v.field);
    expect(listed).toEqual(
      expect.arrayContaining([
        'accountType',
        'fullName',
        'email',
        'employeeType',
        'supervisorEmail',
        'missionEndDate',
        'tasks',
      ]),
    );
  });

  it('a renewal names the end of employment as read beside the account end, never as a second end date', () => {
    const { text } = acceptedAnswer({
      language: 'fr',
      reference,
      kind: 'renewal',
      account,
      endDate: '2027-09-30' as CalendarDate,
      trainingRecommended: false,
      understood: { email: account.email, newEndDate: '2027-08-31' as CalendarDate },
    });
    expect(text).toContain("prolongé jusqu'au 30/09/2027. (Fin d'emploi indiquée : 31/08/2027.)");
    expect(text).not.toContain('Nouvelle date de fin');
  });
});
