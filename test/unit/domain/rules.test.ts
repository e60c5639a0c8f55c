import { describe, expect, it } from 'vitest';
import type { EmployeeType } from '../../../shared/domain/account';
import { decideNewAccount } from '../../../shared/domain/account-changes';
import {
  addMonths,
  brusselsDate,
  type CalendarDate,
  calendarDate,
  daysBetween,
  parseCalendarDate,
} from '../../../shared/domain/calendar';
import {
  accountEndDate,
  accountStatusOn,
  beyondHorizon,
  closureDate,
  forbiddenForShared,
  needsMissionEnd,
  needsSupervisor,
  renewedEndDate,
  supervisorProblem,
  supervisorToLookUp,
  trainingRecommended,
  yearEndRenewalDate,
} from '../../../shared/domain/rules';

const d = (s: string) => s as CalendarDate;
const today = d('2027-01-10');

describe('account end date (docs/design.md table)', () => {
  it.each<[string, EmployeeType, string | null, string | null]>([
    ['permanent: none', 'permanent', null, null],
    ['temporary: mission end + 1 month', 'temporary', '2027-04-30', '2027-05-30'],
    ['student: mission end + 1 month', 'student', '2027-06-15', '2027-07-15'],
    ['intern: mission end + 1 month', 'intern', '2027-08-31', '2027-09-30'],
    ['31 Jan → 28 Feb (common year)', 'temporary', '2027-01-31', '2027-02-28'],
    ['31 Jan → 29 Feb (leap year)', 'temporary', '2028-01-31', '2028-02-29'],
    ['30 Jan → 29 Feb (leap year)', 'student', '2028-01-30', '2028-02-29'],
    ['31 Mar → 30 Apr', 'intern', '2027-03-31', '2027-04-30'],
    ['31 Dec → 31 Jan next year', 'temporary', '2027-12-31', '2028-01-31'],
    ['29 Feb 2028 → 29 Mar', 'temporary', '2028-02-29', '2028-03-29'],
    ['volunteer without end: 31 December this year', 'volunteer', null, '2027-12-31'],
    ['volunteer with an end (our choice): + 1 month', 'volunteer', '2027-03-31', '2027-04-30'],
    ['mission ending today is not past', 'temporary', '2027-01-10', '2027-02-10'],
  ])('%s', (_, employeeType, missionEnd, expected) => {
    const result = accountEndDate({
      accountType: 'personal',
      employeeType,
      missionEndDate: missionEnd as CalendarDate | null,
      today,
    });
    expect(result).toEqual({ ok: true, endDate: expected });
  });

  it.each<EmployeeType>(['temporary', 'student', 'intern'])(
    '%s without a mission end: field to add',
    (employeeType) => {
      expect(accountEndDate({ accountType: 'personal', employeeType, missionEndDate: null, today })).toEqual({
        ok: false,
        problem: 'missionEndDate-required',
      });
    },
  );

  it('a mission end already past is a field to correct, never a guess', () => {
    expect(
      accountEndDate({
        accountType: 'personal',
        employeeType: 'temporary',
        missionEndDate: d('2027-01-09'),
        today,
      }),
    ).toEqual({ ok: false, problem: 'missionEndDate-past' });
  });

  it.each<[string, 'personal' | 'shared', EmployeeType]>([
    ['a permanent employee', 'personal', 'permanent'],
    ['a shared account', 'shared', 'permanent'],
    ['a shared account of volunteers', 'shared', 'volunteer'],
  ])(
    'an end given for %s is refused, not dropped (the type or the date is wrong)',
    (_, accountType, employeeType) => {
      for (const given of [
        { missionEndDate: d('2027-06-30') },
        { missionEndDate: null, endDate: d('2027-06-30') },
      ])
        expect(accountEndDate({ accountType, employeeType, ...given, today })).toEqual({
          ok: false,
          problem: 'endDate-not-allowed',
        });
    },
  );

  it("an account's own end (an import) is kept as given; a volunteer without one ends on 31 December", () => {
    const own = (employeeType: EmployeeType, endDate: CalendarDate | null) =>
      accountEndDate({ accountType: 'personal', employeeType, missionEndDate: null, endDate, today });
    expect(own('temporary', d('2027-04-30'))).toEqual({ ok: true, endDate: '2027-04-30' });
    expect(own('volunteer', null)).toEqual({ ok: true, endDate: '2027-12-31' });
    expect(own('student', null)).toEqual({ ok: false, problem: 'missionEndDate-required' });
    expect(own('intern', d('2020-06-30'))).toEqual({ ok: false, problem: 'missionEndDate-past' });
  });

  it('the horizon: 5 years ahead is a date, a day more is a typing mistake', () => {
    expect(beyondHorizon(d('2032-01-10'), today, 5)).toBe(false);
    expect(beyondHorizon(d('2032-01-11'), today, 5)).toBe(true);
    expect(beyondHorizon(d('9999-12-31'), today, 50)).toBe(true);
  });

  it('shared accounts have no end date (their password rotates instead)', () => {
    expect(
      accountEndDate({ accountType: 'shared', employeeType: 'permanent', missionEndDate: null, today }),
    ).toEqual({
      ok: true,
      endDate: null,
    });
  });

  it('volunteers at 00:30 on 1 January in Brussels belong to the new year', () => {
    const instant = new Date('2027-12-31T23:30:00Z'); // 00:30 on 1 Jan 2028 in Brussels
    expect(brusselsDate(instant)).toBe('2028-01-01');
    const result = accountEndDate({
      accountType: 'personal',
      employeeType: 'volunteer',
      missionEndDate: null,
      today: brusselsDate(instant),
    });
    expect(result).toEqual({ ok: true, endDate: '2028-12-31' });
  });

  it('Brussels date follows summer time', () => {
    expect(brusselsDate(new Date('2027-06-30T22:30:00Z'))).toBe('2027-07-01');
    expect(brusselsDate(new Date('2027-06-30T21:30:00Z'))).toBe('2027-06-30');
  });
});

