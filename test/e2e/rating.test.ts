import AxeBuilder from '@axe-core/playwright';
import { createTransport } from 'nodemailer';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, hasChromium } from '../support/chromium';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime';

if (!hasChromium) console.warn(`rating e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/*
 * The requester's rating (issue 29) as `npm start` serves it, in headless Chromium with
 * JavaScript off: a request mailed in over SMTP is answered with three rating links (the SES
 * outbox); "good" opens the form with good checked; a comment and Send record it; the helpdesk
 * signs in to the portal and /portal/ratings shows one good and the comment; a manager gets "not
 * found"; a forged link gets the 400 page. axe-core on the pages.
 */

const MAILBOX = 'accounts@helpdesk.example.org';
const HELPDESK = 'helpdesk@helpdesk.example.org';
const ANNE = 'anne.dubois@lib-a.example';
/** PORTAL_SCREENSHOTS=1 also writes docs/rating-page.png and docs/portal-ratings.png (the README's pictures). */
const SCREENSHOTS = process.env.PORTAL_SCREENSHOTS === '1';

let runtime: LocalRuntime;
let chrome: Browser;
let browser: BrowserContext;
let axeContext: BrowserContext;
let base: string;

interface OutboxLine {
  to: string[];
  subject: string;
  text: string;
}

async function outbox(): Promise<OutboxLine[]> {
  const run = await runtime.cli('outbox', '--json');
  expect(run.code).toBe(0);
  return run.out.map((line) => JSON.parse(line) as OutboxLine);
}

async function checkAccessibility(page: Page, name: string) {
  const axePage = await axeContext.newPage();
  await axePage.setContent(await page.content());
  const result = await new AxeBuilder({ page: axePage }).analyze();
  await axePage.close();
  const blocking = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, name).toEqual([]);
}

async function signIn(context: BrowserContext, address: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/portal`);
  await page.fill('#address', address);
  await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
  const mail = (await outbox())
    .filter((m) => m.to.includes(address) && m.text.includes('/portal/link?'))
    .at(-1);
  await page.goto(/http:\/\/127\.0\.0\.1:\d+\/portal\/link\?\S+/.exec(mail!.text)![0]);
  await Promise.all([page.waitForURL('**/portal/accounts'), page.getByRole('button').last().click()]);
  return page;
}

describe.skipIf(!hasChromium)('rating a finished request, in headless Chromium', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    [chrome] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true }),
      startLocalRuntime().then((started) => {
        runtime = started;
      }),
    ]);
    base = `http://127.0.0.1:${runtime.ports.WEB}`;
    browser = await chrome.newContext({ javaScriptEnabled: false });
    axeContext = await chrome.newContext();
    const transport = createTransport({
      host: '127.0.0.1',
      port: runtime.ports.SMTP,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({
        envelope: { from: ANNE, to: [MAILBOX] },
        from: ANNE,
        to: MAILBOX,
        subject: 'Nouveau compte Alma',
        text: `Bonjour,\nNom : Rita Note\nE-mail : rita.note@lib-a.example\nStatut : bénévole\nResponsable : ${ANNE}\nTâches : prêt\nMerci`,
      });
    } finally {
      transport.close();
    }
  }, 90_000);

  afterAll(async () => {
    await chrome?.close();
    await runtime?.stop();
  });

  it('the answer carries three links; "good" opens the form with good checked; Send records it; the helpdesk sees it', async () => {
    let answer: OutboxLine | undefined;
    for (let i = 0; i < 100 && !answer; i++) {
      answer = (await outbox()).find((m) => m.to.includes(ANNE) && m.text.includes('/rate?t='));
      if (!answer) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answer, 'an answer with rating links in the outbox').toBeDefined();
    const links = [...answer!.text.matchAll(/http:\/\/127\.0\.0\.1:\d+\/rate\?t=[\w.-]+/g)].map((m) => m[0]);
    expect(links).toHaveLength(3);
    const reference = /REQ-\d{4}-\w{8}/.exec(answer!.subject)![0];

    const page = await browser.newPage();
    await page.goto(links[0]!);
    expect(await page.isChecked('#choice-good')).toBe(true);
    expect(await page.isChecked('#choice-bad')).toBe(false);
    await checkAccessibility(page, 'rate');
    await page.fill('#comment', 'Très rapide, merci !');
    if (SCREENSHOTS) await page.screenshot({ path: 'docs/rating-page.png', fullPage: true });
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(response?.status()).toBe(200);
    expect(await page.textContent('[role=status]')).toContain('votre avis est enregistré');
    await checkAccessibility(page, 'rated');

    const staff = await chrome.newContext({ javaScriptEnabled: false });
    const portal = await signIn(staff, HELPDESK);
    await portal.click('a[href="/portal/ratings"]');
    await portal.waitForURL('**/portal/ratings');
    const totals = await portal.locator('table').first().locator('tbody td').allTextContents();
    expect(totals).toEqual(['1', '0', '0']);
    expect(await portal.textContent('main')).toContain('Très rapide, merci !');
    expect(await portal.getAttribute(`a[href="/portal/requests/${reference}"]`, 'href')).toBeTruthy();
    await checkAccessibility(portal, 'ratings');
    if (SCREENSHOTS) await portal.screenshot({ path: 'docs/portal-ratings.png', fullPage: true });
    await staff.close();
  });

  it('a manager opening /portal/ratings gets "not found"', async () => {
    const page = await signIn(browser, ANNE);
    const response = await page.goto(`${base}/portal/ratings`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('a[href="/portal/ratings"]').count()).toBe(0);
  });

  it('a forged link gets the 400 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/rate?t=eyJhbGciOiJIUzI1NiJ9.eyJwIjoiZyJ9.forged`);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('h1')).toBeTruthy();
    await checkAccessibility(page, 'forged');
  });
});
