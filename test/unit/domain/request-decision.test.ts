import { describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/domain/account';
import type { CalendarDate } from '../../../shared/domain/calendar';
import type { RequestFields, RequestKind, RequestReading } from '../../../shared/domain/mail';
import {
  confirmsShortening,
  decideRequest,
  type RequestFacts,
  requestLookups,
} from '../../../shared/domain/request-decision';
import { testConfig } from '../../support/context';

// The request rules without a store: the facts are given, the decision is read.
const config = testConfig();
const libA = config.institutions[0]!;
const manager = 'anne.dubois@lib-a.example';
const now = new Date('2027-03-01T09:00:00Z');
const d = (s: string) => s as CalendarDate;

const reading = (kind: RequestKind, fields: RequestFields): RequestReading => ({
  kind,
  language: 'fr',
  references: [],
  fields,
  invalid: {},
});

const student: RequestFields = {
  fullName: 'Lambert Marie',
  email: 'marie.lambert@lib-a.example',
  employeeType: 'student',
  supervisorEmail: 'paul.martin@lib-a.example',
  missionEndDate: d('2027-06-30'),
  tasks: 'prêt et retour',
};

function account(overrides: Partial<Account> = {}): Account {
  return {
    id: 'ACC-1',
    institution: 'LIB-A',
    accountType: 'personal',
    employeeType: 'student',
    fullName: 'Lambert Marie',
    email: 'marie.lambert@lib-a.example',
    supervisorEmail: 'paul.martin@lib-a.example',
    tasks: 'prêt',
    missionEndDate: d('2027-06-30'),
    endDate: d('2027-07-30'),
    deactivationDate: null,
    status: 'active',
    trainingRecommended: false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 3,
    ...overrides,
  };
}

function facts(r: RequestReading, more: Partial<RequestFacts> = {}): RequestFacts {
  return {
    reading: r,
    institution: libA,
    sender: manager,
    now,
    source: { actor: manager, reason: 'test', reference: 'REQ-2027-TEST0001' },
    accountsAtAddress: [],
    supervisorAccounts: [],
    shorteningConfirmed: false,
    ...more,
  };
}

describe('requestLookups: what the decision reads first', () => {
  it('nothing while fields are missing', () => {
    const r = reading('new-personal', { ...student, tasks: undefined });
    expect(requestLookups({ reading: r, institution: libA, sender: manager })).toEqual({});
  });
  it("a new account: the address's accounts and the supervisor's", () => {
    expect(
      requestLookups({ reading: reading('new-personal', student), institution: libA, sender: manager }),
    ).toEqual({
      accountsAt: 'marie.lambert@lib-a.example',
      supervisorAccountsAt: 'paul.martin@lib-a.example',
    });
  });
  it('no supervisor lookup when the sender supervises, or for a permanent employee', () => {
    const bySender = reading('new-personal', { ...student, supervisorEmail: manager });
    expect(
      requestLookups({ reading: bySender, institution: libA, sender: manager }).supervisorAccountsAt,
    ).toBe(manager);
    const permanent = reading('new-personal', {
      ...student,
      employeeType: 'permanent',
      supervisorEmail: undefined,
      missionEndDate: undefined,
    });
    expect(requestLookups({ reading: permanent, institution: libA, sender: manager })).toEqual({
      accountsAt: 'marie.lambert@lib-a.example',
    });
  });
  it('a renewal: the account of the pending request by id, else by address', () => {
    const r = reading('renewal', { email: 'marie.lambert@lib-a.example', newEndDate: d('2027-12-31') });
    expect(requestLookups({ reading: r, institution: libA, sender: manager })).toEqual({
      target: { email: 'marie.lambert@lib-a.example' },
    });
    expect(
      requestLookups({ reading: r, institution: libA, sender: manager, previousAccountId: 'ACC-9' }),
    ).toEqual({
      target: { id: 'ACC-9' },
    });
  });
});

describe('decideRequest: new accounts', () => {
  it('accepts a complete request: the account ends a month after the mission', () => {
    const decision = decideRequest(facts(reading('new-personal', student)));
    expect(decision.outcome).toBe('accepted');
    if (decision.outcome !== 'accepted') return;
    expect(decision.account.endDate).toBe('2027-07-30');
    expect(decision.effect).toMatchObject({ kind: 'create', event: { action: 'created', actor: manager } });
  });
  it('asks for what is missing', () => {
    const decision = decideRequest(facts(reading('new-personal', { ...student, missionEndDate: undefined })));
    expect(decision).toMatchObject({ outcome: 'needs-info', missing: ['missionEndDate'] });
  });
  it('refuses an address that already has an open account; a closed one is no obstacle', () => {
    const r = reading('new-personal', student);
    expect(decideRequest(facts(r, { accountsAtAddress: [account()] }))).toEqual({
      outcome: 'rejected',
      reason: 'already-exists',
    });
    expect(decideRequest(facts(r, { accountsAtAddress: [account({ status: 'closed' })] })).outcome).toBe(
      'accepted',
    );
  });
  it('a supervisor with an open non-permanent account is asked again', () => {
    const decision = decideRequest(
      facts(reading('new-personal', student), {
        supervisorAccounts: [account({ email: 'paul.martin@lib-a.example', employeeType: 'temporary' })],
      }),
    );
    expect(decision).toMatchObject({
      outcome: 'needs-info',
      missing: ['supervisorEmail'],
      invalid: { supervisorEmail: 'not-a-supervisor' },
    });
  });
  it('a permanent employee with an end date is asked; a shared account with cataloguing is refused', () => {
    const permanent = reading('new-personal', {
      ...student,
      employeeType: 'permanent',
      supervisorEmail: undefined,
    });
    expect(decideRequest(facts(permanent))).toMatchObject({
      outcome: 'needs-info',
      invalid: { missionEndDate: 'no-end-for-permanent' },
    });
    const shared = reading('new-shared', {
      fullName: 'Balie',
      email: 'balie@lib-a.example',
      tasks: 'catalogage',
      accountType: 'shared',
    });
    expect(decideRequest(facts(shared))).toEqual({
      outcome: 'rejected',
      reason: 'shared-forbidden-permissions',
    });
  });
});

describe('decideRequest: renewals and closures', () => {
  const renewal = (end: string) =>
    reading('renewal', { email: 'marie.lambert@lib-a.example', newEndDate: d(end) });
  it('renews to a month after the new end, as the next version', () => {
    const decision = decideRequest(facts(renewal('2027-12-31'), { target: account() }));
    expect(decision).toMatchObject({
      outcome: 'accepted',
      account: { endDate: '2028-01-31', version: 4 },
      effect: { kind: 'update', event: { action: 'renewed' } },
    });
  });
  it('a renewal that shortens the account needs "Confirm: yes"', () => {
    expect(decideRequest(facts(renewal('2027-04-30'), { target: account() }))).toMatchObject({
      outcome: 'needs-info',
      invalid: { newEndDate: 'shortens' },
    });
    expect(
      decideRequest(facts(renewal('2027-04-30'), { target: account(), shorteningConfirmed: true })).outcome,
    ).toBe('accepted');
    expect(confirmsShortening('Bonjour,\nConfirmer : oui\n')).toBe(true);
    expect(confirmsShortening('Confirm: no')).toBe(false);
  });
  it("another institution's account, a closed one or none: which account is asked", () => {
    for (const target of [undefined, account({ institution: 'LIB-B' }), account({ status: 'closed' })])
      expect(decideRequest(facts(renewal('2027-12-31'), { target }))).toMatchObject({
        outcome: 'needs-info',
        missing: ['account'],
      });
  });
  it('a closure from a later date is recorded; from today it closes', () => {
    const closure = (date: string) =>
      reading('closure', { email: 'marie.lambert@lib-a.example', deactivationDate: d(date) });
    expect(decideRequest(facts(closure('2027-04-15'), { target: account() }))).toMatchObject({
      outcome: 'accepted',
      account: { status: 'active', deactivationDate: '2027-04-15' },
      effect: { event: { action: 'closure-requested' } },
    });
    expect(decideRequest(facts(closure('2027-03-01'), { target: account() }))).toMatchObject({
      outcome: 'accepted',
      account: { status: 'closed' },
      effect: { event: { action: 'closed' } },
    });
  });
});