describe('who must give what', () => {
  it.each<[EmployeeType, boolean, boolean]>([
    ['permanent', false, false],
    ['temporary', true, true],
    ['student', true, true],
    ['intern', true, true],
    ['volunteer', true, false],
  ])('%s: supervisor %s, mission end %s', (type, supervisor, missionEnd) => {
    expect(needsSupervisor(type)).toBe(supervisor);
    expect(needsMissionEnd(type)).toBe(missionEnd);
  });
});

describe('renewal and closure', () => {
  it('renewal: new end of employment + 1 month (clamped)', () => {
    expect(renewedEndDate(d('2027-08-31'), today)).toEqual({ ok: true, endDate: '2027-09-30' });
    expect(renewedEndDate(d('2028-01-31'), today)).toEqual({ ok: true, endDate: '2028-02-29' });
  });
  it('renewal with a past date is refused', () => {
    expect(renewedEndDate(d('2026-12-31'), today)).toEqual({ ok: false, problem: 'missionEndDate-past' });
  });
  it('year-end renewal of a volunteer: + 1 year, to 31 December next year', () => {
    expect(yearEndRenewalDate(d('2027-12-31'))).toBe('2028-12-31');
  });
  it('closure: from the date asked, never before today', () => {
    expect(closureDate(d('2027-02-01'), today)).toBe('2027-02-01');
    expect(closureDate(d('2026-12-01'), today)).toBe(today);
    expect(closureDate(null, today)).toBe(today);
  });
});

describe('permissions and training', () => {
  it.each([
    ['prêt et retours', []],
    ['uitlening aan de balie, exemplaren bijwerken', []],
    ['front desk loans, holdings and items', []],
    ['catalogage des monographies', ['cataloguing']],
    ['acquisitions et factures', ['acquisitions']],
    ['catalografie van tijdschriften', ['cataloguing']],
  ])('shared account with tasks "%s" may not hold %j', (tasks, forbidden) => {
    expect(forbiddenForShared(tasks)).toEqual(forbidden);
  });

  it.each([
    ['catalografie van tijdschriften', true],
    ['Acquisitions', true],
    ['Cataloguing of serials', true],
    ['prêt', false],
    ['shelving', false],
  ])('training recommended for "%s": %s', (tasks, expected) => {
    expect(trainingRecommended(tasks)).toBe(expected);
  });

  it('a shared account with cataloguing tasks is refused', () => {
    const decision = decideNewAccount(
      {
        institution: 'LIB-A',
        accountType: 'shared',
        employeeType: 'permanent',
        fullName: 'Balie',
        email: 'balie@lib-a.example',
        supervisorEmail: null,
        tasks: 'catalogage',
        missionEndDate: null,
      },
      new Date('2027-01-10T09:00:00Z'),
    );
    expect(decision).toMatchObject({
      ok: false,
      problem: 'shared-forbidden-permissions',
      areas: ['cataloguing'],
    });
  });
});

