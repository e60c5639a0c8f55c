import { describe, expect, it } from 'vitest';
import { almaErrorEntry } from '../../../shared/adapters/alma/error-body';
import { parseConfig } from '../../../shared/config/load';
import type { Institution } from '../../../shared/config/schema';
import type { Account, AlmaState } from '../../../shared/domain/account';
import { helpdeskAlmaBlock, managerAlmaSentence } from '../../../shared/domain/alma/answer-parts';
import { almaDriftMessage, almaResultMessage } from '../../../shared/domain/alma/helpdesk-mails';
import {
  almaExpiry,
  almaNames,
  almaStopsBy,
  chooseRoles,
  createUnderWay,
  decideAlmaEffect,
  primaryIdFor,
  provisioningMode,
} from '../../../shared/domain/alma/provisioning';
import { dateOfAlma } from '../../../shared/domain/alma/user-record';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { signLink, verifyLink } from '../../../shared/domain/notices/token';
import { anAccount } from '../../support/accounts';

const d = (s: string) => s as CalendarDate;

const almaUser = {
  userGroup: 'STAFF',
  defaultRoleProfile: 'loans',
  roleProfiles: {
    loans: {
      area: 'fulfillment',
      roles: [{ role_type: '32', scope: 'MAIN', parameters: [{ type: 'CirculationDesk', value: 'DESK' }] }],
    },
    shelves: { area: 'inventory', roles: [{ role_type: '210', scope: 'MAIN' }] },
    cataloguing: { area: 'cataloguing', roles: [{ role_type: '204', scope: 'INST' }] },
  },
};

function configWith(institution: Record<string, unknown>) {
  return parseConfig(
    JSON.stringify({
      mailbox: 'accounts@helpdesk.example.org',
      helpdesk: 'helpdesk@helpdesk.example.org',
      institutions: [
        {
          code: 'LIB-A',
          name: 'Library A',
          language: 'fr',
          managers: ['anne@lib-a.example'],
          almaApiBase: 'http://127.0.0.1:9',
          almaApiKeySecret: 'alma-api-key/LIB-A',
          almaUser,
          ...institution,
        },
      ],
    }),
  );
}
const institution = (extra: Record<string, unknown> = {}): Institution => configWith(extra).institutions[0]!;
const linked = (extra: Partial<AlmaState> = {}): AlmaState => ({
  primaryId: 'jean@lib-a.example',
  state: 'synced',
  linkedAt: '2027-01-10T09:00:00.000Z',
  lastSyncAt: '2027-01-10T09:00:00.000Z',
  lastAnswer: 'created',
  expiryDate: d('2027-05-30'),
  ...extra,
});
const account = (extra: Partial<Account> = {}) =>
  anAccount({ email: 'Jean@Lib-A.example', fullName: 'Jean Lemaire', tasks: 'prêt', ...extra });

describe('configuration', () => {
  it('provisioning defaults to approve once the API, the key and the user settings are there; off otherwise', () => {
    expect(provisioningMode(institution())).toBe('approve');
    expect(provisioningMode(institution({ almaProvisioning: 'auto' }))).toBe('auto');
    expect(provisioningMode(institution({ almaUser: undefined }))).toBe('off');
    expect(provisioningMode(undefined)).toBe('off');
  });

  it('refuses inconsistent settings, every problem named', () => {
    expect(() => configWith({ almaUser: { ...almaUser, defaultRoleProfile: 'nope' } })).toThrow(
      'institutions.0.almaUser.defaultRoleProfile: "nope" is not in roleProfiles',
    );
    expect(() => configWith({ almaUser: { ...almaUser, accountType: 'EXTERNAL' } })).toThrow(
      'institutions.0.almaUser.externalId: required for EXTERNAL accounts',
    );
    expect(() => configWith({ almaProvisioning: 'auto', almaApiBase: undefined })).toThrow(
      'institutions.0.almaApiBase: required when almaProvisioning is on',
    );
    expect(() => configWith({ almaProvisioning: 'sometimes' })).toThrow('institutions.0.almaProvisioning');
    expect(() =>
      configWith({ almaUser: { ...almaUser, roleProfiles: { loans: { area: 'fun', roles: [] } } } }),
    ).toThrow('almaUser.roleProfiles.loans');
  });
});

