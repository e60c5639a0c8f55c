import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../../local/cli/main';
import { writeRuntimeInfo } from '../../../local/runtime-context';
import { almaApprovalLink } from '../../../shared/app/alma/approval';
import { almaDrift, isoWeek, runAlmaDrift } from '../../../shared/app/alma/drift-report';
import { provisionAccount, syncAlmaExpiry } from '../../../shared/app/alma/provision';
import { receiveInboundMail } from '../../../shared/app/inbound/receive-mail';
import { runNoticeJob } from '../../../shared/app/notices/run-notice-job';
import { applyReviewChoice } from '../../../shared/app/review/review-decisions';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { handleDecisionRequest } from '../../../shared/web/web-app';
import { sesStore } from '../../support/services';
import { type AlmaWorld, almaWorld, KEYS, notFound890 } from './world';

const DOMAIN = 'alma-sync.example';
let world: AlmaWorld;

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN });
});
afterAll(() => world.stop());

describe('the approval page', () => {
  it('GET shows the exact record and changes nothing; the POST of its button creates; a second POST says so', async () => {
    // Prepare
    const account = await world.account({ institution: 'LIB-A', fullName: 'Paul <b>Peeters</b>' });
    const now = new Date();
    const url = new URL(await almaApprovalLink(world.ctx, account.id, now));
    const token = url.searchParams.get('t')!;
    world.standIn.resetStats();
    const request = (method: string, body = '') =>
      handleDecisionRequest(world.ctx, {
        method,
        path: '/decision',
        query: { t: token },
        body,
        now: new Date(),
      });

    // Act: a mail scanner follows the link
    const shown = await request('GET');

    // Assess
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('Create this user in Alma?');
    expect(shown.body).toContain(`<dd>${account.email}</dd>`);
    expect(shown.body).toContain('32 @ MAIN (CirculationDesk=DEFAULT_CIRC_DESK)');
    expect(shown.body).toContain('Paul &lt;b&gt;Peeters&lt;/b&gt;');
    expect(shown.body).toContain('&quot;expiry_date&quot;: &quot;2027-05-30Z&quot;');
    expect(world.standIn.stats().requests).toBe(0);
    expect(world.standIn.user('LIB-A', account.email)).toBeUndefined();

    const created = await request('POST', `t=${encodeURIComponent(token)}`);
    expect(created.status).toBe(200);
    expect(created.body).toContain(`The Alma user ${account.email} was created.`);
    expect(world.standIn.user('LIB-A', account.email)?.expiry_date).toBe('2027-05-30Z');
    const history = await world.ctx.accounts.history(account.id);
    expect(history.at(-1)).toMatchObject({
      action: 'alma-sync',
      actor: 'decision-link',
      alma: { outcome: 'created' },
    });
    expect(history.at(-1)?.reference).toMatch(/^L-/);

    const again = await request('POST', `t=${encodeURIComponent(token)}`);
    expect(again.body).toContain('is already created or linked. Nothing changed.');
    expect(world.standIn.stats().byRoute).toEqual({ 'POST /users': 1 });
  });

  it('approve mode: the create button meets a user Alma already has — nothing changed, the page asks to link it', async () => {
    const account = await world.account({ institution: 'LIB-A', fullName: 'Clash Approve' });
    const existing = {
      primary_id: account.email,
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      first_name: 'Someone',
      last_name: 'Else',
      user_group: { value: 'STAFF' },
      user_role: [
        { status: { value: 'ACTIVE' }, scope: { value: 'INST' }, role_type: { value: '26' }, parameter: [] },
      ],
    };
    world.standIn.seed('LIB-A', [existing]);
    const token = new URL(await almaApprovalLink(world.ctx, account.id, new Date())).searchParams.get('t')!;

    const answer = await handleDecisionRequest(world.ctx, {
      method: 'POST',
      path: '/decision',
      query: {},
      body: `t=${encodeURIComponent(token)}`,
      now: new Date(),
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Link this existing Alma user to the account?');
    expect(answer.body).toContain('<dd>Someone Else</dd>');
    expect(answer.body).toContain('<dd>26 @ INST</dd>');
    expect(answer.body).toContain('id="alma-email-warning"');
    expect(world.standIn.user('LIB-A', account.email)).toEqual(existing);
    expect((await world.ctx.accounts.get(account.id))?.alma).toMatchObject({
      state: 'awaiting-link',
      linkedAt: null,
    });
  });

  it('a tampered link is refused and changes nothing', async () => {
    const account = await world.account({ institution: 'LIB-A' });
    const url = new URL(await almaApprovalLink(world.ctx, account.id, new Date()));
    const token = `${url.searchParams.get('t')!.slice(0, -2)}xx`;
    const answer = await handleDecisionRequest(world.ctx, {
      method: 'POST',
      path: '/decision',
      query: {},
      body: `t=${token}`,
      now: new Date(),
    });
    expect(answer.status).toBe(400);
    expect(world.standIn.user('LIB-A', account.email)).toBeUndefined();
  });
});

describe('dates that move', () => {
  it('a yearly-review "renew" moves the Alma user to 31 December next year', async () => {
    const account = await world.account({
      institution: 'LIB-B',
      employeeType: 'volunteer',
      missionEndDate: null,
      endDate: '2027-12-31' as CalendarDate,
    });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-R1' });
    const result = await applyReviewChoice(world.ctx, {
      accountId: account.id,
      campaign: 2027,
      decision: 'renew',
      now: new Date('2027-11-20T10:00:00Z'),
      actor: 'decision-link',
      via: 'L-review',
      reason: 'test',
    });
    expect(result.outcome).toBe('decided');
    expect(world.standIn.user('LIB-B', account.email)?.expiry_date).toBe('2028-12-31Z');
    expect(result.account?.alma?.expiryDate).toBe('2028-12-31');
  });

  it('the deactivation list says "done in Alma" when Alma already ends the user by that date', async () => {
    const closing = await world.account({
      institution: 'LIB-B',
      fullName: 'Closing Done',
      deactivationDate: '2027-03-15' as CalendarDate,
    });
    await provisionAccount(world.ctx, closing.id, { actor: 'manager', via: 'REQ-D1' });
    expect(world.standIn.user('LIB-B', closing.email)?.expiry_date).toBe('2027-03-15Z');
    const manual = await world.account({
      institution: 'LIB-A',
      fullName: 'Closing Manual',
      deactivationDate: '2027-03-15' as CalendarDate,
    });

    await runNoticeJob('deactivation-list', world.ctx, new Date('2027-03-15T06:45:00Z'));

    const list = (await sesStore()).find(
      (m) => m.subject.startsWith('Alma accounts to deactivate') && m.body.text?.includes('Closing Done'),
    );
    const text = list!.body.text!;
    const done = text.indexOf('Already done in Alma');
    expect(done).toBeGreaterThan(0);
    expect(text.indexOf('Closing Done')).toBeGreaterThan(done);
    expect(text.indexOf('Closing Manual')).toBeLessThan(done);
    expect(manual.alma ?? null).toBeNull();
  });
});

describe('the drift report', () => {
  it('names an expiry changed directly in Alma, a user missing in Alma and a staff user nobody knows', async () => {
    const drifting = await world.account({ institution: 'LIB-B', fullName: 'Drift Edited' });
    await provisionAccount(world.ctx, drifting.id, { actor: 'manager', via: 'REQ-X1' });
    const absent = await world.account({ institution: 'LIB-B', fullName: 'Drift Absent' });
    // Someone changes the user in Alma by hand, and creates another staff user there.
    world.standIn.edit('LIB-B', drifting.email, { expiry_date: '2030-01-01Z' });
    world.standIn.seed('LIB-B', [
      {
        primary_id: `stranger@${DOMAIN}`,
        record_type: { value: 'STAFF' },
        account_type: { value: 'INTERNAL' },
        first_name: 'Some',
        last_name: 'Stranger',
        user_group: { value: 'STAFF' },
      },
    ]);
    const now = new Date('2027-02-08T05:30:00Z');

    const report = await almaDrift(world.ctx, now, { institution: 'LIB-B' });

    const lib = report.institutions[0]!;
    expect(lib.differs.map((l) => [l.accountId, l.registryExpiry, l.almaExpiry])).toContainEqual([
      drifting.id,
      '2027-05-30',
      '2030-01-01',
    ]);
    expect(lib.missing.map((l) => l.accountId)).toContain(absent.id);
    expect(lib.unknown.map((u) => u.primaryId)).toEqual([`stranger@${DOMAIN}`]);

    const job = await runAlmaDrift(world.ctx, now);
    expect(job.sent).toBe(1);
    const digest = (await sesStore()).filter((m) =>
      m.subject.includes(`(week ${isoWeek('2027-02-08' as CalendarDate)})`),
    );
    expect(digest).toHaveLength(1);
    expect(digest[0]!.destination.to).toEqual([`helpdesk@${DOMAIN}`]);
    expect(digest[0]!.body.text).toContain('Drift Edited');
    expect(digest[0]!.body.text).toContain('30/05/2027 → 01/01/2030');
    expect(digest[0]!.body.text).toContain(`Some Stranger – Alma stranger@${DOMAIN} – Library B`);
    // Once a week: the same week's second run sends nothing.
    expect((await runAlmaDrift(world.ctx, new Date('2027-02-09T05:30:00Z'))).sent).toBe(0);
  });
});

describe('the drift report and 401890', () => {
  it('a user Alma answers 401890 for ("of type all_unique was not found") is listed missing, the institution still compared', async () => {
    const own = await almaWorld({ domain: 'alma-drift-890.example' });
    try {
      const absent = await own.account({ institution: 'LIB-A', fullName: 'Drift Gone 890' });
      own.standIn.inject({ route: 'GET /users/{id}', ...notFound890(absent.email) });

      const report = await almaDrift(own.ctx, new Date('2027-02-08T05:30:00Z'), { institution: 'LIB-A' });

      const lib = report.institutions[0]!;
      expect(lib.failed).toBeUndefined();
      expect(lib.missing.map((l) => l.accountId)).toEqual([absent.id]);
    } finally {
      await own.stop();
    }
  });
});

describe('the CLI', () => {
  async function cli(...args: string[]) {
    const dataDir = world.ctx.dataDir;
    writeRuntimeInfo(dataDir, {
      pid: process.pid,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: world.ctx.tableName,
    });
    const configPath = join(dataDir, 'config.json');
    writeFileSync(configPath, JSON.stringify(world.ctx.config));
    writeFileSync(
      join(dataDir, 'secrets.json'),
      JSON.stringify({ 'alma-api-key/LIB-A': KEYS['LIB-A'], 'alma-api-key/LIB-B': KEYS['LIB-B'] }),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--data-dir', dataDir, '--config', configPath, ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out, err };
  }

  it('alma push creates an unapproved user; accounts show gives its primary id, last sync and Alma’s answer', async () => {
    const account = await world.account({ institution: 'LIB-A' });
    const pushed = await cli('alma', 'push', account.id, '--json');
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.out[0]!)).toMatchObject({
      accountId: account.id,
      outcome: 'created',
      primaryId: account.email,
    });
    const shown = await cli('accounts', 'show', account.id);
    expect(shown.out).toContainEqual(`alma.primaryId       ${account.email}`);
    expect(shown.out.find((l) => l.startsWith('alma.lastSyncAt'))).toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(shown.out).toContainEqual('alma.lastAnswer      created, expiry 2027-05-30Z');
    expect(shown.out.some((l) => l.includes('alma-sync') && l.includes('[POST OK]'))).toBe(true);
  });

  it('alma push of an unknown account is a clear error that changes nothing', async () => {
    const run = await cli('alma', 'push', 'ACC-NOPE');
    expect(run.code).toBe(1);
    expect(run.err).toEqual(['alma-accounts: no account ACC-NOPE']);
    expect((await cli('alma', 'push')).code).toBe(1);
  });

  it('alma link (finding 10): imported accounts looked up dry, then linked on --confirm only — never a different person', async () => {
    // Prepare: three accounts an import brought in, and the users Alma already has
    const imported = (fullName: string) =>
      world.account({ institution: 'LIB-A', fullName, endDate: '2027-06-30' as CalendarDate, alma: null });
    const same = await imported('Marie Lambert');
    const other = await imported('Paul Martin');
    const absent = await imported('Nina Nowhere');
    const almaUser = (primaryId: string, first: string, last: string, email: string) => ({
      primary_id: primaryId,
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      first_name: first,
      last_name: last,
      user_group: { value: 'STAFF' },
      status: { value: 'ACTIVE' },
      expiry_date: '2027-06-30Z',
      contact_info: { email: [{ email_address: email, preferred: true, email_type: [{ value: 'work' }] }] },
    });
    world.standIn.seed('LIB-A', [
      almaUser(same.email, 'Marie', 'LAMBERT', same.email),
      almaUser(other.email, 'Pauline', 'Martin', other.email),
    ]);
    world.standIn.resetStats();

    // Act: the dry run
    const dry = await cli('alma', 'link', '--institution', 'LIB-A', '--json');

    // Assess: sorted, nothing linked, Alma only read
    expect(dry.code).toBe(0);
    const kinds = Object.fromEntries(dry.out.map((l) => JSON.parse(l)).map((l) => [l.accountId, l.kind]));
    expect(kinds[same.id]).toBe('found');
    expect(kinds[other.id]).toBe('different-person');
    expect(kinds[absent.id]).toBe('missing');
    expect((await world.ctx.accounts.get(same.id))?.alma ?? null).toBeNull();
    expect(Object.keys(world.standIn.stats().byRoute)).toEqual(['GET /users/{id}']);

    // Act: confirmed
    const confirmed = await cli('alma', 'link', '--institution', 'LIB-A', '--confirm');

    // Assess: the same person linked, the other left for the helpdesk; Alma unchanged
    expect(confirmed.code).toBe(0);
    expect(confirmed.out.find((l) => l.includes(other.id))).toContain('different-person');
    expect((await world.ctx.accounts.get(same.id))?.alma).toMatchObject({
      state: 'synced',
      primaryId: same.email,
      expiryDate: '2027-06-30',
    });
    expect((await world.ctx.accounts.get(same.id))?.alma?.linkedAt).toBeTruthy();
    expect((await world.ctx.accounts.get(other.id))?.alma ?? null).toBeNull();
    expect(world.standIn.user('LIB-A', other.email)?.first_name).toBe('Pauline');
    expect(Object.keys(world.standIn.stats().byRoute)).toEqual(['GET /users/{id}']);

    // A closure of the linked account now reaches Alma
    const closing = await world.ctx.accounts.get(same.id);
    await world.ctx.accounts.update(
      { ...closing!, deactivationDate: '2027-02-28' as CalendarDate, version: closing!.version + 1 },
      {
        accountId: same.id,
        action: 'closure-requested',
        actor: 'test',
        reason: 'test',
        at: new Date().toISOString(),
      } as never,
    );
    const synced = await syncAlmaExpiry(world.ctx, same.id, { actor: 'manager', via: 'REQ-L1' });
    expect(synced.outcome).toBe('updated');
    expect(world.standIn.user('LIB-A', same.email)?.expiry_date).toBe('2027-02-28Z');
  });

  it('alma drift --json prints one line per difference', async () => {
    const run = await cli('alma', 'drift', '--json', '--institution', 'LIB-B');
    expect(run.code).toBe(0);
    const lines = run.out.map((l) => JSON.parse(l));
    expect(lines.some((l) => l.kind === 'unknown-in-alma' && l.primaryId === `stranger@${DOMAIN}`)).toBe(
      true,
    );
    expect(lines.every((l) => l.institution === 'LIB-B')).toBe(true);
  });
});

describe('closing an account whose Alma user still awaits approval (finding 8)', () => {
  it('cancels the approval: the helpdesk is told there is nothing to do in Alma, the link says closed and creates nothing', async () => {
    // Prepare: an approve-mode account waiting for the helpdesk's click
    const account = await world.account({ institution: 'LIB-A', fullName: 'Lucie Partante' });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-C1' });
    const token = new URL(await almaApprovalLink(world.ctx, account.id, new Date())).searchParams.get('t')!;
    const manager = `manager@lib-a.${DOMAIN}`;
    const closure = Buffer.from(
      [
        `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${manager}; dkim=none; dmarc=none`,
        `From: Manager A <${manager}>`,
        `To: accounts@${DOMAIN}`,
        'Subject: Clôture de compte Alma',
        '',
        `Lucie Partante (${account.email}) quitte la bibliothèque. Merci de désactiver son compte.`,
        '',
        'Date de départ : 28/02/2027',
      ].join('\r\n'),
    );
    world.standIn.resetStats();

    // Act: the closure arrives, then the helpdesk clicks the old approval link
    const received = await receiveInboundMail(world.ctx, {
      messageId: 'closure-c1',
      raw: closure,
      receipt: null,
      now: new Date('2027-01-10T09:00:00Z'),
    });
    const request = (method: string, body = '') =>
      handleDecisionRequest(world.ctx, {
        method,
        path: '/decision',
        query: { t: token },
        body,
        now: new Date(),
      });
    const shown = await request('GET');
    const clicked = await request('POST', `t=${encodeURIComponent(token)}`);

    // Assess
    expect(received.outcome).toBe('accepted');
    const mails = (await sesStore()).filter((m) => m.destination.to.includes(`helpdesk@${DOMAIN}`));
    const about = mails.filter((m) => m.body.text?.includes(account.email));
    expect(about.map((m) => m.body.text).join('\n')).not.toMatch(/alma push|Create it/);
    expect(about.map((m) => m.subject).join('\n')).not.toContain('user not found');
    const copy = about.find((m) => m.subject.includes(received.reference!));
    expect(copy?.body.text).toContain('Nothing to do in Alma: the user was still awaiting approval');
    expect(shown.body).toContain('its closure was asked for: the approval is cancelled');
    expect(shown.body).not.toContain('&quot;primary_id&quot;');
    expect(shown.body).not.toContain('<button');
    expect(clicked.body).toContain('the approval is cancelled, nothing is created in Alma');
    expect(world.standIn.stats().requests).toBe(0);
    expect(world.standIn.user('LIB-A', account.email)).toBeUndefined();
    expect((await world.ctx.accounts.get(account.id))?.alma?.state).toBe('cancelled');
  });

  it('a closure of a linked account Alma no longer has is nothing to do in Alma, not "create it"', async () => {
    // A linked account (imported as linked, say) whose user was deleted in Alma, now closing.
    const account = await world.account({
      institution: 'LIB-B',
      fullName: 'Gaston Disparu',
      deactivationDate: '2027-02-28' as CalendarDate,
      alma: {
        primaryId: `gaston@${DOMAIN}`,
        state: 'synced',
        linkedAt: '2026-01-01T00:00:00Z',
        lastSyncAt: null,
        lastAnswer: null,
        expiryDate: '2027-05-30' as CalendarDate,
      },
    });

    const result = await syncAlmaExpiry(world.ctx, account.id, { actor: 'manager', via: 'REQ-C2b' });

    expect(result).toMatchObject({ outcome: 'skipped', reason: 'closing' });
    const told = (await sesStore()).filter(
      (m) => m.destination.to.includes(`helpdesk@${DOMAIN}`) && m.subject.includes('Gaston Disparu'),
    );
    expect(told.map((m) => m.subject)).not.toContainEqual(expect.stringContaining('user not found'));
  });
});

describe('four approvals at once (finding 9)', () => {
  it('create one user, record and mail "created" once; the other clicks say it was already approved', async () => {
    // Prepare
    const account = await world.account({ institution: 'LIB-A', fullName: 'Quentin Quatrefois' });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-Q1' });
    const token = new URL(await almaApprovalLink(world.ctx, account.id, new Date())).searchParams.get('t')!;
    world.standIn.resetStats();

    // Act: four clicks at the same moment
    const pages = await Promise.all(
      [1, 2, 3, 4].map(() =>
        handleDecisionRequest(world.ctx, {
          method: 'POST',
          path: '/decision',
          query: { t: token },
          body: `t=${encodeURIComponent(token)}`,
          now: new Date(),
        }),
      ),
    );

    // Assess
    const bodies = pages.map((p) => p.body);
    expect(bodies.filter((b) => b.includes(`The Alma user ${account.email} was created.`))).toHaveLength(1);
    // The others: under way (another click), or already done by it — never a second outcome.
    expect(
      bodies.filter((b) => /was already approved \(another click\)|is already created or linked/.test(b)),
    ).toHaveLength(3);
    expect(bodies.filter((b) => b.includes('Alma already had the user'))).toHaveLength(0);
    expect(world.standIn.stats().byRoute).toEqual({ 'POST /users': 1 });
    const outcomes = (await world.ctx.accounts.history(account.id))
      .filter((e) => e.action === 'alma-sync')
      .map((e) => e.alma?.outcome);
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes).not.toContain('linked');
    const mails = (await sesStore()).filter(
      (m) => m.destination.to.includes(`helpdesk@${DOMAIN}`) && m.subject.includes('Quentin Quatrefois'),
    );
    expect(mails.map((m) => m.subject.split(' – ')[0])).toEqual(['Alma: user created']);
    expect((await world.ctx.accounts.get(account.id))?.alma).toMatchObject({ state: 'synced' });
  });
});
