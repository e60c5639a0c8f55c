import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { createTransport } from 'nodemailer';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../shared/domain/calendar';
import { CHROMIUM, CHROMIUM_FLAGS, hasChromium } from '../support/chromium';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime';

if (!hasChromium)
  console.warn(`local-runtime e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const MAILBOX = 'accounts@helpdesk.example.org';
const HELPDESK = 'helpdesk@helpdesk.example.org';
const ANNE = 'anne.dubois@lib-a.example';
const KOEN = 'koen.maes@lib-b.example';
/** Two volunteers: LIB-A provisions Alma on the helpdesk's approval, LIB-B on its own (config/local.json). */
const CLAIRE = 'claire.fontaine@mail.example';
const PIETER = 'pieter.claes@lib-b.example';

let runtime: LocalRuntime;
let chrome: Browser;
let browser: BrowserContext;
let axeContext: BrowserContext;
let axePage: Page | undefined;
/** The axe findings of every page visited, for the run's summary. */
const axeFindings: Record<string, { passed: number; violations: string[] }> = {};

interface OutboxLine {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  sentAt: string;
}

const cli = (...args: string[]) => runtime.cli(...args);

async function outbox(): Promise<OutboxLine[]> {
  const run = await cli('outbox', '--json');
  expect(run.code).toBe(0);
  return run.out.map((line) => JSON.parse(line) as OutboxLine);
}

async function account(email: string) {
  const run = await cli('accounts', 'show', email, '--json');
  expect(run.err).toEqual([]);
  return JSON.parse(run.out[0]!) as {
    status: string;
    endDate: string | null;
    deactivationDate: string | null;
    history: { action: string }[];
  };
}

/** The Alma user as the stand-in's Users API answers it, with the institution's own key. */
async function almaUser(institution: string, primaryId: string) {
  const keys = JSON.parse(readFileSync(join(runtime.dataDir, 'secrets.json'), 'utf8')) as Record<
    string,
    string
  >;
  const response = await fetch(
    `http://127.0.0.1:${runtime.ports.STANDIN}/almaws/v1/users/${encodeURIComponent(primaryId)}?format=json`,
    {
      headers: { Authorization: `apikey ${keys[`alma-api-key/${institution}`]}`, Accept: 'application/json' },
    },
  );
  return response.status === 200 ? ((await response.json()) as { expiry_date?: string }) : undefined;
}

/** A request mail over SMTP, the envelope sender aligned with the From (its own server sending it). */
async function sendRequest(from: string, subject: string, text: string) {
  const transport = createTransport({
    host: '127.0.0.1',
    port: runtime.ports.SMTP,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({ envelope: { from, to: [MAILBOX] }, from, to: MAILBOX, subject, text });
  } finally {
    transport.close();
  }
}

const LINK = /http:\/\/127\.0\.0\.1:\d+\/(?:decision\?|status\b)[^\s)>\]]*/g;
const links = (text: string) => [...text.matchAll(LINK)].map((m) => m[0]);

/**
 * axe-core on the page as Chromium shows it: no serious or critical finding. axe runs as a script,
 * which the pages' own context (JavaScript off, as people may have it) never executes: the page's
 * HTML as rendered is checked in a second context of the same browser with scripts on.
 */