describe('the user record', () => {
  it('primary id by rule, lower-cased', () => {
    expect(primaryIdFor({ email: 'Jean@Lib-A.example' }, { primaryId: 'email' })).toBe('jean@lib-a.example');
    expect(primaryIdFor({ email: 'Jean@Lib-A.example' }, { primaryId: 'email-local-part' })).toBe('jean');
  });

  it('names: first word first, "Last, First" as written, shared accounts all last name', () => {
    expect(almaNames({ fullName: 'Jan Van den Bossche', accountType: 'personal' })).toEqual({
      first_name: 'Jan',
      last_name: 'Van den Bossche',
    });
    expect(almaNames({ fullName: 'Dupont,  Marie ', accountType: 'personal' })).toEqual({
      first_name: 'Marie',
      last_name: 'Dupont',
    });
    expect(almaNames({ fullName: 'Prêt Bibliothèque A', accountType: 'shared' })).toEqual({
      first_name: '',
      last_name: 'Prêt Bibliothèque A',
    });
  });

  it('expiry: the deactivation date when it comes first, else the end date, none for permanent staff', () => {
    expect(almaExpiry({ endDate: d('2027-05-30'), deactivationDate: d('2027-03-15') })).toBe('2027-03-15');
    expect(almaExpiry({ endDate: d('2027-05-30'), deactivationDate: null })).toBe('2027-05-30');
    expect(almaExpiry({ endDate: null, deactivationDate: null })).toBeNull();
  });

  it('roles: every profile the tasks name, the default otherwise; a shared account only gets allowed areas', () => {
    const settings = institution().almaUser!;
    expect(chooseRoles({ tasks: 'catalogage et prêt', accountType: 'personal' }, settings)).toMatchObject({
      ok: true,
      profiles: ['loans', 'cataloguing'],
    });
    expect(chooseRoles({ tasks: 'divers travaux', accountType: 'personal' }, settings)).toMatchObject({
      profiles: ['loans'],
    });
    expect(
      chooseRoles({ tasks: 'catalogage et exemplaires', accountType: 'shared' }, settings),
    ).toMatchObject({
      profiles: ['shelves'],
    });
    const onlyCataloguing = { ...settings, defaultRoleProfile: 'cataloguing' };
    expect(chooseRoles({ tasks: 'divers travaux', accountType: 'shared' }, onlyCataloguing)).toMatchObject({
      ok: false,
      problem: 'no-profile-for-shared',
    });
  });

  it('dates are written and read the way Alma writes them', () => {
    expect(dateOfAlma('2027-07-30Z')).toBe('2027-07-30');
    expect(dateOfAlma('2027-07-30+02:00')).toBe('2027-07-30');
    expect(dateOfAlma('2027-02-30Z')).toBeUndefined();
    expect(dateOfAlma(undefined)).toBeUndefined();
  });
});

