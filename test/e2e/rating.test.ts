import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium } from '../support/chromium';
import {
  axeChecker,
  type OutboxLine,
  outbox,
  SCREENSHOTS,
  sendMail,
  signIn,
  startRuntimeAndChromium,
} from '../support/e2e';
import type { LocalRuntime } from '../support/local-runtime';

if (!hasChromium) console.warn(`rating e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/*
 * The requester's rating (issue 29) as `npm start` serves it, in headless Chromium with
 * JavaScript off: a request mailed in over SMTP is answered with three rating links (the SES
 * outbox); "good" opens the form with good checked; a comment and Send record it; the helpdesk
 * signs in to the portal and /portal/ratings shows one good and the comment; a manager gets "not
 * found"; a forged link gets the 400 page. axe-core on the pages.
 */

const HELPDESK = 'helpdesk@helpdesk.example.org';
const ANNE = 'anne.dubois@lib-a.example';
// PORTAL_SCREENSHOTS=1 also writes docs/rating-page.png and docs/portal-ratings.png (the README's pictures).

let runtime: LocalRuntime;
let chrome: Browser;
let browser: BrowserContext;
let axe: ReturnType<typeof axeChecker>;
let base: string;

describe.skipIf(!hasChromium)('rating a finished request, in headless Chromium', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    ({ runtime, chrome } = await startRuntimeAndChromium());
    base = `http://127.0.0.1:${runtime.ports.WEB}`;
    browser = await chrome.newContext({ javaScriptEnabled: false });
    axe = axeChecker(await chrome.newContext(), { reusePage: false });
    await sendMail(
      runtime,
      ANNE,
      'Nouveau compte Alma',
      `Bonjour,\nNom : Rita Note\nE-mail : rita.note@lib-a.example\nStatut : bénévole\nResponsable : ${ANNE}\nTâches : prêt\nMerci`,
    );
  }, 90_000);

  afterAll(async () => {
    await chrome?.close();
    await runtime?.stop();
  });

  it('the answer carries three links; "good" opens the form with good checked; Send records it; the helpdesk sees it', async () => {
    let answer: OutboxLine | undefined;
    for (let i = 0; i < 100 && !answer; i++) {
      answer = (await outbox(runtime)).find((m) => m.to.includes(ANNE) && m.text.includes('/rate?t='));
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
    await axe.check(page, 'rate');
    await page.fill('#comment', 'Très rapide, merci !');
    if (SCREENSHOTS) await page.screenshot({ path: 'docs/rating-page.png', fullPage: true });
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(response?.status()).toBe(200);
    expect(await page.textContent('[role=status]')).toContain('votre avis est enregistré');
    await axe.check(page, 'rated');

    const staff = await chrome.newContext({ javaScriptEnabled: false });
    const portal = await signIn(runtime, staff, HELPDESK);
    await portal.click('a[href="/portal/ratings"]');
    await portal.waitForURL('**/portal/ratings');
    const totals = await portal.locator('table').first().locator('tbody td').allTextContents();
    expect(totals).toEqual(['1', '0', '0']);
    expect(await portal.textContent('main')).toContain('Très rapide, merci !');
    expect(await portal.getAttribute(`a[href="/portal/requests/${reference}"]`, 'href')).toBeTruthy();
    await axe.check(portal, 'ratings');
    if (SCREENSHOTS) await portal.screenshot({ path: 'docs/portal-ratings.png', fullPage: true });
    await staff.close();
  });

  it('a manager opening /portal/ratings gets "not found"', async () => {
    const page = await signIn(runtime, browser, ANNE);
    const response = await page.goto(`${base}/portal/ratings`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('a[href="/portal/ratings"]').count()).toBe(0);
  });

  it('a forged link gets the 400 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/rate?t=eyJhbGciOiJIUzI1NiJ9.eyJwIjoiZyJ9.forged`);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('h1')).toBeTruthy();
    await axe.check(page, 'forged');
  });
});