async function checkAccessibility(page: Page, name: string) {
  axePage ??= await axeContext.newPage();
  await axePage.setContent(await page.content());
  const result = await new AxeBuilder({ page: axePage }).analyze();
  axeFindings[name] = {
    passed: result.passes.length,
    violations: result.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`),
  };
  const blocking = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, name).toEqual([]);
}

/** Opens a link from a mail, checks the page, clicks its button and waits for the answer page. */
async function openAndClick(url: string, name: string, button: string) {
  const page = await browser.newPage();
  const shown = await page.goto(url);
  expect(shown?.status()).toBe(200);
  await checkAccessibility(page, name);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState();
  await checkAccessibility(page, `${name} → answer`);
  return { page, status: answer.status() };
}

describe.skipIf(!hasChromium)('npm start, driven in headless Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    // Prepare: the runtime as `npm start` runs it, on free ports and a fresh data dir.
    [chrome] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true }),
      startLocalRuntime().then((started) => {
        runtime = started;
      }),
    ]);
    // The pages must work without JavaScript.
    browser = await chrome.newContext({ javaScriptEnabled: false });
    axeContext = await chrome.newContext();
    // Two volunteer requests by mail, as the libraries' managers send them.
    await sendRequest(
      ANNE,
      'Nouveau compte Alma - bénévole',
      `Bonjour,\nNom : Claire Fontaine\nE-mail : ${CLAIRE}\nStatut : bénévole\nResponsable : ${ANNE}\nTâches : prêt\nMerci`,
    );
    await sendRequest(
      KOEN,
      'Nieuwe account vrijwilliger',
      `Naam: Pieter Claes\nE-mail: ${PIETER}\nStatuut: vrijwilliger\nVerantwoordelijke: ${KOEN}\nTaken: uitlening`,
    );
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await runtime?.stop();
    console.info(`axe per page (rules passed, violations): ${JSON.stringify(axeFindings)}`);
  });

  it('the Alma approval page from the helpdesk copy: approve creates the user at the stand-in', async () => {
    expect((await account(CLAIRE)).status).not.toBe('closed');
    expect(await almaUser('LIB-A', CLAIRE)).toBeUndefined();
    const copy = (await outbox()).find((m) => m.to.includes(HELPDESK) && m.text.includes(CLAIRE));
    const [approval] = links(copy!.text).filter((l) => l.includes('/decision?'));

    const { page, status } = await openAndClick(approval!, 'Alma approval', 'Confirm: create in Alma');

    expect(status).toBe(200);
    expect(await page.textContent('[role=status]')).toContain(`The Alma user ${CLAIRE} was created.`);
    expect((await almaUser('LIB-A', CLAIRE))?.expiry_date).toBe(`${(await account(CLAIRE)).endDate}Z`);
    await page.close();
  });

  // On 31 December the campaign is over (its links expired at the end of the 30th): nothing to click.
  it.skipIf(brusselsDate(new Date()).endsWith('-12-31'))(
    'the yearly review: renew for one volunteer, do not renew for the other',
    async () => {
      // LIB-B provisions on its own: Pieter's user is there already.
      expect(await almaUser('LIB-B', PIETER)).toBeDefined();
      const endDate = (await account(CLAIRE)).endDate!;
      expect(endDate).toMatch(/-12-31$/);
      const campaign = Number(endDate.slice(0, 4));
      // The campaign's start stage (from 15 November), or today when the window is already open.
      const start = `${campaign}-11-20`;
      const now = brusselsDate(new Date()) < start ? `${start}T06:15:00Z` : new Date().toISOString();
      const run = await cli('run', 'yearly-review', '--now', now, '--force');
      expect(run.code).toBe(0);
      const sent = await outbox();
      const ask = (manager: string, email: string) =>
        links(
          sent.find((m) => m.to.includes(manager) && m.text.includes(email) && m.text.includes('/decision?'))!
            .text,
        );
      const [claireRenew] = ask(ANNE, CLAIRE);
      const [, pieterNotRenew] = ask(KOEN, PIETER);

      const renew = await openAndClick(claireRenew!, 'review renew (fr)', 'Confirmer : renouveler un an');
      const notRenew = await openAndClick(
        pieterNotRenew!,
        'review do not renew (nl)',
        'Bevestigen: niet verlengen',
      );

      expect([renew.status, notRenew.status]).toEqual([200, 200]);
      expect(await renew.page.getAttribute('html', 'lang')).toBe('fr');
      expect(await notRenew.page.getAttribute('html', 'lang')).toBe('nl');
      const claire = await account(CLAIRE);
      expect(claire.endDate).toBe(`${campaign + 1}-12-31`);
      expect(claire.history.map((e) => e.action)).toContain('review-decision');
      expect((await almaUser('LIB-A', CLAIRE))?.expiry_date).toBe(`${campaign + 1}-12-31Z`);
      const pieter = await account(PIETER);
      expect(pieter.endDate).toBe(`${campaign}-12-31`);
      expect(pieter.history.map((e) => e.action)).toContain('review-decision');
      expect((await almaUser('LIB-B', PIETER))?.expiry_date).toBe(`${campaign}-12-31Z`);
      await renew.page.close();
      await notRenew.page.close();
    },
  );

  it('the deactivation confirmation from the helpdesk list closes the account', async () => {
    // Pieter leaves tomorrow: the manager asks for the closure by mail; the daily list names him then.
    const tomorrow = addDays(brusselsDate(new Date()), 1);
    await sendRequest(
      KOEN,
      'Staff member leaving',
      `Hello,\n\nEmail: ${PIETER}\nLeaving date: ${tomorrow}\n\nThanks,\nKoen`,
    );
    expect((await account(PIETER)).deactivationDate).toBe(tomorrow);
    // LIB-B provisions on its own: the user's expiry moved to that date at once, and the helpdesk is told.
    expect((await almaUser('LIB-B', PIETER))?.expiry_date).toBe(`${tomorrow}Z`);
    expect((await outbox()).map((m) => m.subject)).toContainEqual(
      expect.stringContaining(`Done in Alma: expiry date ${tomorrow} – Pieter Claes (LIB-B)`),
    );
    const run = await cli('run', 'deactivation-list', '--now', `${tomorrow}T06:45:00Z`, '--force');
    expect(run.code).toBe(0);
    const list = (await outbox()).find(
      (m) => m.to.includes(HELPDESK) && m.text.includes(PIETER) && m.text.includes('/decision?'),
    );
    const close = links(list!.text).find((l) => l.includes('/decision?'));

    const { page, status } = await openAndClick(
      close!,
      'deactivation confirmation',
      'Confirm: deactivated in Alma',
    );

    expect(status).toBe(200);
    expect((await account(PIETER)).status).toBe('closed');
    await page.close();
  });

  it('the status page and each of its language links', async () => {
    const link = await cli('status', '--link');
    const [url] = links(link.out.join('\n'));
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${runtime.ports.WEB}/status`));
    const page = await browser.newPage();
    expect((await page.goto(url!))?.status()).toBe(200);
    await checkAccessibility(page, 'status (en)');
    const headings = { fr: 'état du service', nl: 'status van de dienst', en: 'service status' };
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toContain(headings.en);

    for (const lang of ['fr', 'nl', 'en'] as const) {
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/status')),
        page.getByRole('link', { name: lang.toUpperCase(), exact: true }).click(),
      ]);
      await page.waitForLoadState();
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.textContent('h1')).toBe(`LIBISnet Alma — ${headings[lang]}`);
      // Back in English, the page is the one checked first.
      if (lang !== 'en') await checkAccessibility(page, `status (${lang}, by its link)`);
    }
    await page.close();
  });
});