describe('decideAlmaEffect', () => {
  const inst = institution();
  const auto = institution({ almaProvisioning: 'auto' });

  it('a new account: create, waiting for approval unless approved, with the exact record', () => {
    const effect = decideAlmaEffect({
      account: account(),
      institution: inst,
      intent: 'provision',
      approved: false,
    });
    expect(effect).toMatchObject({ kind: 'create', awaitsApproval: true, primaryId: 'jean@lib-a.example' });
    if (effect.kind !== 'create') throw new Error('unreachable');
    expect(effect.user).toEqual({
      record_type: { value: 'STAFF' },
      primary_id: 'jean@lib-a.example',
      first_name: 'Jean',
      last_name: 'Lemaire',
      user_group: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      status: { value: 'ACTIVE' },
      preferred_language: { value: 'fr' },
      expiry_date: '2027-05-30Z',
      purge_date: '2027-08-28Z',
      contact_info: {
        email: [{ email_address: 'jean@lib-a.example', preferred: true, email_type: [{ value: 'work' }] }],
      },
      user_role: [
        {
          status: { value: 'ACTIVE' },
          scope: { value: 'MAIN' },
          role_type: { value: '32' },
          parameter: [{ type: { value: 'CirculationDesk' }, value: { value: 'DESK' } }],
        },
      ],
    });
  });

  it('Alma already has a user it did not get from us: nothing is sent, the helpdesk is asked, in every mode', () => {
    const existing = {
      primary_id: 'jean@lib-a.example',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      first_name: 'Jean',
      last_name: 'Lemaire',
      user_group: { value: 'ADMIN' },
      expiry_date: '2026-12-31Z',
      user_role: [
        { status: { value: 'ACTIVE' }, scope: { value: 'X' }, role_type: { value: '1' }, parameter: [] },
      ],
      user_note: [{ note_text: 'kept' }],
    };
    for (const institution of [inst, auto]) {
      const effect = decideAlmaEffect({
        account: account(),
        institution,
        intent: 'provision',
        approved: true,
        existing,
      });
      expect(effect).toEqual({
        kind: 'await-link',
        primaryId: 'jean@lib-a.example',
        held: {
          primaryId: 'jean@lib-a.example',
          name: 'Jean Lemaire',
          userGroup: 'ADMIN',
          status: 'ACTIVE',
          accountType: 'INTERNAL',
          emails: [],
          roles: ['1 @ X'],
          expiryDate: '2026-12-31',
          purgeDate: null,
        },
        dates: { from: '2026-12-31', to: '2027-05-30', purge: '2027-08-28' },
        changed: false,
        emailDiffers: true,
      });
    }
    // A renewal of an account never linked meets the same user: asked too, never moved.
    expect(
      decideAlmaEffect({
        account: account(),
        institution: auto,
        intent: 'update-expiry',
        approved: true,
        existing,
      }).kind,
    ).toBe('await-link');
  });

  it('once the helpdesk links the user it was shown: only the dates move, the rest of the user sent back as read (roles left to Alma); a changed user is asked again', () => {
    const existing = {
      primary_id: 'jean@lib-a.example',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      last_name: 'Lemaire',
      expiry_date: '2026-12-31Z',
      user_role: [
        { status: { value: 'ACTIVE' }, scope: { value: 'X' }, role_type: { value: '1' }, parameter: [] },
      ],
      user_note: [{ note_text: 'kept' }],
    };
    const asked = decideAlmaEffect({
      account: account(),
      institution: inst,
      intent: 'provision',
      approved: true,
      existing,
    });
    if (asked.kind !== 'await-link') throw new Error('unreachable');
    const waiting = account({
      alma: {
        primaryId: asked.primaryId,
        state: 'awaiting-link',
        linkedAt: null,
        lastSyncAt: null,
        lastAnswer: null,
        expiryDate: null,
        held: asked.held,
      },
    });
    // Without the helpdesk's click, a retry says the same and reads nothing.
    expect(
      decideAlmaEffect({ account: waiting, institution: auto, intent: 'provision', approved: true }).kind,
    ).toBe('await-link');

    const effect = decideAlmaEffect({
      account: waiting,
      institution: inst,
      intent: 'provision',
      approved: true,
      linkApproved: true,
      existing,
    });

    expect(effect).toMatchObject({
      kind: 'link',
      dates: { from: '2026-12-31', to: '2027-05-30', purge: '2027-08-28' },
    });
    if (effect.kind !== 'link') throw new Error('unreachable');
    // The PUT body: the user as read with the new dates, without user_role (Alma keeps the roles it holds).
    const { user_role: _roles, ...withoutRoles } = existing;
    expect(effect.user).toEqual({ ...withoutRoles, expiry_date: '2027-05-30Z', purge_date: '2027-08-28Z' });
    const changed = {
      ...existing,
      user_role: [...existing.user_role, { ...existing.user_role[0]!, role_type: { value: '2' } }],
    };
    expect(
      decideAlmaEffect({
        account: waiting,
        institution: inst,
        intent: 'provision',
        approved: true,
        linkApproved: true,
        existing: changed,
      }),
    ).toMatchObject({ kind: 'await-link', changed: true });
  });

  it("email-local-part: admin@student… meets Alma's user admin — never linked without the helpdesk, even after a lost create", () => {
    const local = institution({
      almaProvisioning: 'auto',
      almaUser: { ...almaUser, primaryId: 'email-local-part' },
    });
    const director = {
      primary_id: 'admin',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      first_name: 'Directeur',
      last_name: 'Général',
      user_group: { value: 'STAFF' },
      contact_info: { email: [{ email_address: 'admin@staff.example', preferred: true, email_type: [] }] },
      user_role: [
        { status: { value: 'ACTIVE' }, scope: { value: 'INST' }, role_type: { value: '26' }, parameter: [] },
      ],
    };
    const student = account({ email: 'admin@student.example', fullName: 'Ann Min' });
    for (const state of [undefined, 'creating', 'failed'] as const) {
      const effect = decideAlmaEffect({
        account: state
          ? anAccount({
              ...student,
              alma: {
                primaryId: 'admin',
                state,
                linkedAt: null,
                lastSyncAt: null,
                lastAnswer: null,
                expiryDate: null,
              },
            })
          : student,
        institution: local,
        intent: 'provision',
        approved: true,
        existing: director,
      });
      expect(effect).toMatchObject({ kind: 'await-link', primaryId: 'admin', emailDiffers: true });
    }
  });

  it('the user our own lost create made (the account says creating, Alma holds what we sent) is linked without asking', () => {
    const creating = account({
      alma: {
        primaryId: 'jean@lib-a.example',
        state: 'creating',
        linkedAt: null,
        lastSyncAt: null,
        lastAnswer: null,
        expiryDate: null,
      },
    });
    const preview = decideAlmaEffect({
      account: creating,
      institution: auto,
      intent: 'provision',
      approved: true,
    });
    if (preview.kind !== 'create') throw new Error('unreachable');
    const ours = { ...preview.user, created_date: '2027-01-10' };
    expect(
      decideAlmaEffect({
        account: creating,
        institution: auto,
        intent: 'provision',
        approved: true,
        existing: ours,
      }).kind,
    ).toBe('link');
    // The same user before any create of ours was sent: somebody's, so asked.
    expect(
      decideAlmaEffect({
        account: account(),
        institution: auto,
        intent: 'provision',
        approved: true,
        existing: ours,
      }).kind,
    ).toBe('await-link');
  });

  it('a linked account: in sync, moved, or missing in Alma', () => {
    const held = {
      primary_id: 'jean@lib-a.example',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      last_name: 'Lemaire',
      expiry_date: '2027-05-30Z',
      purge_date: '2027-08-28Z',
    };
    const base = { institution: inst, intent: 'update-expiry' as const, approved: false };
    expect(decideAlmaEffect({ ...base, account: account({ alma: linked() }), existing: held })).toMatchObject(
      {
        kind: 'none',
        reason: 'in-sync',
      },
    );
    const renewed = account({ alma: linked(), endDate: d('2027-10-30') });
    expect(decideAlmaEffect({ ...base, account: renewed, existing: held })).toMatchObject({
      kind: 'update-expiry',
      dates: { from: '2027-05-30', to: '2027-10-30' },
      user: { expiry_date: '2027-10-30Z', purge_date: '2028-01-28Z' },
    });
    expect(decideAlmaEffect({ ...base, account: renewed, existing: null })).toEqual({
      kind: 'missing',
      primaryId: 'jean@lib-a.example',
    });
  });

  it('an expiry change of an account Alma does not have never creates it', () => {
    expect(
      decideAlmaEffect({
        account: account(),
        institution: inst,
        intent: 'update-expiry',
        approved: true,
        existing: null,
      }),
    ).toMatchObject({ kind: 'missing' });
  });

  it('nothing when provisioning is off or the account is closed', () => {
    expect(
      decideAlmaEffect({
        account: account(),
        institution: institution({ almaProvisioning: 'off' }),
        intent: 'provision',
        approved: true,
      }),
    ).toEqual({ kind: 'none', reason: 'provisioning-off' });
    expect(
      decideAlmaEffect({
        account: account({ status: 'closed' }),
        institution: inst,
        intent: 'provision',
        approved: true,
      }),
    ).toMatchObject({ kind: 'none', reason: 'closed' });
  });

  it('done in Alma: a synced user whose expiry falls on or before the date', () => {
    expect(almaStopsBy(account({ alma: linked({ expiryDate: d('2027-03-15') }) }), d('2027-03-15'))).toBe(
      true,
    );
    expect(almaStopsBy(account({ alma: linked({ expiryDate: d('2027-05-30') }) }), d('2027-03-15'))).toBe(
      false,
    );
    expect(almaStopsBy(account({ alma: linked({ state: 'failed' }) }), d('2027-06-01'))).toBe(false);
    expect(almaStopsBy(account(), d('2027-06-01'))).toBe(false);
  });
});

