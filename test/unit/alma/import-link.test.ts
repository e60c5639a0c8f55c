import { describe, expect, it } from 'vitest';
import { decideImportLink, needsImportLink } from '../../../shared/domain/alma/import-link-verdict';
import type { ProvisioningInstitution } from '../../../shared/domain/alma/provisioning';
import type { AlmaUser } from '../../../shared/domain/alma/user-record';
import { anAccount } from '../../support/accounts';

const institution = {
  code: 'LIB-A',
  name: 'Library A',
  language: 'fr',
  managers: [],
  almaApiBase: 'https://alma.example',
  almaApiKeySecret: 'k',
  almaUser: { userGroup: 'STAFF', purgeAfterDays: 90, defaultRoleProfile: 'loans', roleProfiles: {} },
} as unknown as ProvisioningInstitution;

const user = (first: string, last: string, email: string): AlmaUser => ({
  primary_id: email,
  record_type: { value: 'STAFF' },
  account_type: { value: 'INTERNAL' },
  first_name: first,
  last_name: last,
  contact_info: { email: [{ email_address: email, preferred: true, email_type: [{ value: 'work' }] }] },
});

describe('decideImportLink', () => {
  const account = anAccount({ fullName: 'Élodie Lambert-Dupont', email: 'e.lambert@lib-a.example' });

  it('the same person (e-mail, and the name in any order, case or accents) is found', () => {
    const verdict = decideImportLink(account, institution, user('ELODIE', 'Lambert-Dupont', account.email));
    expect(verdict).toMatchObject({ kind: 'found', primaryId: account.email });
  });

  it('another name, or an e-mail the user does not have, is a different person, never linked', () => {
    expect(
      decideImportLink(account, institution, user('Eline', 'Lambert-Dupont', account.email)),
    ).toMatchObject({
      kind: 'different-person',
      why: ['name'],
    });
    const moved = { ...user('Élodie', 'Lambert-Dupont', 'other@x.example'), primary_id: account.email };
    expect(decideImportLink(account, institution, moved)).toMatchObject({
      kind: 'different-person',
      why: ['email'],
    });
  });

  it('no user is missing; linked, waiting or closed accounts are not looked up', () => {
    expect(decideImportLink(account, institution, null)).toMatchObject({ kind: 'missing' });
    expect(needsImportLink(account, institution)).toBe(true);
    expect(needsImportLink({ ...account, status: 'closed' }, institution)).toBe(false);
    const alma = {
      primaryId: account.email,
      linkedAt: null,
      lastSyncAt: null,
      lastAnswer: null,
      expiryDate: null,
    };
    expect(needsImportLink({ ...account, alma: { ...alma, state: 'awaiting-approval' } }, institution)).toBe(
      false,
    );
    expect(
      needsImportLink(
        { ...account, alma: { ...alma, state: 'synced', linkedAt: '2027-01-01T00:00:00Z' } },
        institution,
      ),
    ).toBe(false);
  });
});
