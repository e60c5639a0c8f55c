import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeAccount } from '../../../shared/app/accounts/account-writes';
import { provisionAccount, syncAlmaExpiry } from '../../../shared/app/alma/provision';
import type { AppContext } from '../../../shared/app/context';
import { receiveInboundMail } from '../../../shared/app/inbound/receive-mail';
import { renewed } from '../../../shared/domain/account-changes';
import { managerAlmaSentence } from '../../../shared/domain/alma/answer-parts';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { ConcurrentUpdateError } from '../../../shared/errors';
import { handleDecisionRequest } from '../../../shared/web/web-app';
import { sesStore } from '../../support/services';
import { type AlmaWorld, almaWorld } from './world';

const DOMAIN = 'alma-provision.example';
let world: AlmaWorld;
const mailsTo = async (address: string) =>
  (await sesStore()).filter((m) => m.destination.to.includes(address));

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN });
});
afterAll(() => world.stop());
beforeEach(() => world.standIn.resetStats());

describe('provisioning a new account', () => {
  it('waits for the approval in approve mode, sending nothing to Alma', async () => {
    // Prepare
    const account = await world.account({ institution: 'LIB-A' });
    // Act
    const result = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-1' });
    // Assess
    expect(result.outcome).toBe('awaiting-approval');
    expect(world.standIn.stats().requests).toBe(0);
    expect(result.account.alma).toMatchObject({ state: 'awaiting-approval', linkedAt: null });
    if (result.outcome !== 'awaiting-approval') throw new Error('unreachable');
    expect(result.user).toMatchObject({ primary_id: account.email, expiry_date: '2027-05-30Z' });
  });

  it('creates the user with one POST once approved: group, dates, roles of the profile, no PIN letter', async () => {
    const account = await world.account({
      institution: 'LIB-A',
      fullName: 'Jean Lemaire',
      tasks: 'prêt et retours',
    });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-2' });

    const result = await provisionAccount(world.ctx, account.id, {
      actor: 'decision-link',
      via: 'L-approve-2',
      approved: true,
    });

    expect(result.outcome).toBe('created');
    expect(world.standIn.stats().byRoute).toEqual({ 'POST /users': 1 });
    const user = world.standIn.user('LIB-A', account.email)!;
    expect(user).toMatchObject({
      primary_id: account.email,
      first_name: 'Jean',
      last_name: 'Lemaire',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      user_group: { value: 'STAFF' },
      expiry_date: '2027-05-30Z',
      purge_date: '2027-08-28Z',
      contact_info: {
        email: [{ email_address: account.email, preferred: true, email_type: [{ value: 'work' }] }],
      },
    });
    expect(user.user_role).toEqual([
      {
        status: { value: 'ACTIVE' },
        scope: { value: 'MAIN' },
        role_type: { value: '32' },
        parameter: [{ type: { value: 'CirculationDesk' }, value: { value: 'DEFAULT_CIRC_DESK' } }],
      },
    ]);
    expect(user).not.toHaveProperty('password');
    expect(result.account.alma).toMatchObject({
      state: 'synced',
      expiryDate: '2027-05-30',
      primaryId: account.email,
    });
    const history = await world.ctx.accounts.history(account.id);
    const syncs = history.filter((e) => e.action === 'alma-sync');
    expect(syncs.map((e) => e.alma?.outcome)).toEqual(['awaiting-approval', 'creating', 'created']);
    expect(syncs.at(-1)).toMatchObject({
      actor: 'decision-link',
      reference: 'L-approve-2',
      alma: { calls: ['POST OK'] },
    });
    const told = await mailsTo(`helpdesk@${DOMAIN}`);
    expect(
      told.some((m) => m.subject.startsWith('Alma: user created') && m.body.text?.includes(account.id)),
    ).toBe(true);
  });

  it('creates at once in auto mode, with every profile the tasks name', async () => {
    const account = await world.account({
      institution: 'LIB-B',
      tasks: 'catalogage des monographies et prêt',
      employeeType: 'permanent',
      missionEndDate: null,
      endDate: null,
    });

    const result = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-3' });

    expect(result.outcome).toBe('created');
    const user = world.standIn.user('LIB-B', account.email)!;
    expect(user.user_role?.map((r) => r.role_type.value).sort()).toEqual(['204', '32']);
    expect(user).not.toHaveProperty('expiry_date');
    expect(user).not.toHaveProperty('purge_date');
  });

  it('a user Alma already has under the primary id is not ours: nothing changes in Alma, the helpdesk is asked', async () => {
    const account = await world.account({ institution: 'LIB-B', fullName: 'Existing Elsewhere' });
    const seeded = {
      primary_id: account.email,
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      last_name: 'Existing',
      user_group: { value: 'STAFF' },
      expiry_date: '2029-05-30Z',
      user_role: [],
    };
    world.standIn.seed('LIB-B', [seeded]);

    const result = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-4' });

    expect(result.outcome).toBe('awaiting-link');
    expect(world.standIn.users('LIB-B').filter((u) => u.primary_id === account.email)).toHaveLength(1);
    expect(world.standIn.user('LIB-B', account.email)).toEqual(seeded);
    expect(world.standIn.stats().byRoute).toEqual({ 'POST /users': 1, 'GET /users/{id}': 1 });
    expect(result.account.alma).toMatchObject({ state: 'awaiting-link', linkedAt: null });
    const asked = (await mailsTo(`helpdesk@${DOMAIN}`)).filter((m) =>
      m.subject.includes('Existing Elsewhere'),
    );
    expect(asked.map((m) => m.subject)).toEqual([
      'Alma: existing user – link it? – Existing Elsewhere (Library B)',
    ]);
    expect(asked[0]!.body.text).toContain('/decision?t=');
    expect(asked[0]!.body.text).toContain('expiry_date: 30/05/2029 → 30/05/2027');
    // Asked again (alma push, a retry): still waiting, Alma not even read.
    world.standIn.resetStats();
    const again = await provisionAccount(world.ctx, account.id, {
      actor: 'cli:x',
      via: 'cli',
      approved: true,
    });
    expect(again.outcome).toBe('awaiting-link');
    expect(world.standIn.stats().requests).toBe(0);
  });

  it('email-local-part: admin@student… never takes over Alma’s user admin, not even on alma push', async () => {
    const localPart: AppContext = {
      ...world.ctx,
      config: {
        ...world.ctx.config,
        institutions: world.ctx.config.institutions.map((i) => ({
          ...i,
          almaUser: { ...i.almaUser!, primaryId: 'email-local-part' as const },
        })),
      },
    };
    const director = {
      primary_id: 'admin',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      first_name: 'Dana',
      last_name: 'Director',
      user_group: { value: 'STAFF' },
      contact_info: {
        email: [{ email_address: `admin@staff.${DOMAIN}`, preferred: true, email_type: [{ value: 'work' }] }],
      },
      user_role: [
        { status: { value: 'ACTIVE' }, scope: { value: 'INST' }, role_type: { value: '26' }, parameter: [] },
      ],
    };
    world.standIn.seed('LIB-B', [director]);
    const student = await world.account({ institution: 'LIB-B', email: `admin@student.${DOMAIN}` });

    const first = await provisionAccount(localPart, student.id, { actor: 'manager', via: 'REQ-LP' });
    const pushed = await provisionAccount(localPart, student.id, {
      actor: 'cli:x',
      via: 'cli',
      approved: true,
    });

    expect([first.outcome, pushed.outcome]).toEqual(['awaiting-link', 'awaiting-link']);
    if (first.outcome !== 'awaiting-link') throw new Error('unreachable');
    expect(first.emailDiffers).toBe(true);
    expect(world.standIn.user('LIB-B', 'admin')).toEqual(director);
    expect((await world.ctx.accounts.get(student.id))?.alma).toMatchObject({
      primaryId: 'admin',
      state: 'awaiting-link',
      linkedAt: null,
    });
    const asked = (await mailsTo(`helpdesk@${DOMAIN}`)).find((m) => m.body.text?.includes(student.id));
    expect(asked?.body.text).toContain(`Warning: this Alma user's e-mail is not admin@student.${DOMAIN}`);
  });

  it('after a crash between Alma’s answer and our record, the retry links and never creates twice', async () => {
    const account = await world.account({ institution: 'LIB-B' });
    // The write recording Alma's answer is lost once (the function died right after Alma answered).
    let lose = true;
    const crashing: AppContext = {
      ...world.ctx,
      accounts: {
        ...world.ctx.accounts,
        get: (id) => world.ctx.accounts.get(id),
        update: async (next, event) => {
          if (lose && event.alma?.outcome === 'created') {
            lose = false;
            throw new Error('Lambda timed out');
          }
          return world.ctx.accounts.update(next, event);
        },
      },
    };
    await expect(provisionAccount(crashing, account.id, { actor: 'manager', via: 'REQ-5' })).rejects.toThrow(
      'Lambda timed out',
    );

    const retry = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-5' });

    expect(retry.outcome).toBe('linked');
    expect(world.standIn.stats().byRoute['POST /users']).toBe(1);
    expect(world.standIn.users('LIB-B').filter((u) => u.primary_id === account.email)).toHaveLength(1);
    expect(retry.account.alma).toMatchObject({ state: 'synced', expiryDate: '2027-05-30' });
  });
});