describe('Alma error bodies', () => {
  it('reads the JSON and the XML form', () => {
    expect(
      almaErrorEntry(
        '{"errorsExist":true,"errorList":{"error":[{"errorCode":"401861","errorMessage":"User with identifier x was not found.","trackingId":"E01-1"}]},"result":null}',
      ),
    ).toEqual({ code: '401861', message: 'User with identifier x was not found.', trackingId: 'E01-1' });
    expect(
      almaErrorEntry(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><web_service_result xmlns="http://com/exlibris/urm/general/xmlbeans"><errorsExist>true</errorsExist><errorList><error><errorCode>UNAUTHORIZED</errorCode><errorMessage>API-key not defined or not configured to allow this API.</errorMessage><trackingId>E01-2</trackingId></error></errorList></web_service_result>',
      ),
    ).toEqual({
      code: 'UNAUTHORIZED',
      message: 'API-key not defined or not configured to allow this API.',
      trackingId: 'E01-2',
    });
    expect(almaErrorEntry('<html><body>Service Unavailable</body></html>')).toBeUndefined();
    expect(almaErrorEntry('')).toBeUndefined();
  });
});

describe('texts', () => {
  it('the managers are told what really happened, in their language', () => {
    expect(managerAlmaSentence('en', 'created')).toBe('The account has been created in Alma.');
    expect(managerAlmaSentence('fr', 'awaiting-approval')).toBe(
      'Le compte sera créé dans Alma après l’approbation du helpdesk.',
    );
    expect(managerAlmaSentence('nl', 'created')).toBe('Het account is aangemaakt in Alma.');
    expect(managerAlmaSentence('en', 'linked')).toBe('The account is linked to its existing user in Alma.');
    expect(managerAlmaSentence('en', 'awaiting-link')).toContain('waiting for the helpdesk');
    expect(managerAlmaSentence('fr', 'awaiting-link')).toContain('attend le helpdesk');
  });

  it('the helpdesk copy carries the approval link and the exact record', () => {
    const effect = decideAlmaEffect({
      account: account(),
      institution: institution(),
      intent: 'provision',
      approved: false,
    });
    if (effect.kind !== 'create') throw new Error('unreachable');
    const block = helpdeskAlmaBlock('en', {
      status: 'awaiting-approval',
      approvalUrl: 'http://127.0.0.1:8788/decision?t=abc',
      user: effect.user,
      profiles: effect.profiles,
    });
    expect(block).toContain('http://127.0.0.1:8788/decision?t=abc');
    expect(block).toContain('  expiry_date: 2027-05-30Z');
    expect(block).toContain('  user_role: 32 @ MAIN (CirculationDesk=DESK)');
  });

  it('follow-up and drift mails name the account and Alma’s answer', () => {
    const line = {
      accountId: 'ACC-1',
      fullName: 'Jean Lemaire',
      email: 'jean@lib-a.example',
      institutionName: 'Library A',
    };
    const failed = almaResultMessage('en', {
      outcome: 'failed',
      account: line,
      primaryId: 'jean@lib-a.example',
      actor: 'decision-link',
      answer: 'HTTP 500',
    });
    expect(failed.subject).toBe('Alma: failed – Jean Lemaire (Library A)');
    expect(failed.text).toContain('To try again: alma-accounts alma push ACC-1');
    const drift = almaDriftMessage('nl', {
      week: '2027-W06',
      missing: [{ ...line, primaryId: 'jean@lib-a.example' }],
      differs: [],
      unknown: [],
      failed: [],
    });
    expect(drift.subject).toBe('Alma en het accountregister: 1 verschil (week 2027-W06)');
    expect(drift.text).toContain('Ontbreken in Alma:\n- Jean Lemaire <jean@lib-a.example>');
  });
});

