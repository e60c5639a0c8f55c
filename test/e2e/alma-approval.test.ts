import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local';
import { startWebServer } from '../../local/web-server';
import { almaApprovalLink } from '../../shared/app/alma/approval';
import { provisionAccount } from '../../shared/app/alma/provision';
import type { Account } from '../../shared/domain/account';
import { type AlmaWorld, almaWorld } from '../integration/alma/world';
import { CHROMIUM, hasChromium } from '../support/chromium';
import { persistentChromium } from '../support/e2e';

if (!hasChromium)
  console.warn(`alma approval e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

let web: Awaited<ReturnType<typeof startWebServer>> | undefined;
let world: AlmaWorld;
let browser: BrowserContext;
let closeBrowser: (() => Promise<void>) | undefined;
let account: Account;
let link: string;

describe.skipIf(!hasChromium)('the Alma approval page in headless Chromium', () => {
  beforeAll(async () => {
    // Prepare: the decision pages behind the local runtime's own web server, an approve-mode institution, a request accepted.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    world = await almaWorld({ domain: 'e2e-alma.example', config: { decisionBaseUrl: base } });
    web = await startWebServer(world.ctx, port);
    account = await world.account({
      institution: 'LIB-A',
      fullName: 'Lotte Janssens',
      tasks: 'catalogage et prêt',
    });
    // What the inbound flow will do once wired: provision (it waits), then put the link in the helpdesk copy.
    const waiting = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-E2E' });
    expect(waiting.outcome).toBe('awaiting-approval');
    link = await almaApprovalLink(world.ctx, account.id, new Date());
    ({ browser, close: closeBrowser } = await persistentChromium());
  }, 60_000);

  afterAll(async () => {
    await closeBrowser?.();
    await web?.stop();
    await world?.stop();
  });

  it('shows the exact record on GET and creates the user with one click', async () => {
    const page = await browser.newPage();
    const shown = await page.goto(link);
    expect(shown?.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Create this user in Alma?');
    const record = await page.textContent('#alma-record');
    expect(record).toContain('expiry_date2027-05-30Z');
    expect(record).toContain('user_group' + 'STAFF');
    expect(record).toContain('32 @ MAIN (CirculationDesk=DEFAULT_CIRC_DESK)');
    expect(record).toContain('204 @ INST');
    expect(world.standIn.user('LIB-A', account.email)).toBeUndefined();

    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

    expect(await page.textContent('[role=status]')).toContain(`The Alma user ${account.email} was created.`);
    expect(await page.textContent('#alma-answer')).toBe('created, expiry 2027-05-30Z');
    const user = world.standIn.user('LIB-A', account.email)!;
    expect(user.expiry_date).toBe('2027-05-30Z');
    expect(user.user_group?.value).toBe('STAFF');
    expect(user.user_role?.map((r) => r.role_type.value).sort()).toEqual(['204', '32']);

    // The stand-in's own page lists the new user for a person to see.
    await page.goto(world.standIn.url);
    expect(await page.textContent('body')).toContain(account.email);
    await page.close();
  });

  it('a user Alma already has: the create click changes nothing and asks; the link click moves its dates only', async () => {
    const clash = await world.account({ institution: 'LIB-A', fullName: 'Lies Clash', tasks: 'prêt' });
    const existing = {
      primary_id: clash.email,
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      first_name: 'Other',
      last_name: 'Person',
      user_group: { value: 'STAFF' },
      contact_info: {
        email: [{ email_address: clash.email, preferred: true, email_type: [{ value: 'work' }] }],
      },
      user_role: [
        { status: { value: 'ACTIVE' }, scope: { value: 'INST' }, role_type: { value: '26' }, parameter: [] },
      ],
    };
    world.standIn.seed('LIB-A', [existing]);
    const page = await browser.newPage();
    await page.goto(await almaApprovalLink(world.ctx, clash.id, new Date()));

    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

    expect(await page.textContent('h1')).toBe('Link this existing Alma user to the account?');
    const held = await page.textContent('#alma-held');
    expect(held).toContain('Other Person');
    expect(held).toContain('26 @ INST');
    expect(await page.textContent('#alma-link-changes')).toContain('expiry_date: — → 30/05/2027');
    expect(world.standIn.user('LIB-A', clash.email)).toEqual(existing);

    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

    expect(await page.textContent('[role=status]')).toContain(`Alma already had the user ${clash.email}`);
    const { expiry_date, purge_date, created_date: _c, ...rest } = world.standIn.user('LIB-A', clash.email)!;
    expect(rest).toEqual(existing);
    expect([expiry_date, purge_date]).toEqual(['2027-05-30Z', '2027-08-28Z']);
    await page.close();
  });
});