describe('a request at the address of a user Alma already has (auto mode)', () => {
  const MANAGER = `manager@lib-b.${DOMAIN}`;
  const DIRECTOR = `director@lib-b.${DOMAIN}`;
  // The director's Alma user, made by hand long ago: administrator roles, no expiry, no purge date.
  const director = {
    primary_id: DIRECTOR,
    record_type: { value: 'STAFF' },
    account_type: { value: 'INTERNAL' },
    first_name: 'Dirk',
    last_name: 'Directeur',
    user_group: { value: 'STAFF' },
    status: { value: 'ACTIVE' },
    contact_info: {
      email: [{ email_address: DIRECTOR, preferred: true, email_type: [{ value: 'work' }] }],
    },
    user_role: [
      { status: { value: 'ACTIVE' }, scope: { value: 'INST' }, role_type: { value: '26' }, parameter: [] },
      { status: { value: 'ACTIVE' }, scope: { value: 'INST' }, role_type: { value: '204' }, parameter: [] },
    ],
    user_note: [{ note_type: { value: 'OTHER' }, note_text: 'Director, do not expire' }],
  };
  const volunteerRequest = Buffer.from(
    [
      `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${MANAGER}; dkim=none; dmarc=none`,
      `From: Manager B <${MANAGER}>`,
      `To: accounts@${DOMAIN}`,
      'Subject: Nieuwe Alma-account',
      `Message-ID: <volunteer-1@lib-b.${DOMAIN}>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Naam : Vera Vrijwilliger',
      `E-mail : ${DIRECTOR}`,
      'Statuut : vrijwilliger',
      'Taken : uitlening',
      `Begeleider : ${MANAGER}`,
    ].join('\r\n'),
  );

  it('changes nothing in Alma, mails the helpdesk the question, tells the manager it waits; linking moves the dates only', async () => {
    // Prepare
    world.standIn.seed('LIB-B', [director]);
    const now = new Date('2027-01-10T09:00:00Z');

    // Act: the request arrives
    const received = await receiveInboundMail(world.ctx, {
      messageId: 'volunteer-1',
      raw: volunteerRequest,
      receipt: null,
      now,
    });

    // Assess: Alma untouched, the helpdesk asked, the manager told the truth
    expect(received.outcome).toBe('accepted');
    expect(world.standIn.user('LIB-B', DIRECTOR)).toEqual(director);
    const sent = (await sesStore()).filter((m) => m.subject.includes(received.reference!));
    const answer = sent.find((m) => m.destination.to.includes(MANAGER));
    const copy = sent.find((m) => m.destination.to.includes(`helpdesk@${DOMAIN}`));
    expect(answer?.body.text).toContain(managerAlmaSentence('nl', 'awaiting-link'));
    expect(answer?.body.text).not.toContain(managerAlmaSentence('nl', 'created'));
    expect(copy?.subject).toContain('To decide: Alma already has this user, nothing was changed – link it?');
    const text = copy!.body.text!;
    expect(text).toContain(`Alma already has a user ${DIRECTOR} for this account`);
    expect(text).toContain('user_role: 26 @ INST');
    expect(text).toContain('expiry_date: —');
    expect(text).toContain('expiry_date: — → 31/12/2027');
    const accountId = (await world.ctx.accounts.findByEmail(DIRECTOR, 'LIB-B'))[0]!.id;
    expect((await world.ctx.accounts.get(accountId))?.alma).toMatchObject({
      state: 'awaiting-link',
      linkedAt: null,
    });

    // Act: the helpdesk opens the link (changes nothing), then links
    const token = decodeURIComponent(/\/decision\?t=(\S+)/.exec(text)![1]!);
    const request = (method: string, body = '') =>
      handleDecisionRequest(world.ctx, {
        method,
        path: '/decision',
        query: { t: token },
        body,
        now: new Date(),
      });
    world.standIn.resetStats();
    const shown = await request('GET');
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('Link this existing Alma user to the account?');
    expect(shown.body).toContain('<dd>26 @ INST</dd>');
    expect(shown.body).toContain('expiry_date: — → 31/12/2027');
    expect(shown.body).toContain('name="do" value="link"');
    expect(world.standIn.stats().requests).toBe(0);
    // A create button posted from an older page does not link: the question is asked.
    const created = await request('POST', `t=${encodeURIComponent(token)}`);
    expect(created.body).toContain('Link this existing Alma user to the account?');
    expect(world.standIn.user('LIB-B', DIRECTOR)).toEqual(director);

    const linked = await request('POST', `t=${encodeURIComponent(token)}&do=link`);

    // Assess: linked, only the two dates changed in Alma, the roles untouched
    expect(linked.status).toBe(200);
    expect(linked.body).toContain(`Alma already had the user ${DIRECTOR}: it is now linked to the account`);
    const after = world.standIn.user('LIB-B', DIRECTOR)!;
    const { expiry_date, purge_date, created_date: _c, ...rest } = after;
    expect(rest).toEqual(director);
    expect([expiry_date, purge_date]).toEqual(['2027-12-31Z', '2028-03-30Z']);
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1, 'PUT /users/{id}': 1 });
    expect((await world.ctx.accounts.get(accountId))?.alma).toMatchObject({
      state: 'synced',
      expiryDate: '2027-12-31',
      linkedAt: expect.any(String),
    });
  });
});

describe('moving dates of a linked user', () => {
  it('renewal: GET and PUT the whole user back, the roles kept', async () => {
    const account = await world.account({ institution: 'LIB-B' });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-6' });
    const now = new Date('2027-05-01T10:00:00Z');
    await changeAccount(
      world.ctx,
      account.id,
      (current) => {
        const r = renewed(current, { newEmploymentEnd: '2027-09-30' as CalendarDate }, now);
        return r.ok ? r.account : undefined;
      },
      'renewed',
      { actor: 'manager', reason: 'test' },
      now,
    );
    world.standIn.resetStats();

    const result = await syncAlmaExpiry(world.ctx, account.id, { actor: 'manager', via: 'REQ-7' });

    expect(result.outcome).toBe('updated');
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1, 'PUT /users/{id}': 1 });
    const user = world.standIn.user('LIB-B', account.email)!;
    expect(user.expiry_date).toBe('2027-10-30Z');
    expect(user.purge_date).toBe('2028-01-28Z');
    expect(user.user_role).toHaveLength(1);
    expect(result.account.alma?.expiryDate).toBe('2027-10-30');
  });

  it('in sync: one GET, nothing written to Alma', async () => {
    const account = await world.account({ institution: 'LIB-B' });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-8' });
    world.standIn.resetStats();

    const result = await syncAlmaExpiry(world.ctx, account.id, { actor: 'manager', via: 'REQ-9' });

    expect(result.outcome).toBe('in-sync');
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1 });
  });

  it('user not found on renewal (401861): reported to the helpdesk with the account, nothing created', async () => {
    const account = await world.account({ institution: 'LIB-B', fullName: 'Nora Absent' });

    const result = await syncAlmaExpiry(world.ctx, account.id, { actor: 'manager', via: 'REQ-10' });

    expect(result.outcome).toBe('missing');
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1 });
    expect(result.account.alma?.state).toBe('missing');
    const told = (await mailsTo(`helpdesk@${DOMAIN}`)).filter((m) => m.subject.includes('Nora Absent'));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toContain('Alma: user not found');
    expect(told[0]!.body.text).toContain(account.id);
    expect(told[0]!.body.text).toContain(`alma-accounts alma push ${account.id}`);
  });
});

describe('bad input changes nothing', () => {
  it('a closed account that Alma does not have is not created', async () => {
    const account = await world.account({ institution: 'LIB-B', status: 'closed' });
    const result = await provisionAccount(world.ctx, account.id, {
      actor: 'cli:test',
      via: 'cli',
      approved: true,
    });
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'closed' });
    expect(world.standIn.user('LIB-B', account.email)).toBeUndefined();
  });

  it('an account of an institution without provisioning is left alone', async () => {
    const off = {
      ...world.ctx,
      config: {
        ...world.ctx.config,
        institutions: world.ctx.config.institutions.map((i) => ({ ...i, almaProvisioning: 'off' as const })),
      },
    };
    const account = await world.account({ institution: 'LIB-B' });
    const result = await provisionAccount(off, account.id, { actor: 'manager', via: 'REQ-11' });
    expect(result.outcome).toBe('off');
    expect(world.standIn.stats().requests).toBe(0);
    expect((await world.ctx.accounts.get(account.id))?.alma).toBeUndefined();
  });

  it('a concurrent change of the account is re-read, not lost', async () => {
    // ConcurrentUpdateError is retried by changeAccount; the Alma state still lands.
    const account = await world.account({ institution: 'LIB-B' });
    let raced = false;
    const racing: AppContext = {
      ...world.ctx,
      accounts: {
        ...world.ctx.accounts,
        get: (id) => world.ctx.accounts.get(id),
        update: async (next, event) => {
          if (!raced && event.alma?.outcome === 'created') {
            raced = true;
            throw new ConcurrentUpdateError('someone else wrote');
          }
          return world.ctx.accounts.update(next, event);
        },
      },
    };
    const result = await provisionAccount(racing, account.id, { actor: 'manager', via: 'REQ-12' });
    expect(result.outcome).toBe('created');
    expect((await world.ctx.accounts.get(account.id))?.alma?.state).toBe('synced');
  });
});

describe('names by the order of the label (finding 2)', () => {
  it('"Naam en voornaam: Lambert Marie" reaches Alma as first name Marie, last name Lambert; the answer shows both', async () => {
    // Prepare
    const manager = `manager@lib-b.${DOMAIN}`;
    const email = `marie.lambert@${DOMAIN}`;
    const raw = Buffer.from(
      [
        `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${manager}; dkim=none; dmarc=none`,
        `From: Manager B <${manager}>`,
        `To: accounts@${DOMAIN}`,
        'Subject: Nieuwe Alma-account',
        'Message-ID: <names-1@lib-b.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Naam en voornaam: Lambert Marie',
        `E-mail: ${email}`,
        'Statuut: vast',
        'Taken: uitlening',
      ].join('\r\n'),
    );

    // Act
    const received = await receiveInboundMail(world.ctx, {
      messageId: 'names-1',
      raw,
      receipt: null,
      now: new Date('2027-01-10T09:00:00Z'),
    });

    // Assess
    expect(received.outcome).toBe('accepted');
    expect(world.standIn.user('LIB-B', email)).toMatchObject({ first_name: 'Marie', last_name: 'Lambert' });
    const account = (await world.ctx.accounts.findByEmail(email, 'LIB-B'))[0]!;
    expect(account).toMatchObject({ fullName: 'Lambert Marie', givenName: 'Marie', familyName: 'Lambert' });
    const answer = (await mailsTo(manager)).find((m) => m.subject.includes(received.reference!));
    expect(answer?.body.text).toContain('Voornaam: Marie\nAchternaam: Lambert');
  });
});

describe('a wrong split corrected by replying with one line (finding 2)', () => {
  const manager = `manager@lib-b.${DOMAIN}`;
  const mail = (id: string, subject: string, lines: string[], from = manager) =>
    Buffer.from(
      [
        `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${from}; dkim=none; dmarc=none`,
        `From: ${from}`,
        `To: accounts@${DOMAIN}`,
        `Subject: ${subject}`,
        `Message-ID: <${id}@lib-b.example>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        ...lines,
      ].join('\r\n'),
    );
  const receive = (id: string, raw: Buffer, at = '2027-01-10T09:00:00Z') =>
    receiveInboundMail(world.ctx, { messageId: id, raw, receipt: null, now: new Date(at) });

  it('"Voornaam: Marie" in a reply to the answer: the account and the Alma user we created take the split; both are told', async () => {
    // Prepare: the label puts the given name first, but the manager typed the family name first.
    const email = `lambert.m@${DOMAIN}`;
    const request = await receive(
      'split-1',
      mail('split-1', 'Nieuwe Alma-account', [
        'Voornaam en naam: Lambert Marie',
        `E-mail: ${email}`,
        'Statuut: vast',
        'Taken: uitlening',
      ]),
    );
    expect(world.standIn.user('LIB-B', email)).toMatchObject({ first_name: 'Lambert', last_name: 'Marie' });
    const answer = (await mailsTo(manager)).find((m) => m.subject.includes(request.reference!))!;
    expect(answer.body.text).toContain('Antwoord op dit bericht met de verbeterde regel');
    const rolesBefore = world.standIn.user('LIB-B', email)!.user_role;

    // Act: the reply quotes the answer (its wrong lines) under the corrected one.
    const reply = await receive(
      'split-2',
      mail(`split-2`, `Re: ${answer.subject}`, [
        'Voornaam: Marie',
        '',
        '> Voornaam: Lambert',
        '> Achternaam: Marie',
      ]),
      '2027-01-10T10:00:00Z',
    );

    // Assess
    expect(reply).toMatchObject({
      outcome: 'accepted',
      reference: request.reference,
      reason: 'name corrected',
    });
    const account = (await world.ctx.accounts.findByEmail(email, 'LIB-B'))[0]!;
    expect(account).toMatchObject({ givenName: 'Marie', familyName: 'Lambert', fullName: 'Marie Lambert' });
    const history = await world.ctx.accounts.history(account.id);
    expect(history.map((e) => e.action)).toContain('name-corrected');
    const user = world.standIn.user('LIB-B', email)!;
    expect(user).toMatchObject({ first_name: 'Marie', last_name: 'Lambert' });
    expect(user.user_role).toEqual(rolesBefore);
    const confirmation = (await mailsTo(manager)).find(
      (m) => m.subject === `[${request.reference}] Naam verbeterd`,
    );
    expect(confirmation?.body.text).toContain('Voornaam: Marie\nAchternaam: Lambert');
    const copy = (await mailsTo(`helpdesk@${DOMAIN}`)).find((m) => m.subject.includes('Name corrected'));
    expect(copy?.body.text).toContain('created by the suite');

    // The same reply again (a resend): nothing changes, it goes to the helpdesk as before.
    const again = await receive(
      'split-3',
      mail('split-3', `Re: ${answer.subject}`, ['Voornaam: Marie']),
      '2027-01-10T11:00:00Z',
    );
    expect(again.outcome).toBe('forwarded');
  });

  it('a linked Alma user (not ours) keeps its names: the helpdesk is asked to change them by hand', async () => {
    // Prepare: Alma already has the user; the helpdesk linked it.
    const account = await world.account({
      institution: 'LIB-B',
      fullName: 'Peeters Lotte',
      givenName: 'Peeters',
      familyName: 'Lotte',
      employeeType: 'permanent',
      supervisorEmail: null,
      missionEndDate: null,
      endDate: null,
      alma: {
        primaryId: 'lotte.peeters',
        state: 'synced',
        linkedAt: '2027-01-01T00:00:00Z',
        lastSyncAt: '2027-01-01T00:00:00Z',
        lastAnswer: 'linked',
        expiryDate: null,
        origin: 'linked',
      },
    });
    await world.ctx.requests.putRequest({
      reference: 'REQ-2027-SPRT0001',
      status: 'accepted',
      kind: 'new-personal',
      institution: 'LIB-B',
      sender: manager,
      language: 'nl',
      fields: {},
      accountId: account.id,
      messageIds: ['x'],
      createdAt: '2027-01-01T00:00:00Z',
      updatedAt: '2027-01-01T00:00:00Z',
      version: 1,
    });

    // Act
    const reply = await receive(
      'split-4',
      mail('split-4', 'Re: [REQ-2027-SPRT0001] Nieuwe Alma-account: aanvraag aanvaard', [
        'Achternaam: Peeters',
      ]),
    );

    // Assess
    expect(reply.reason).toBe('name corrected');
    expect(await world.ctx.accounts.get(account.id)).toMatchObject({
      givenName: 'Lotte',
      familyName: 'Peeters',
    });
    const copy = (await mailsTo(`helpdesk@${DOMAIN}`)).find((m) => m.subject.includes('REQ-2027-SPRT0001'));
    expect(copy?.body.text).toContain("To do in Alma: correct the user's given and family name.");
  });

  it('someone who is not a manager, or a name that is not a part of the full name: nothing changed', async () => {
    const email = `jan.devos@${DOMAIN}`;
    const request = await receive(
      'split-5',
      mail('split-5', 'Nieuwe Alma-account', [
        'Voornaam en naam: Devos Jan',
        `E-mail: ${email}`,
        'Statuut: vast',
        'Taken: uitlening',
      ]),
    );
    const subject = `Re: [${request.reference}] Nieuwe Alma-account`;
    const outsider = `someone@lib-b.${DOMAIN}`;
    const byOutsider = await receive('split-6', mail('split-6', subject, ['Voornaam: Jan'], outsider));
    expect(byOutsider).toMatchObject({
      outcome: 'rejected',
      reason: 'sender is not a manager of any institution',
    });
    expect((await receive('split-7', mail('split-7', subject, ['Voornaam: Piet']))).outcome).toBe(
      'forwarded',
    );
    expect((await world.ctx.accounts.findByEmail(email, 'LIB-B'))[0]).toMatchObject({
      givenName: 'Devos',
      familyName: 'Jan',
    });
  });
});