describe('the approval link', () => {
  it('is signed for one account, with its own expiry', async () => {
    const token = await signLink({ purpose: 'provision', accountId: 'ACC-1', expiresAt: 2_000_000_000 }, 'k');
    expect(await verifyLink(token, 'k', new Date('2030-01-01T00:00:00Z'))).toEqual({
      ok: true,
      claims: { purpose: 'provision', accountId: 'ACC-1', expiresAt: 2_000_000_000 },
    });
    expect(await verifyLink(token, 'other', new Date())).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifyLink(token, 'k', new Date('2034-01-01T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});

describe('a create under way (concurrent approval clicks)', () => {
  const creating = (updatedAt: string) =>
    anAccount({
      updatedAt,
      alma: {
        primaryId: 'x',
        state: 'creating',
        linkedAt: null,
        lastSyncAt: null,
        lastAnswer: null,
        expiryDate: null,
      },
    });
  it('counts a record a few milliseconds ahead of this click (another click, another clock) as under way', () => {
    const now = new Date('2027-01-10T09:00:00.000Z');
    expect(createUnderWay(creating('2027-01-10T09:00:00.004Z'), now)).toBe(true);
    expect(createUnderWay(creating('2027-01-10T08:59:59.000Z'), now)).toBe(true);
    expect(createUnderWay(creating('2027-01-10T08:50:00.000Z'), now)).toBe(false);
  });
});