describe('status', () => {
  const account = { status: 'active' as const, endDate: d('2027-02-01') };
  it.each([
    ['2027-01-01', 'active'],
    ['2027-01-02', 'expiring'],
    ['2027-02-01', 'expiring'],
    ['2027-02-02', 'expired'],
  ])('on %s the account is %s', (day, status) => {
    expect(accountStatusOn(account, d(day), 30)).toBe(status);
  });
  it('closed stays closed, no end date stays active', () => {
    expect(accountStatusOn({ status: 'closed', endDate: null }, today)).toBe('closed');
    expect(accountStatusOn({ status: 'active', endDate: null }, today)).toBe('active');
  });
});

describe('calendar', () => {
  it('refuses impossible dates', () => {
    expect(calendarDate(2027, 2, 31)).toBeUndefined();
    expect(calendarDate(2027, 2, 29)).toBeUndefined();
    expect(calendarDate(2028, 2, 29)).toBe('2028-02-29');
    expect(calendarDate(1900, 2, 29)).toBeUndefined();
    expect(calendarDate(2000, 2, 29)).toBe('2000-02-29');
    expect(parseCalendarDate('2027-13-01')).toBeUndefined();
  });
  it('adds months and counts days', () => {
    expect(addMonths(d('2027-12-15'), 1)).toBe('2028-01-15');
    expect(addMonths(d('2027-03-31'), -1)).toBe('2027-02-28');
    expect(daysBetween(d('2027-12-31'), d('2028-01-01'))).toBe(1);
  });
});

describe('the supervisor of a non-permanent employee (mail and import alike)', () => {
  const institution = { managers: ['anne.dubois@lib-a.example'], senderDomains: ['lib-a.example'] };
  const volunteer = {
    accountType: 'personal' as const,
    employeeType: 'volunteer' as const,
    email: 'vol@mail.example',
  };
  const verdict = (
    supervisorEmail: string,
    supervisorAccounts: { status: 'active' | 'closed'; employeeType: EmployeeType }[] = [],
    sender?: string,
  ) => supervisorProblem({ ...volunteer, supervisorEmail }, { institution, supervisorAccounts, sender });

  it.each<[string, string, ReturnType<typeof verdict>]>([
    ['a manager', 'anne.dubois@lib-a.example', undefined],
    ['an address of its domain', 'boss@lib-a.example', undefined],
    ['the employee', 'vol@mail.example', 'not-a-supervisor'],
    ['an outside address', 'friend@gmail.example', 'not-a-supervisor'],
    ["another institution's manager", 'koen.maes@lib-b.example', 'not-a-supervisor'],
  ])('%s', (_, supervisor, expected) => {
    expect(verdict(supervisor)).toBe(expected);
  });

  it('the sender of a mail counts as of the institution, whatever its domain', () => {
    expect(verdict('chief@partner.example', [], 'chief@partner.example')).toBeUndefined();
  });

  it('one with an open non-permanent account is not permanent staff; a closed one does not count', () => {
    expect(verdict('boss@lib-a.example', [{ status: 'active', employeeType: 'volunteer' }])).toBe(
      'not-a-supervisor',
    );
    expect(verdict('boss@lib-a.example', [{ status: 'closed', employeeType: 'student' }])).toBeUndefined();
    expect(verdict('boss@lib-a.example', [{ status: 'active', employeeType: 'permanent' }])).toBeUndefined();
  });

  it('asks for the store only where the address itself passes, and only for those who need a supervisor', () => {
    expect(supervisorToLookUp({ ...volunteer, supervisorEmail: 'boss@lib-a.example' }, institution)).toBe(
      'boss@lib-a.example',
    );
    expect(
      supervisorToLookUp({ ...volunteer, supervisorEmail: 'x@gmail.example' }, institution),
    ).toBeUndefined();
    const permanent = {
      ...volunteer,
      employeeType: 'permanent' as const,
      supervisorEmail: 'x@gmail.example',
    };
    expect(supervisorToLookUp(permanent, institution)).toBeUndefined();
    expect(supervisorProblem(permanent, { institution, supervisorAccounts: [] })).toBeUndefined();
  });
});
