import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../../shared/domain/calendar';
import { missingFields, parseRawMail, readRequest } from '../../../../shared/domain/mail';
import { accountEndDate, renewedEndDate, trainingRecommended } from '../../../../shared/domain/rules';
import { today } from './mail';

const dir = new URL('../../../fixtures/corpus/sentences/', import.meta.url);

async function read(file: string) {
  const mail = await parseRawMail(await readFile(new URL(file, dir)));
  const reading = readRequest(mail, today);
  return { reading, missing: missingFields(reading.kind, reading) };
}

describe('the shared sentence corpus through readRequest', () => {
  it('s1: a French student job, "je serai sa personne de contact"; the start without a year is no date', async () => {
    const { reading, missing } = await read('s1-fr-jobiste.eml');
    expect(reading).toMatchObject({ kind: 'new-personal', language: 'fr' });
    expect(reading.fields).toEqual({
      fullName: 'Thomas Leroy',
      email: 'thomas.leroy@etu.lib-a.example',
      employeeType: 'student',
      supervisorEmail: 'anne.dubois@lib-a.example',
      missionEndDate: '2027-05-15',
      tasks: 'du rangement et du prêt au comptoir',
    });
    expect(missing).toEqual([]);
    expect(
      accountEndDate({
        accountType: 'personal',
        employeeType: 'student',
        missionEndDate: '2027-05-15' as CalendarDate,
        today,
      }),
    ).toEqual({ ok: true, endDate: '2027-06-15' });
  });

  it('s2: a Dutch internship "tot en met", address in its own sentence, "ikzelf volg haar op"', async () => {
    const { reading, missing } = await read('s2-nl-stagiair.eml');
    expect(reading).toMatchObject({ kind: 'new-personal', language: 'nl' });
    expect(reading.fields).toEqual({
      fullName: 'Sara Vermeulen',
      email: 'sara.vermeulen@student.lib-b.example',
      employeeType: 'intern',
      supervisorEmail: 'koen.maes@lib-b.example',
      missionEndDate: '2027-06-20',
      tasks: 'helpen aan de balie met uitleningen',
    });
    expect(missing).toEqual([]);
  });

  it('s3: an English permanent cataloguer: no end, no supervisor, training recommended', async () => {
    const { reading, missing } = await read('s3-en-permanent-cataloguer.eml');
    expect(reading).toMatchObject({ kind: 'new-personal', language: 'en' });
    expect(reading.fields).toEqual({
      fullName: 'Emma Clarke',
      email: 'emma.clarke@lib-a.example',
      employeeType: 'permanent',
      tasks: 'cataloguing and authority work',
    });
    expect(missing).toEqual([]);
    expect(trainingRecommended(reading.fields.tasks!)).toBe(true);
  });

  it('s4: a French volunteer with no contact person: only the supervisor is asked', async () => {
    const { reading, missing } = await read('s4-fr-volontaire-sans-contact.eml');
    expect(reading).toMatchObject({ kind: 'new-personal', language: 'fr' });
    expect(reading.fields).toEqual({
      fullName: 'Julie Renard',
      email: 'julie.renard@mail.example',
      employeeType: 'volunteer',
      tasks: 'pour le prêt',
    });
    expect(missing).toEqual(['supervisorEmail']);
  });

  it('s5: a Dutch renewal "werd verlengd tot"', async () => {
    const { reading, missing } = await read('s5-nl-verlenging.eml');
    expect(reading).toMatchObject({ kind: 'renewal', language: 'nl' });
    expect(reading.fields).toEqual({ email: 'pieter.claes@lib-b.example', newEndDate: '2027-08-31' });
    expect(missing).toEqual([]);
    expect(renewedEndDate('2027-08-31' as CalendarDate, today)).toEqual({ ok: true, endDate: '2027-09-30' });
  });

  it('s6: an English departure: the deactivation date wins over the last working day', async () => {
    const { reading, missing } = await read('s6-en-leaving.eml');
    expect(reading).toMatchObject({ kind: 'closure', language: 'en' });
    expect(reading.fields).toEqual({ email: 'lisa.peeters@lib-b.example', deactivationDate: '2027-03-01' });
    expect(missing).toEqual([]);
  });
});
