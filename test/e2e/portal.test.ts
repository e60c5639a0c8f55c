import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium } from '../support/chromium';
import {
  axeChecker,
  clickAndWait,
  outbox,
  SCREENSHOTS,
  sendMail,
  signIn,
  signInLink,
  startRuntimeAndChromium,
  tabTo,
} from '../support/e2e';
import type { LocalRuntime } from '../support/local-runtime';

if (!hasChromium) console.warn(`portal e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/*
 * The portal as `npm start` serves it, in headless Chromium with JavaScript off: sign-in through
 * the link in the SES outbox (keyboard only), every view, renew, close, a new account, a review
 * decision, an Alma approval, sign-out; a used link opens nothing; LIB-A's manager gets "not
 * found" for LIB-B's account, request and decision; axe-core finds nothing serious on any page.
 * PORTAL_SCREENSHOTS=1 also writes docs/portal-*.png (the README's pictures).
 */

const HELPDESK = 'helpdesk@helpdesk.example.org';
const ANNE = 'anne.dubois@lib-a.example';
const KOEN = 'koen.maes@lib-b.example';
const CLAIRE = 'claire.fontaine@mail.example';
const MARC = 'marc.petit@lib-a.example';
const PIETER = 'pieter.claes@lib-b.example';

let runtime: LocalRuntime;
let chrome: Browser;
let anne: BrowserContext;
let axe: ReturnType<typeof axeChecker>;
let base: string;

async function accountOf(email: string) {
  const run = await runtime.cli('accounts', 'show', email, '--json');
  return JSON.parse(run.out[0]!) as {
    id: string;
    status: string;
    endDate: string | null;
    deactivationDate: string | null;
    history: { action: string; actor: string }[];
  };
}

describe.skipIf(!hasChromium)('the portal under npm start, in headless Chromium', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    ({ runtime, chrome } = await startRuntimeAndChromium());
    base = `http://127.0.0.1:${runtime.ports.WEB}`;
    // JavaScript off, as people may have it: every page works with links and forms.
    anne = await chrome.newContext({ javaScriptEnabled: false });
    axe = axeChecker(await chrome.newContext(), { screenshots: SCREENSHOTS });
    // Accounts made by mail: a volunteer awaiting the helpdesk's Alma approval (LIB-A), a temporary
    // employee (LIB-A), and a volunteer of LIB-B.
    await sendMail(
      runtime,
      ANNE,
      'Nouveau compte Alma - bénévole',
      `Bonjour,\nNom : Claire Fontaine\nE-mail : ${CLAIRE}\nStatut : bénévole\nResponsable : ${ANNE}\nTâches : prêt\nMerci`,
    );
    await sendMail(
      runtime,
      ANNE,
      'Nouveau compte Alma',
      `Bonjour,\nNom : Marc Petit\nE-mail : ${MARC}\nStatut : temporaire\nResponsable : ${ANNE}\nTâches : prêt\nDate de fin : 30/06/${new Date().getFullYear() + 1}\nMerci`,
    );
    await sendMail(
      runtime,
      KOEN,
      'Nieuwe account vrijwilliger',
      `Naam: Pieter Claes\nE-mail: ${PIETER}\nStatuut: vrijwilliger\nVerantwoordelijke: ${KOEN}\nTaken: uitlening`,
    );
  }, 90_000);

  afterAll(async () => {
    await chrome?.close();
    await runtime?.stop();
    console.info(
      `portal axe violations per page (none serious or critical): ${JSON.stringify(axe?.violations())}`,
    );
  });

  it('signs in with the keyboard only, through the link in the SES outbox; a used link opens nothing', async () => {
    const page = await anne.newPage();
    await page.goto(`${base}/portal?lang=fr`);
    await axe.check(page, 'sign-in');
    await tabTo(page, '#address');
    await page.keyboard.type(ANNE);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('[role=status]')).toContain('lien de connexion est en route');
    const link = await signInLink(runtime, ANNE);
    await page.goto(link);
    await axe.check(page, 'link');
    await tabTo(page, 'button[type=submit]');
    await Promise.all([page.waitForURL('**/portal/accounts'), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe('Comptes');
    // The same link again, in another browser: nobody is signed in.
    const other = await chrome.newContext({ javaScriptEnabled: false });
    const second = await other.newPage();
    await second.goto(link);
    expect(await second.textContent('[role=status]')).toContain('expiré, déjà utilisé');
    const token = new URL(link).searchParams.get('t')!;
    const posted = await second.request.post(`${base}/portal/link`, { form: { t: token }, maxRedirects: 0 });
    expect(posted.status()).toBe(400);
    expect((await other.cookies()).map((c) => c.name)).not.toContain('portal_session');
    await other.close();
    await page.close();
  });

  it('lists the accounts of Anne’s institution only, sorted and filtered; switches language', async () => {
    const page = await anne.newPage();
    await page.goto(`${base}/portal/accounts`);
    await axe.check(page, 'accounts');
    const table = await page.textContent('table');
    expect(table).toContain('Claire Fontaine');
    expect(table).toContain('Marc Petit');
    expect(table).not.toContain('Pieter');
    await clickAndWait(page, () => page.getByRole('link', { name: /Trier par Adresse/ }).click());
    await clickAndWait(page, () =>
      page.getByRole('link', { name: /Trier par Adresse, décroissant/ }).click(),
    );
    const rows = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(rows).toEqual([...rows].sort().reverse());
    await page.selectOption('#filter', 'volunteers');
    await clickAndWait(page, () => page.getByRole('button', { name: 'Chercher' }).click());
    expect(await page.locator('tbody tr').count()).toBe(1);
    await clickAndWait(page, () => page.getByRole('link', { name: 'NL' }).click());
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await clickAndWait(page, () => page.getByRole('link', { name: 'FR' }).click());
    await page.close();
  });

  it('decides the yearly review in the page', async () => {
    const page = await anne.newPage();
    await page.goto(`${base}/portal/review`);
    await axe.check(page, 'review');
    const claire = await accountOf(CLAIRE);
    // A volunteer ends on 31 December: this year's campaign (from 15 November), else next year's.
    if (!claire.endDate?.startsWith(String(new Date().getFullYear()))) {
      console.info(
        `review decision not exercised: Claire ends ${claire.endDate}, outside this year's campaign`,
      );
      return;
    }
    await clickAndWait(page, () =>
      page.getByRole('button', { name: 'Laisser se terminer: Claire Fontaine' }).click(),
    );
    expect(await page.textContent('[role=status]')).toContain('Claire Fontaine');
    expect((await accountOf(CLAIRE)).history.at(-1)).toMatchObject({
      action: 'review-decision',
      actor: ANNE,
    });
    await page.close();
  });

  it('renews and closes from the account page, with the answer mailed as for a mail', async () => {
    const page = await anne.newPage();
    const marc = await accountOf(MARC);
    await page.goto(`${base}/portal/accounts/${marc.id}`);
    await axe.check(page, 'account');
    expect(await page.textContent('table')).toContain('created');
    await page.fill('#renew-date', `30/09/${new Date().getFullYear() + 1}`);
    await clickAndWait(page, () => page.getByRole('button', { name: 'Prolonger', exact: true }).click());
    await axe.check(page, 'result');
    const reference = /REQ-\d{4}-\w+/.exec((await page.textContent('[role=status]'))!)![0];
    expect((await outbox(runtime)).some((m) => m.to.includes(ANNE) && m.subject.includes(reference))).toBe(
      true,
    );
    expect((await accountOf(MARC)).history).toContainEqual(
      expect.objectContaining({ action: 'renewed', actor: ANNE }),
    );

    await page.goto(`${base}/portal/accounts/${marc.id}`);
    await clickAndWait(page, () => page.getByRole('button', { name: 'Clôturer le compte' }).click());
    expect((await accountOf(MARC)).status).toBe('closed');
    await page.close();
  });

  it('makes a request of the new-account form, with what is missing shown on the form', async () => {
    const page = await anne.newPage();
    await page.goto(`${base}/portal/new`);
    await axe.check(page, 'new');
    await page.fill('#fullName', 'Lina Nouvelle');
    await page.fill('#email', 'lina.nouvelle@lib-a.example');
    await page.selectOption('#employeeType', 'permanent');
    const status = await clickAndWait(page, () =>
      page.getByRole('button', { name: 'Envoyer la demande' }).click(),
    );
    expect(status).toBe(422);
    expect(await page.textContent('[role=alert]')).toContain('Tâches');
    await axe.check(page, 'new-missing');
    await page.fill('#tasks', 'catalogage');
    await clickAndWait(page, () => page.getByRole('button', { name: 'Envoyer la demande' }).click());
    const reference = /REQ-\d{4}-\w+/.exec((await page.textContent('[role=status]'))!)![0];
    await page.goto(`${base}/portal/requests?mine=1`);
    await axe.check(page, 'requests');
    expect(await page.textContent('table')).toContain(reference);
    await clickAndWait(page, () => page.getByRole('link', { name: reference }).click());
    await axe.check(page, 'request');
    await page.close();
  });

  it('shows LIB-B’s account, request and decision to LIB-A’s manager as not found', async () => {
    const pieter = await accountOf(PIETER);
    const koenAnswer = (await outbox(runtime)).find(
      (m) => m.to.includes(KOEN) && /REQ-\d{4}-\w+/.test(m.subject),
    )!;
    const reference = /REQ-\d{4}-\w+/.exec(koenAnswer.subject)![0];
    const page = await anne.newPage();
    for (const path of [`/portal/accounts/${pieter.id}`, `/portal/requests/${reference}`]) {
      const shown = await page.goto(`${base}${path}`);
      expect(shown?.status(), path).toBe(404);
      expect(await page.textContent('h1')).toBe('Introuvable.');
    }
    const decided = await page.request.post(`${base}/portal/review`, {
      form: { account: pieter.id, decision: 'not-renew' },
    });
    expect(decided.status()).toBe(404);
    await page.close();
  });

  it('lets the helpdesk approve a pending Alma user from its list', async () => {
    const helpdesk = await chrome.newContext({ javaScriptEnabled: false });
    const page = await signIn(runtime, helpdesk, HELPDESK);
    // Search across institutions: the start of a name, from the nav's search page.
    await page.goto(`${base}/portal/search`);
    await page.fill('#q', 'Claire');
    await clickAndWait(page, () => page.getByRole('button', { name: 'Search', exact: true }).click());
    expect(await page.textContent('main')).toContain(CLAIRE);
    await axe.check(page, 'search');
    await page.goto(`${base}/portal/approvals`);
    await axe.check(page, 'approvals');
    await clickAndWait(page, () =>
      page
        .getByRole('link', { name: /Claire Fontaine/ })
        .last()
        .click(),
    );
    await clickAndWait(page, () => page.getByRole('button', { name: 'Confirm: create in Alma' }).click());
    expect(await page.textContent('[role=status]')).toContain(`The Alma user ${CLAIRE} was created.`);
    await helpdesk.close();
  });

  it('signs out: the session is gone', async () => {
    const page = await anne.newPage();
    await page.goto(`${base}/portal/accounts`);
    await clickAndWait(page, () => page.getByRole('button', { name: 'Se déconnecter' }).click());
    expect(await page.textContent('[role=status]')).toContain('déconnecté');
    await page.goto(`${base}/portal/accounts`);
    expect(new URL(page.url()).pathname).toBe('/portal');
    const keys = JSON.parse(readFileSync(join(runtime.dataDir, 'secrets.json'), 'utf8')) as object;
    expect(keys).toBeDefined();
    await page.close();
  });
});
