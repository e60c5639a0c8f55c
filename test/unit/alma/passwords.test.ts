import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalSecretBox } from '../../../shared/adapters/secrets/local-secret-box';
import {
  DEFAULT_PASSWORD_POLICY,
  generatePassword,
  type PasswordRotation,
  passwordProblems,
  revealVerdict,
  rotationCandidates,
  withPassword,
} from '../../../shared/domain/alma/passwords';
import type { AlmaUser } from '../../../shared/domain/alma/user-record';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { anAccount } from '../../support/accounts';

const linked = {
  primaryId: 'desk@lib-b.example',
  state: 'synced' as const,
  linkedAt: '2027-01-10T09:00:00.000Z',
  lastSyncAt: null,
  lastAnswer: null,
  expiryDate: null,
};

describe('the password policy', () => {
  it('draws passwords that meet the default policy and Alma’s own rule, from any random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (seed) => {
        let offset = 0;
        // A deterministic stream from the seed, falling back to real randomness once used up.
        const random = (n: number) => {
          const out = offset < seed.length ? seed.subarray(offset, offset + n) : randomBytes(n);
          offset += n;
          return out.length ? out : randomBytes(n);
        };
        const password = generatePassword(DEFAULT_PASSWORD_POLICY, random, ['desk@lib-b.example']);
        expect(password).toHaveLength(16);
        expect(passwordProblems(password, DEFAULT_PASSWORD_POLICY, ['desk@lib-b.example'])).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('names what a password lacks: length, classes, the user name', () => {
    expect(passwordProblems('short', DEFAULT_PASSWORD_POLICY)).toContain('shorter than 16 characters');
    expect(passwordProblems('abcdefghijkmnopq', DEFAULT_PASSWORD_POLICY)).toEqual([
      'no upper',
      'no digits',
      'no symbols',
    ]);
    expect(passwordProblems('Xdesk-9aaaaaaaaaa', DEFAULT_PASSWORD_POLICY, ['desk@lib-b.example'])).toContain(
      'includes the user name',
    );
  });

  it('never goes under Alma’s 8 characters, whatever the policy says', () => {
    const password = generatePassword({ ...DEFAULT_PASSWORD_POLICY, length: 8, symbols: false }, randomBytes);
    expect(password.length).toBeGreaterThanOrEqual(8);
    expect(password).toMatch(/^[A-Za-z0-9]+$/);
  });
});

describe('who rotates', () => {
  const institutions = [
    { code: 'LIB-A', almaProvisioning: 'approve' as const, almaUser: {} },
    { code: 'LIB-B', almaProvisioning: 'auto' as const, almaUser: {} },
    { code: 'LIB-C', almaProvisioning: 'off' as const, almaUser: {} },
  ];
  it('open shared accounts with a linked Alma user of institutions that provision; approve ones wait', () => {
    const shared = (over: Parameters<typeof anAccount>[0]) =>
      anAccount({ accountType: 'shared', endDate: null, alma: linked, ...over });
    const accounts = [
      shared({ id: 'ACC-1', institution: 'LIB-B' }),
      shared({ id: 'ACC-2', institution: 'LIB-A' }),
      shared({ id: 'ACC-3', institution: 'LIB-C' }),
      shared({ id: 'ACC-4', institution: 'LIB-B', alma: null }),
      shared({ id: 'ACC-5', institution: 'LIB-B', deactivationDate: '2027-09-30' as CalendarDate }),
      shared({ id: 'ACC-6', institution: 'LIB-B', status: 'closed' }),
      anAccount({ id: 'ACC-7', institution: 'LIB-B', alma: linked }),
      shared({
        id: 'ACC-8',
        institution: 'LIB-B',
        alma: { ...linked, state: 'awaiting-link', linkedAt: null },
      }),
    ];
    expect(rotationCandidates(accounts, institutions)).toEqual([
      { accountId: 'ACC-2', institution: 'LIB-A', primaryId: linked.primaryId, needsApproval: true },
      { accountId: 'ACC-1', institution: 'LIB-B', primaryId: linked.primaryId, needsApproval: false },
    ]);
  });
});

describe('the PUT that sets a password', () => {
  it('sends the user back without its roles (Alma keeps them) and with password and force_password_change', () => {
    const held = {
      primary_id: 'desk@lib-b.example',
      last_name: 'Desk',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      user_role: [{ role_type: { value: '32' } }],
      expiry_date: '2030-01-01Z',
    } as unknown as AlmaUser;
    expect(withPassword(held, 'S3cret!pass-word', false)).toEqual({
      primary_id: 'desk@lib-b.example',
      last_name: 'Desk',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      expiry_date: '2030-01-01Z',
      password: 'S3cret!pass-word',
      force_password_change: false,
    });
  });
});

describe('what a reveal link may do', () => {
  const rotation: PasswordRotation = {
    rotationDate: '2027-09-01' as CalendarDate,
    accountId: 'ACC-1',
    institution: 'LIB-B',
    primaryId: 'desk@lib-b.example',
    accountName: 'Desk',
    accountEmail: 'desk@lib-b.example',
    state: 'told',
    sealed: 'l1.x.y',
    plannedAt: '2027-09-01T05:00:00.000Z',
    approvedBy: null,
    setAt: '2027-09-01T05:00:01.000Z',
    toldAt: '2027-09-01T05:00:02.000Z',
    revealUntil: '2027-09-15T22:00:00.000Z',
    revealedAt: null,
    revealedBy: null,
    erasedAt: null,
    expiryReportedAt: null,
    lastError: null,
    version: 4,
  };
  const claims = { accountId: 'ACC-1', rotationDate: rotation.rotationDate, manager: 'koen@lib-b.example' };
  const managers = ['koen@lib-b.example', 'an@lib-b.example'];
  const KOEN = 'Koen@lib-b.example';
  const at = new Date('2027-09-02T08:00:00Z');
  it('reveals to a manager of the institution, once, before expiry', () => {
    expect(revealVerdict(rotation, claims, managers, at, KOEN)).toEqual({ kind: 'reveal' });
    expect(
      revealVerdict(
        { ...rotation, state: 'revealed', sealed: null, revealedAt: 'T', revealedBy: 'k' },
        claims,
        managers,
        at,
        undefined,
      ),
    ).toEqual({ kind: 'revealed', at: 'T', by: 'k' });
    expect(revealVerdict(rotation, claims, managers, new Date('2027-09-16T00:00:00Z'), undefined)).toEqual({
      kind: 'expired',
    });
  });
  it('refuses another account, another year, and someone no longer a manager', () => {
    expect(revealVerdict(rotation, { ...claims, accountId: 'ACC-2' }, managers, at, KOEN).kind).toBe(
      'refused',
    );
    expect(
      revealVerdict(rotation, { ...claims, rotationDate: '2026-09-01' as CalendarDate }, managers, at, KOEN)
        .kind,
    ).toBe('refused');
    expect(
      revealVerdict(rotation, { ...claims, manager: 'anne@lib-a.example' }, managers, at, KOEN).kind,
    ).toBe('refused');
    expect(revealVerdict(undefined, claims, managers, at, KOEN).kind).toBe('refused');
  });
  it('reveals only to the link’s manager signed in to the portal: nobody signed in, or another person, sees nothing', () => {
    expect(revealVerdict(rotation, claims, managers, at, undefined)).toEqual({ kind: 'sign-in' });
    for (const other of ['an@lib-b.example', 'anne@lib-a.example', 'staff@helpdesk.example'])
      expect(revealVerdict(rotation, claims, managers, at, other), other).toEqual({ kind: 'other-person' });
    // What became of it holds no secret: told without a session.
    expect(
      revealVerdict({ ...rotation, state: 'expired', sealed: null }, claims, managers, at, undefined),
    ).toEqual({
      kind: 'expired',
    });
  });
});

describe('the local secret box', () => {
  const secrets = { get: async () => randomKey };
  const randomKey = randomBytes(32).toString('base64url');
  it('opens what it sealed, for the same context only; the sealed text does not hold the password', async () => {
    const box = new LocalSecretBox(secrets);
    const sealed = await box.seal('Pa55word!long-one', { accountId: 'ACC-1' });
    expect(sealed).not.toContain('Pa55word');
    expect(await box.open(sealed, { accountId: 'ACC-1' })).toBe('Pa55word!long-one');
    await expect(box.open(sealed, { accountId: 'ACC-2' })).rejects.toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(box.open(tampered, { accountId: 'ACC-1' })).rejects.toThrow();
  });
});
