import { describe, expect, it } from 'vitest';
import { environmentsNamed, readExlibrisNotice } from '../../../shared/domain/monitor/exlibris-mail';
import { estimatedWindow, parseExlibrisTime } from '../../../shared/domain/monitor/exlibris-times';
import { readStatusPageRow, readStatusXml } from '../../../shared/domain/monitor/sources';

const EU02 = 'Alma EU02 - Production';
const now = new Date('2027-03-10T08:00:00Z');

describe('Ex Libris times (UTC, several forms and languages)', () => {
  it.each([
    ['Thursday, 2027-March-11 07:00 UTC', '2027-03-11T07:00:00.000Z'],
    ['11-Mar-2027 UTC 07:00:00', '2027-03-11T07:00:00.000Z'],
    ['2027-03-11 07:00:00', '2027-03-11T07:00:00.000Z'],
    ['jeudi 11 mars 2027 07h00 UTC', '2027-03-11T07:00:00.000Z'],
    ['donderdag 11 maart 2027 07:00', '2027-03-11T07:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseExlibrisTime(text)).toBe(iso);
  });

  it('gives nothing for what is not a time, and reads labelled windows', () => {
    expect(parseExlibrisTime('soon')).toBeUndefined();
    expect(parseExlibrisTime('2027-02-30 07:00')).toBeUndefined();
    expect(
      estimatedWindow(
        'Estimated Start: Thursday, 2027-March-11 07:00 UTC Estimated End: Thursday, 2027-March-11 09:00 UTC Description: x',
      ),
    ).toEqual({ start: '2027-03-11T07:00:00.000Z', end: '2027-03-11T09:00:00.000Z' });
    expect(estimatedWindow('Estimated Start: to be confirmed')).toEqual({});
  });
});

describe('Ex Libris notification mails', () => {
  it.each([
    [
      'Scheduled maintenance',
      'we will be performing the following maintenance on your Production environment: Alma EU02',
      'planned',
    ],
    ['Maintenance', 'La maintenance programmée de Alma EU02 - Production a commencé.', 'started'],
    ['Onderhoud', 'Het gepland onderhoud van Alma EU02 - Production is afgerond.', 'finished'],
  ])('%s: %s → %s', (subject, text, phase) => {
    expect(readExlibrisNotice({ subject, text }, [EU02])).toMatchObject({
      kind: 'maintenance',
      phase,
      environments: [EU02],
    });
  });

  it.each([
    [
      'Scheduled maintenance',
      'The scheduled maintenance on Alma EU02 - Production has completed successfully.',
    ],
    ['Maintenance update', 'The maintenance on your Alma EU02 - Production environment was completed.'],
    ['Maintenance', 'La maintenance de Alma EU02 - Production s’est achevée.'],
    ['Maintenance', 'La maintenance programmée de Alma EU02 - Production a été terminée avec succès.'],
    ['Onderhoud', 'Het onderhoud van Alma EU02 - Production werd voltooid.'],
    ['Onderhoud', 'Het gepland onderhoud van Alma EU02 - Production is beëindigd.'],
  ])('reads the completion "%s: %s" as finished', (subject, text) => {
    expect(readExlibrisNotice({ subject, text }, [EU02])).toMatchObject({
      kind: 'maintenance',
      phase: 'finished',
    });
  });

  it.each([
    [
      'Scheduled maintenance',
      'We will be performing scheduled maintenance on Alma EU02 - Production. Alma is unavailable until the maintenance is over.',
      'planned',
    ],
    [
      'Scheduled maintenance',
      'Planned maintenance of Alma EU02 - Production. It is expected to be completed by 09:00 UTC.',
      'planned',
    ],
    ['Maintenance', 'La maintenance de Alma EU02 - Production a commencé et sera terminée à 10h.', 'started'],
    ['Onderhoud', 'Het onderhoud van Alma EU02 - Production is begonnen en is nog niet afgerond.', 'started'],
    [
      'Maintenance',
      'The maintenance on Alma EU02 - Production has started; it has not completed yet.',
      'started',
    ],
  ])('a future, conditional or negated completion is none: "%s: %s" → %s', (subject, text, phase) => {
    expect(readExlibrisNotice({ subject, text }, [EU02])).toMatchObject({ kind: 'maintenance', phase });
  });

  it('reads an incident mail as an incident (the status check follows it), and names environments tolerantly', () => {
    expect(
      readExlibrisNotice({ subject: 'Service disruption', text: 'Alma EU02 - Production: investigating' }, [
        EU02,
      ]),
    ).toMatchObject({
      kind: 'incident',
    });
    expect(
      environmentsNamed('on your Production environment (Alma EU02)', [EU02, 'Alma EU02 - Sandbox']),
    ).toEqual([EU02]);
  });
});

describe('page rows and XML instances', () => {
  it('reads icon-1…5 and refuses an unknown icon as a changed shape', () => {
    const row = (icon: number) => readStatusPageRow([{ environment: EU02, icon, note: 'x' }], EU02, now);
    expect([1, 2, 3, 4, 5].map((i) => row(i)?.verdict)).toEqual([
      'operational',
      'degraded',
      'down',
      'maintenance',
      'operational',
    ]);
    expect(row(9)).toMatchObject({ verdict: 'unknown', cause: 'shape' });
    expect(readStatusPageRow([], EU02, now)).toBeUndefined();
  });

  it('reads each XML status and refuses an unknown one', () => {
    const xml = (status: string) =>
      readStatusXml([{ id: EU02, service: 'Alma', status, schedule: [], message: [] }], EU02, now).verdict;
    expect(['OK', 'PERF', 'ERROR', 'MAINT', 'SERVICE', 'AMBER'].map(xml)).toEqual([
      'operational',
      'degraded',
      'down',
      'maintenance',
      'operational',
      'unknown',
    ]);
  });
});
