import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StatusReplayServer, startStatusReplayServer } from '../../local/status-replay-server';
import type { AppContext } from '../../shared/app/context';
import { runStatusCheck } from '../../shared/app/monitor/status-check';
import { statusPageLink } from '../../shared/app/monitor/status-page';
import { handleDecisionRequest } from '../../shared/web/web-app';
import { CHROMIUM, hasChromium } from '../support/chromium';
import { testConfig, testContext } from '../support/context';
import { contrast, persistentChromium } from '../support/e2e';

/**
 * The status page in headless Chromium with JavaScript off: a replayed Ex Libris outage after
 * a week of good checks, read as a library would read it. The screenshot is saved to
 * docs/status-page.png for people to look at.
 */

if (!hasChromium)
  console.warn(`status-page e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const EU02 = 'Alma EU02 - Production';
const SCREENSHOT = 'docs/status-page.png';
interface BrowserGlobals {
  getComputedStyle(element: unknown): { color: string; backgroundColor: string };
  document: { body: unknown };
}

let replay: StatusReplayServer;
let server: Server;
let base: string;
let ctx: AppContext;
let browser: BrowserContext;
let closeBrowser: (() => Promise<void>) | undefined;
let now: Date;

describe.skipIf(!hasChromium)('status page in headless Chromium, JavaScript off', () => {
  beforeAll(async () => {
    replay = await startStatusReplayServer();
    ctx = await testContext(
      testConfig({
        institutions: [
          {
            code: 'LIB-A',
            name: 'Bibliothèque A',
            language: 'fr',
            managers: ['anne.dubois@lib-a.example'],
            almaEnvironment: EU02,
            almaUrl: `${replay.url}/lib-a/mng/login`,
          },
          {
            code: 'LIB-B',
            name: 'Bibliotheek B',
            language: 'nl',
            managers: ['koen.maes@lib-b.example'],
            almaEnvironment: EU02,
            almaUrl: `${replay.url}/lib-b/mng/login`,
          },
        ],
        monitor: {
          environments: [{ name: EU02, source: { kind: 'status-page', url: `${replay.url}/` } }],
          timeoutMs: 1500,
          statusPage: { access: 'signed', title: 'LIBISnet Alma' },
        },
      }),
    );
    // A few good checks on each of the last days, then the replayed outage now.
    now = new Date(Math.floor(Date.now() / 300_000) * 300_000);
    replay.setScenario('operational');
    for (let day = 6; day >= 1; day--)
      for (const minute of [0, 5])
        await runStatusCheck(ctx, new Date(now.getTime() - day * 86_400_000 + minute * 60_000));
    replay.setScenario('outage');
    for (const minute of [-15, -10, -5, 0])
      await runStatusCheck(ctx, new Date(now.getTime() + minute * 60_000));

    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      handleDecisionRequest(ctx, {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: '',
        now,
      })
        .then((answer) => {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        })
        .catch((error) => {
          res.writeHead(500);
          res.end(String(error));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ctx.config.decisionBaseUrl = base;
    ({ browser, close: closeBrowser } = await persistentChromium({ viewport: { width: 1100, height: 900 } }));
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await replay?.stop();
  });

  it('shows the outage since when (said once), availability and 90 bars with text, and saves a screenshot', async () => {
    const link = await statusPageLink(ctx, now);
    const page = await browser.newPage();
    const response = await page.goto(`${link}&lang=fr`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe('LIBISnet Alma — état du service');
    expect(await page.locator('script').count()).toBe(0);

    const environment = page.locator('section.target').first();
    expect(await environment.locator('h2').textContent()).toBe(EU02);
    expect(await environment.locator('.state').textContent()).toBe('En panne');
    // The problem's start is said once: beside the state when it is the state's own "since".
    expect(await environment.locator('.meta').first().textContent()).toMatch(
      /^En panne depuis le \d\d\/\d\d\/\d{4} \d\d:\d\d$/,
    );
    expect((await environment.textContent())?.match(/depuis le/g)).toHaveLength(1);
    expect(await environment.textContent()).toContain('Aucune maintenance annoncée.');
    expect(await page.locator('h3').filter({ hasText: 'Bibliothèque A (LIB-A)' }).count()).toBe(1);

    // One bar per day, each with its figures as text; the bars' list is labelled.
    const bars = environment.locator('ol.bars li');
    expect(await bars.count()).toBe(90);
    expect(await bars.nth(89).locator('.sr').textContent()).toMatch(/: \d+(,\d)? % disponible$/);
    expect(await bars.nth(0).locator('.sr').textContent()).toMatch(/: pas de données$/);
    expect(await environment.locator('ol.bars').getAttribute('aria-labelledby')).toBeTruthy();
    expect(await environment.locator('th').allTextContents()).toEqual([
      '24 heures',
      '7 jours',
      '30 jours',
      '90 jours',
    ]);

    // Contrast ≥ 4.5:1 for the body text and every state badge.
    const colours = await page.locator('.state').evaluateAll((elements) => {
      const w = globalThis as unknown as BrowserGlobals;
      const body = w.getComputedStyle(w.document.body);
      return [
        { fg: body.color, bg: body.backgroundColor },
        ...elements.map((el) => {
          const s = w.getComputedStyle(el);
          return { fg: s.color, bg: s.backgroundColor };
        }),
      ];
    });
    for (const { fg, bg } of colours) expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);

    // The language links work without JavaScript and keep the signed link.
    await page.getByRole('link', { name: 'NL' }).click();
    await page.waitForLoadState();
    expect(await page.textContent('h1')).toBe('LIBISnet Alma — status van de dienst');
    await page.getByRole('link', { name: 'EN' }).click();
    await page.waitForLoadState();
    expect(await page.locator('section.target .state').first().textContent()).toBe('Down');

    // README's screenshot, rewritten only when asked (a test run leaves the checkout as it was).
    if (process.env.PORTAL_SCREENSHOTS === '1') {
      mkdirSync('docs', { recursive: true });
      writeFileSync(SCREENSHOT, await page.screenshot({ fullPage: true }));
      expect(existsSync(SCREENSHOT)).toBe(true);
    }
    await page.close();
  });

  it('without the signed link the page is refused, saying what to do, and decision links refuse a status link', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/status?lang=en`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Link needed');
    const forged = await fetch(`${base}/status?t=abc.def`);
    expect(forged.status).toBe(403);
    const token = new URL(await statusPageLink(ctx, now)).searchParams.get('t')!;
    expect((await fetch(`${base}/decision?t=${token}`)).status).toBe(400);
    expect((await fetch(`${base}/status`, { method: 'POST' })).status).toBe(405);
    await page.close();
  });
});
