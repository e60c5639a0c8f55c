import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../shared/domain/calendar';
import { CHROMIUM, hasChromium } from '../support/chromium';
import { almaUser, axeChecker, outbox, sendMail, startRuntimeAndChromium } from '../support/e2e';
import type { LocalRuntime } from '../support/local-runtime';

if (!hasChromium)
  console.warn(`local-runtime e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const HELPDESK = 'helpdesk@helpdesk.example.org';
const ANNE = 'anne.dubois@lib-a.example';
const KOEN = 'koen.maes@lib-b.example';
/** Two volunteers: LIB-A provisions Alma on the helpdesk's approval, LIB-B on its own (config/local.json). */
const CLAIRE = 'claire.fontaine@mail.example';
const PIETER = 'pieter.claes@lib-b.example';

let runtime: LocalRuntime;
let chrome: Browser;
let browser: BrowserContext;
/** axe-core on every page visited (no serious or critical finding), for the run's summary. */
let axe: ReturnType<typeof axeChecker>;

const cli = (...args: string[]) => runtime.cli(...args);

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

const LINK = /http:\/\/127\.0\.0\.1:\d+\/(?:decision\?|status\b)[^\s)>\]]*/g;
const links = (text: string) => [...text.matchAll(LINK)].map((m) => m[0]);

/** Opens a link from a mail, checks the page, clicks its button and waits for the answer page. */
async function openAndClick(url: string, name: string, button: string) {
  const page = await browser.newPage();
  const shown = await page.goto(url);
  expect(shown?.status()).toBe(200);
  await axe.check(page, name);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState();
  await axe.check(page, `${name} → answer`);
  return { page, status: answer.status() };
}

describe.skipIf(!hasChromium)('npm start, driven in headless Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    // Prepare: the runtime as `npm start` runs it, on free ports and a fresh data dir.
    ({ runtime, chrome } = await startRuntimeAndChromium());
    // The pages must work without JavaScript.
    browser = await chrome.newContext({ javaScriptEnabled: false });
    axe = axeChecker(await chrome.newContext());
    // Two volunteer requests by mail, as the libraries' managers send them.
    await sendMail(
      runtime,
      ANNE,
      'Nouveau compte Alma - bénévole',
      `Bonjour,\nNom : Claire Fontaine\nE-mail : ${CLAIRE}\nStatut : bénévole\nResponsable : ${ANNE}\nTâches : prêt\nMerci`,
    );
    await sendMail(
      runtime,
      KOEN,
      'Nieuwe account vrijwilliger',
      `Naam: Pieter Claes\nE-mail: ${PIETER}\nStatuut: vrijwilliger\nVerantwoordelijke: ${KOEN}\nTaken: uitlening`,
    );
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await runtime?.stop();
    const axeFindings = Object.fromEntries(
      Object.entries(axe?.results ?? {}).map(([name, result]) => [
        name,
        {
          passed: result.passes.length,
          violations: result.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`),
        },
      ]),
    );
    console.info(`axe per page (rules passed, violations): ${JSON.stringify(axeFindings)}`);
  });

  it('the Alma approval page from the helpdesk copy: approve creates the user at the stand-in', async () => {
    expect((await account(CLAIRE)).status).not.toBe('closed');
    expect(await almaUser(runtime, 'LIB-A', CLAIRE)).toBeUndefined();
    const copy = (await outbox(runtime)).find((m) => m.to.includes(HELPDESK) && m.text.includes(CLAIRE));
    const [approval] = links(copy!.text).filter((l) => l.includes('/decision?'));

    const { page, status } = await openAndClick(approval!, 'Alma approval', 'Confirm: create in Alma');

    expect(status).toBe(200);
    expect(await page.textContent('[role=status]')).toContain(`The Alma user ${CLAIRE} was created.`);
    expect((await almaUser(runtime, 'LIB-A', CLAIRE))?.expiry_date).toBe(
      `${(await account(CLAIRE)).endDate}Z`,
    );
    await page.close();
  });

  // On 31 December the campaign is over (its links expired at the end of the 30th): nothing to click.
  it.skipIf(brusselsDate(new Date()).endsWith('-12-31'))(
    'the yearly review: renew for one volunteer, do not renew for the other',
    async () => {
      // LIB-B provisions on its own: Pieter's user is there already.
      expect(await almaUser(runtime, 'LIB-B', PIETER)).toBeDefined();
      const endDate = (await account(CLAIRE)).endDate!;
      expect(endDate).toMatch(/-12-31$/);
      const campaign = Number(endDate.slice(0, 4));
      // The campaign's start stage (from 15 November), or today when the window is already open.
      const start = `${campaign}-11-20`;
      const now = brusselsDate(new Date()) < start ? `${start}T06:15:00Z` : new Date().toISOString();
      const run = await cli('run', 'yearly-review', '--now', now, '--force');
      expect(run.code).toBe(0);
      const sent = await outbox(runtime);
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
      expect((await almaUser(runtime, 'LIB-A', CLAIRE))?.expiry_date).toBe(`${campaign + 1}-12-31Z`);
      const pieter = await account(PIETER);
      expect(pieter.endDate).toBe(`${campaign}-12-31`);
      expect(pieter.history.map((e) => e.action)).toContain('review-decision');
      expect((await almaUser(runtime, 'LIB-B', PIETER))?.expiry_date).toBe(`${campaign}-12-31Z`);
      await renew.page.close();
      await notRenew.page.close();
    },
  );

  it('the deactivation confirmation from the helpdesk list closes the account', async () => {
    // Pieter leaves tomorrow: the manager asks for the closure by mail; the daily list names him then.
    const tomorrow = addDays(brusselsDate(new Date()), 1);
    await sendMail(
      runtime,
      KOEN,
      'Staff member leaving',
      `Hello,\n\nEmail: ${PIETER}\nLeaving date: ${tomorrow}\n\nThanks,\nKoen`,
    );
    expect((await account(PIETER)).deactivationDate).toBe(tomorrow);
    // LIB-B provisions on its own: the user's expiry moved to that date at once, and the helpdesk is told.
    expect((await almaUser(runtime, 'LIB-B', PIETER))?.expiry_date).toBe(`${tomorrow}Z`);
    expect((await outbox(runtime)).map((m) => m.subject)).toContainEqual(
      expect.stringContaining(`Done in Alma: expiry date ${tomorrow} – Pieter Claes (LIB-B)`),
    );
    const run = await cli('run', 'deactivation-list', '--now', `${tomorrow}T06:45:00Z`, '--force');
    expect(run.code).toBe(0);
    const list = (await outbox(runtime)).find(
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
    await axe.check(page, 'status (en)');
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
      if (lang !== 'en') await axe.check(page, `status (${lang}, by its link)`);
    }
    await page.close();
  });
});
