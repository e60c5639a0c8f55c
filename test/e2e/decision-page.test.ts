import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local';
import { startWebServer } from '../../local/web-server';
import type { AppContext } from '../../shared/app/context';
import { DECISION_LINK_KEY_SECRET } from '../../shared/app/context';
import { runNoticeJob } from '../../shared/app/notices/run-notice-job';
import type { Account } from '../../shared/domain/account';
import { brusselsDate, dateParts, endOfYear } from '../../shared/domain/calendar';
import { signLink } from '../../shared/domain/notices/token';
import { anAccount, createdEvent } from '../support/accounts';
import { CHROMIUM, hasChromium } from '../support/chromium';
import { testConfig, testContext } from '../support/context';
import { contrast, persistentChromium } from '../support/e2e';
import { sesStore } from '../support/services';

if (!hasChromium)
  console.warn(`decision-page e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const DOMAIN = 'e2e-decision.example';
let web: Awaited<ReturnType<typeof startWebServer>> | undefined;
let base: string;
let ctx: AppContext;
let browser: BrowserContext;
let closeBrowser: (() => Promise<void>) | undefined;
let volunteer: Account;
let links: string[] = [];
/** A campaign whose links are valid today (on 31 December this year's links have just expired). */
const today = brusselsDate(new Date());
const campaign = dateParts(today).year + (today.endsWith('-12-31') ? 1 : 0);

/** The few browser globals the page checks use (the project's tsconfig has no DOM lib). */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { color: string; backgroundColor: string };
  document: { body: unknown; activeElement: { tagName: string } | null };
}

describe.skipIf(!hasChromium)('decision page in headless Chromium', () => {
  beforeAll(async () => {
    // Prepare: the pages behind the local runtime's own web server (the request path `npm start` serves).
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ctx = await testContext(
      testConfig({
        mailbox: `accounts@${DOMAIN}`,
        helpdesk: `helpdesk@${DOMAIN}`,
        decisionBaseUrl: base,
        institutions: [
          { code: 'LIB-A', name: 'Bibliothèque <A>', language: 'fr', managers: [`manager@${DOMAIN}`] },
        ],
      }),
    );
    web = await startWebServer(ctx, port);
    volunteer = anAccount({
      institution: 'LIB-A',
      employeeType: 'volunteer',
      fullName: 'Zoé <b>Bénévole</b>',
      email: `zoe@${DOMAIN}`,
      supervisorEmail: `sup@${DOMAIN}`,
      missionEndDate: null,
      endDate: endOfYear(campaign),
    });
    await ctx.accounts.create(volunteer, createdEvent(volunteer));
    // The review job runs in its start stage (any day from 15 November works).
    await runNoticeJob('yearly-review', ctx, new Date(`${campaign}-11-20T06:15:00Z`));
    const sent = (await sesStore()).filter((m) =>
      m.destination.to.some((t) => t.includes(`manager@${DOMAIN}`)),
    );
    expect(sent).toHaveLength(1);
    links = [
      ...(sent[0]!.body.text ?? '').matchAll(/http:\/\/127\.0\.0\.1:\d+\/decision\?t=[A-Za-z0-9_.-]+/g),
    ].map((m) => m[0]);
    expect(links).toHaveLength(2);
    // The page must work without JavaScript.
    ({ browser, close: closeBrowser } = await persistentChromium());
  }, 60_000);

  afterAll(async () => {
    await closeBrowser?.();
    await web?.stop();
  });

  const decisions = async () =>
    (await ctx.accounts.history(volunteer.id)).filter((e) => e.action === 'review-decision');

  it('shows the account on GET and changes nothing', async () => {
    const page = await browser.newPage();
    const response = await page.goto(links[0]!);
    expect(response?.status()).toBe(200);
    await page.goto(links[1]!);
    await page.goto(links[0]!);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe(
      `Revue annuelle ${campaign} : renouveler ce compte Alma un an ?`,
    );
    // The name is shown as text, never as markup.
    expect(await page.textContent('dl')).toContain('Zoé <b>Bénévole</b>');
    expect(await page.locator('dl b').count()).toBe(0);
    expect(await decisions()).toEqual([]);
    expect((await ctx.accounts.get(volunteer.id))?.endDate).toBe(endOfYear(campaign));
    await page.close();
  });

  it('passes a basic accessibility check and confirms with the keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(links[0]!);
    const button = page.getByRole('button', { name: 'Confirmer : renouveler un an' });
    expect(await button.count()).toBe(1);
    expect(await page.getByRole('form').count()).toBe(1);
    expect(await page.locator('input[type=hidden][name=t]').count()).toBe(1);
    expect(await page.locator('script').count()).toBe(0);
    const colours = await button.evaluate((el) => {
      const w = globalThis as unknown as BrowserGlobals;
      const style = w.getComputedStyle(el);
      const body = w.getComputedStyle(w.document.body);
      return { fg: style.color, bg: style.backgroundColor, text: body.color, page: body.backgroundColor };
    });
    expect(contrast(colours.fg, colours.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.text, colours.page)).toBeGreaterThanOrEqual(4.5);
    // Keyboard: Tab reaches the button, Enter submits the form (a POST carrying the token).
    let focused = '';
    for (let i = 0; i < 5 && focused !== 'BUTTON'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(
        () => (globalThis as unknown as BrowserGlobals).document.activeElement?.tagName ?? '',
      );
    }
    expect(focused).toBe('BUTTON');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    expect(answer.status()).toBe(200);
    await page.waitForLoadState();
    expect(await page.textContent('[role=status]')).toContain(
      `Décision enregistrée : le compte est renouvelé jusqu'au 31/12/${campaign + 1}.`,
    );
    // Assess: the decision is stored, with who, when and which link.
    expect((await ctx.accounts.get(volunteer.id))?.endDate).toBe(endOfYear(campaign + 1));
    const [decision] = await decisions();
    expect(decision).toMatchObject({
      actor: 'decision-link',
      changes: { endDate: { from: endOfYear(campaign), to: endOfYear(campaign + 1) } },
    });
    expect(decision!.reference).toMatch(/^L-/);
    await page.close();
  });

  it('lets the manager change their mind with the other link', async () => {
    const page = await browser.newPage();
    await page.goto(links[1]!);
    expect(await decisions()).toHaveLength(1);
    await page.getByRole('button', { name: 'Confirmer : ne pas renouveler' }).click();
    await page.waitForLoadState();
    expect(await page.textContent('[role=status]')).toContain(
      'Décision enregistrée : le compte ne sera pas renouvelé',
    );
    expect((await ctx.accounts.get(volunteer.id))?.endDate).toBe(endOfYear(campaign));
    expect(await decisions()).toHaveLength(2);
    await page.close();
  });

  it('refuses the same form posted from a page of another site, and changes nothing', async () => {
    // Prepare: a forged page on another site (localhost is another site than 127.0.0.1) with the token.
    const token = new URL(links[0]!).searchParams.get('t')!;
    const forged = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><title>Win</title><form method="post" action="${base}/decision">` +
          `<input type="hidden" name="t" value="${token}"><button>Claim your prize</button></form></html>`,
      );
    });
    await new Promise<void>((ok) => forged.listen(0, '127.0.0.1', ok));
    const before = await decisions();
    try {
      const page = await browser.newPage();
      await page.goto(`http://localhost:${(forged.address() as AddressInfo).port}/`);
      // Act: the victim clicks the forged page's button.
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Claim your prize' }).click(),
      ]);
      // Assess: refused, with the page that says why; nothing decided.
      expect(answer.status()).toBe(403);
      expect(await answer.request().headerValue('sec-fetch-site')).toBe('cross-site');
      expect(await decisions()).toEqual(before);
      await page.close();
    } finally {
      forged.closeAllConnections();
      await new Promise<void>((ok) => forged.close(() => ok()));
    }
  });

  it('refuses tampered, foreign and expired links with a clear page, and changes nothing', async () => {
    const before = await ctx.accounts.get(volunteer.id);
    const token = new URL(links[0]!).searchParams.get('t')!;
    const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const foreign = await signLink(
      { purpose: 'review', accountId: volunteer.id, campaign, decision: 'renew', expiresAt: 4_102_444_800 },
      'another-deployment-key',
    );
    const expired = await signLink(
      {
        purpose: 'review',
        accountId: volunteer.id,
        campaign: campaign - 1,
        decision: 'renew',
        expiresAt: Math.floor(Date.now() / 1000) - 60,
      },
      key,
    );
    const page = await browser.newPage();
    for (const [t, status, title] of [
      [tampered, 400, 'Lien non valide'],
      [foreign, 400, 'Lien non valide'],
      [expired, 410, 'Lien expiré'],
    ] as const) {
      const response = await page.goto(`${base}/decision?t=${t}`);
      expect(response?.status()).toBe(status);
      expect(await page.textContent('section[lang=fr] h1')).toBe(title);
      expect(await page.locator('section[lang=nl] h1').count()).toBe(1);
      expect(await page.locator('button').count()).toBe(0);
      // A forged POST is refused the same way.
      const post = await fetch(`${base}/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `t=${t}`,
      });
      expect(post.status).toBe(status);
    }
    const bare = await fetch(`${links[0]!}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(bare.status).toBe(400);
    expect(await ctx.accounts.get(volunteer.id)).toEqual(before);
    expect(await decisions()).toHaveLength(2);
    await page.close();
  });

  it('sends the safety headers', async () => {
    const response = await fetch(links[0]!);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(links[0]!, { method: 'PUT' })).status).toBe(405);
  });
});
