import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local';
import { startWebServer } from '../../local/web-server';
import { runPasswordRotations } from '../../shared/app/alma/password-rotation';
import { provisionAccount } from '../../shared/app/alma/provision';
import type { Account } from '../../shared/domain/account';
import { addDays, brusselsDate } from '../../shared/domain/calendar';
import { type AlmaWorld, almaWorld, KEYS } from '../integration/alma/world';
import { CHROMIUM, hasChromium } from '../support/chromium';
import { axeChecker, launchChromium, signInOnForm } from '../support/e2e';
import { sesStore } from '../support/services';

/**
 * The reveal page of a rotated shared-account password (issue 30) in headless Chromium with
 * JavaScript off, as a manager opens it from the mail: not signed in, the way to the portal and no
 * button; signed in by the portal's mailed link, a button, then the password once (the one Alma
 * holds: op=auth), then only who revealed it and when. The revealed page is saved to
 * docs/password-reveal.png for the README.
 */

if (!hasChromium)
  console.warn(`reveal-page e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const DOMAIN = 'e2e-reveal.example';
const SCREENSHOT = 'docs/password-reveal.png';
let world: AlmaWorld;
let web: Awaited<ReturnType<typeof startWebServer>> | undefined;
let chrome: Browser;
let browser: BrowserContext;
let axe: ReturnType<typeof axeChecker>;
let account: Account;
let link = '';

/** The browser global the style check uses (the project's tsconfig has no DOM lib). */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { fontSize: string };
}

describe.skipIf(!hasChromium)('reveal page in headless Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    const port = await freePort();
    // A rotation date two days ago (never 29 February), so the links are valid on today's clock.
    const day = addDays(brusselsDate(new Date()), -2);
    const monthDay = day.slice(5) === '02-29' ? '02-28' : day.slice(5);
    world = await almaWorld({
      domain: DOMAIN,
      config: {
        decisionBaseUrl: `http://127.0.0.1:${port}`,
        notices: { passwordRotation: { date: monthDay, revealDays: 14 } },
      },
    });
    web = await startWebServer(world.ctx, port);
    const created = await world.account({
      institution: 'LIB-B',
      accountType: 'shared',
      endDate: null,
      fullName: 'Balie Hoofdbibliotheek',
      email: `balie@${DOMAIN}`,
    });
    account = (
      await provisionAccount(world.ctx, created.id, {
        actor: 'test',
        via: 'T-e2e',
        approved: true,
        notify: false,
      })
    ).account;
    const report = await runPasswordRotations(world.ctx, new Date());
    expect(report).toMatchObject({ told: 1, failed: 0 });
    const [mail] = (await sesStore()).filter((m) => m.destination.to.includes(`manager@lib-b.${DOMAIN}`));
    link = /http:\/\/127\.0\.0\.1:\d+\/reveal\?t=[A-Za-z0-9_.-]+/.exec(mail!.body.text ?? '')?.[0] ?? '';
    expect(link).not.toBe('');
    chrome = await launchChromium();
    browser = await chrome.newContext({ javaScriptEnabled: false, viewport: { width: 900, height: 320 } });
    axe = axeChecker(await chrome.newContext(), { reusePage: false });
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await web?.stop();
    await world?.stop();
  });

  it('opens the link: sign in first; then a button, no password; Reveal shows it once, the one Alma holds; opened again, only who and when', async () => {
    const manager = `manager@lib-b.${DOMAIN}`;
    const page = await browser.newPage();
    // Not signed in: the page says so, in the link's language, and leads to the portal.
    expect((await page.goto(link))?.status()).toBe(200);
    expect(await page.textContent('main')).toContain('Meld u eerst aan op het portaal');
    expect(await page.locator('#password, button').count()).toBe(0);
    await axe.check(page, 'reveal: sign in first');
    await Promise.all([page.waitForURL('**/portal?lang=nl&next=*'), page.click('a[href^="/portal"]')]);
    // Signing in brings the manager back to the reveal link (a safe `next`: a page of this site only).
    await signInOnForm(page, manager, () => sesStore(), '**/reveal?t=*');
    expect(new URL(page.url()).search).toBe(new URL(link).search);
    expect(await page.textContent('h1')).toBe('Nieuw wachtwoord van het gedeelde account');

    // Signed in as the link's manager, the link again (the mail's, in the same browser).
    const shown = await page.goto(link);
    expect(shown?.status()).toBe(200);
    expect(shown?.headers()['cache-control']).toBe('no-store');
    expect(shown?.headers()['referrer-policy']).toBe('no-referrer');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(await page.textContent('h1')).toBe('Nieuw wachtwoord van het gedeelde account');
    expect(await page.locator('#password').count()).toBe(0);
    await axe.check(page, 'reveal: before');

    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Wachtwoord tonen', exact: true }).click(),
    ]);
    await page.waitForLoadState();
    expect(answer.status()).toBe(200);
    const password = (await page.textContent('#password')) ?? '';
    expect(password).toHaveLength(16);
    // Shown large enough to copy without mistakes (a style attribute with quotes in it was dropped).
    const fontSize = await page
      .locator('#password')
      .evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).fontSize);
    expect(Number.parseFloat(fontSize)).toBeGreaterThan(20);
    await axe.check(page, 'reveal: shown');
    // README's screenshot, rewritten only when asked (a test run leaves the checkout as it was).
    if (process.env.PORTAL_SCREENSHOTS === '1') {
      mkdirSync('docs', { recursive: true });
      writeFileSync(SCREENSHOT, await page.screenshot({ fullPage: true }));
    }

    // The password Alma holds (its documented authentication, op=auth): 204.
    const auth = await fetch(
      `${world.standIn.url}/almaws/v1/users/${encodeURIComponent(account.alma!.primaryId)}?op=auth`,
      {
        method: 'POST',
        headers: { Authorization: `apikey ${KEYS['LIB-B']}`, 'Exl-User-Pw': encodeURIComponent(password) },
      },
    );
    expect(auth.status).toBe(204);

    const again = await browser.newPage();
    await again.goto(link);
    const text = (await again.textContent('main')) ?? '';
    expect(text).toContain(`Dit wachtwoord werd al getoond op`);
    expect(text).toContain(`door manager@lib-b.${DOMAIN}`);
    expect(text).not.toContain(password);
    expect(await again.locator('#password, button').count()).toBe(0);
    await axe.check(again, 'reveal: already revealed');
  });
});
