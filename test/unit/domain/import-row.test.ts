import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, importRow } from '../../../shared/domain/import-row';
import { testConfig } from '../../support/context';

// The import's row rule without a store: the same domain rules a request mail obeys.
const config = testConfig();
const now = new Date('2027-03-01T09:00:00Z');
type Row = Record<(typeof CSV_COLUMNS)[number], string>;
const base: Row = {
  fullName: 'Lambert Marie',
  email: 'marie.lambert@lib-a.example',
  accountType: 'personal',
  employeeType: 'student',
  supervisorEmail: 'anne.dubois@lib-a.example',
  institution: 'LIB-A',
  endDate: '2027-06-30',
  tasks: 'prêt',
};
const row = (overrides: Partial<Row> = {}) =>
  importRow(
    config,
    CSV_COLUMNS.map((c) => ({ ...base, ...overrides })[c]),
    now,
  );

describe('importRow', () => {
  it("a complete row is an account; its endDate column is the account's own end (an export read back)", () => {
    expect(row()).toMatchObject({ endDate: '2027-06-30', status: 'active', institution: 'LIB-A' });
  });
  it('a volunteer without an end date gets 31 December, as by mail', () => {
    expect(row({ employeeType: 'volunteer', endDate: '' })).toMatchObject({ endDate: '2027-12-31' });
  });
  it.each<[string, Partial<Row>, RegExp]>([
    [
      'a permanent employee with an end',
      { employeeType: 'permanent', supervisorEmail: '' },
      /endDate must be empty/,
    ],
    [
      'a shared account with cataloguing',
      {
        accountType: 'shared',
        employeeType: 'permanent',
        supervisorEmail: '',
        endDate: '',
        tasks: 'catalogage',
      },
      /shared account cannot have cataloguing/,
    ],
    ['a student without a supervisor', { supervisorEmail: '' }, /supervisorEmail is required for a student/],
    ['an outside supervisor', { supervisorEmail: 'someone@elsewhere.example' }, /cannot supervise/],
    ["an HR system's no-end date", { endDate: '9999-12-31' }, /more than 5 years ahead/],
    ['an unknown institution', { institution: 'LIB-Z' }, /institution "LIB-Z" is not in the config/],
  ])('refuses %s', (_name, overrides, reason) => {
    expect(row(overrides)).toMatch(reason);
  });
});
