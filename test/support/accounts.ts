import type { Account, AccountEvent } from '../../shared/domain/account';
import type { CalendarDate } from '../../shared/domain/calendar';
import { newAccountId } from '../../shared/domain/ids';

/** An account with sensible defaults for tests; override what the test is about. */
export function anAccount(overrides: Partial<Account> = {}): Account {
  const id = overrides.id ?? newAccountId();
  return {
    id,
    institution: 'LIB-A',
    accountType: 'personal',
    employeeType: 'temporary',
    fullName: 'Jean Lemaire',
    email: `${id.toLowerCase()}@lib-a.example`,
    supervisorEmail: 'anne.dubois@lib-a.example',
    tasks: 'prêt',
    missionEndDate: '2027-04-30' as CalendarDate,
    endDate: '2027-05-30' as CalendarDate,
    deactivationDate: null,
    status: 'active',
    trainingRecommended: false,
    createdAt: '2027-01-10T09:00:00.000Z',
    updatedAt: '2027-01-10T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function createdEvent(account: Account, overrides: Partial<AccountEvent> = {}): AccountEvent {
  return {
    accountId: account.id,
    at: account.createdAt,
    actor: 'test',
    action: 'created',
    reason: 'test',
    ...overrides,
  };
}
