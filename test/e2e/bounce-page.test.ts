import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, brusselsDate, formatBelgian } from '../../shared/domain/calendar';
import { CHROMIUM, hasChromium } from '../support/chromium';
import { almaUser, axeChecker, sendMail, signInOnForm, startRuntimeAndChromium, tabTo } from '../support/e2e';
import type { LocalRuntime } from '../support/local-runtime';
import { sesStore as storeOf } from '../support/services';

if (!hasChromium)
  console.warn(`bounce-page e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/*
 * The bounce question as `npm start` runs it, in headless Chromium with JavaScript off (issue 31):
 * three employees of LIB-B (provisioned in Alma at once) whose addresses are the SES mailbox
 * simulator's bounce address; the expiry notice run bounces, the manager's question lands in the
 * local SES store. The mailed *close* link closes (and moves the Alma expiry to today), the *keep*
 * link keeps, and in the portal the manager answers the third on the account's page. Each page:
 * axe-core (no serious or critical finding), the buttons reached with the keyboard.
 */

const KOEN = 'koen.maes@lib-b.example';
const SIM = 'simulator.amazonses.com';
const CLOSE = `bounce+e2e-close@${SIM}`;
const KEEP = `bounce+e2e-keep@${SIM}`;
const PORTAL = `bounce+e2e-portal@${SIM}`;
const today = brusselsDate(new Date());
// A temporary employee's account ends a month after the mission; the notice run is the day its
// 30-day notice is due, a few days ahead (`npm start`'s own scheduler may have run today's already).
const missionEnd = addDays(today, 5);
const endDate = addMonths(missionEnd, 1);
const runDay = addDays(endDate, -30);

let runtime: LocalRuntime;
let chrome: Browser;
let browser: BrowserContext;
let axe: ReturnType<typeof axeChecker>;
let base: string;

/** What the runtime's local SES server holds (its /store, as a developer looks at it). */
const sesStore = () => storeOf(`http://127.0.0.1:${runtime.ports.SES}`);

async function account(email: string) {
  const run = await runtime.cli('accounts', 'show', email, '--json');
  expect(run.code, run.err.join('\n')).toBe(0);
  return JSON.parse(run.out[0]!) as {
    id: string;
    status: string;
    deactivationDate: string | null;
    history: { action: string; actor: string; reference?: string }[];
  };
}

/** The managers' question about one address, and its links. */
async function question(email: string) {
  const asked = (await sesStore()).filter(
    (m) =>
      m.destination.to.includes(KOEN) &&
      m.subject === `Mail aan ${email} komt terug: is Jan ${email.split(/[+@]/)[1]} vertrokken?`,
  );
  expect(asked).toHaveLength(1);
  const text = asked[0]!.body.text ?? '';
  const [close, keep] = [...text.matchAll(/http:\/\/127\.0\.0\.1:\d+\/decision\?t=[\w.-]+/g)].map(
    (m) => m[0],
  );
  const portal = /http:\/\/127\.0\.0\.1:\d+\/portal\/accounts\/ACC-\w+/.exec(text)?.[0];
  return { close: close!, keep: keep!, portal: portal! };
}

/** Opens a mailed link, checks the page, reaches its button with Tab and presses Enter. */
async function answerByKeyboard(url: string, name: string): Promise<{ page: Page; status: number }> {
  const page = await browser.newPage();
  expect((await page.goto(url))?.status()).toBe(200);
  await axe.check(page, name);
  await tabTo(page, 'button[type=submit]', 40);
  const [answer] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(answer?.request().method()).toBe('POST');
  await axe.check(page, `${name} → answer`);
  return { page, status: answer?.status() ?? 0 };
}

describe.skipIf(!hasChromium)(
  'the bounce question under npm start, in headless Chromium',
  { timeout: 90_000 },
  () => {
    beforeAll(async () => {
      ({ runtime, chrome } = await startRuntimeAndChromium());
      base = `http://127.0.0.1:${runtime.ports.WEB}`;
      browser = await chrome.newContext({ javaScriptEnabled: false });
      axe = axeChecker(await chrome.newContext());
      // Three temporary employees of LIB-B by mail, ending 30 days after the run.
      for (const email of [CLOSE, KEEP, PORTAL])
        await sendMail(
          runtime,
          KOEN,
          'Nieuwe account',
          `Naam: Jan ${email.split(/[+@]/)[1]}\nE-mail: ${email}\nStatuut: tijdelijk\nVerantwoordelijke: ${KOEN}\nEinde opdracht: ${formatBelgian(missionEnd)}\nTaken: uitlening`,
        );
      for (const email of [CLOSE, KEEP, PORTAL]) {
        expect((await account(email)).status).not.toBe('closed');
        expect((await almaUser(runtime, 'LIB-B', email))?.expiry_date).toBe(`${endDate}Z`);
      }
      // The expiry notices of the run day: the three bounce at the simulator, the manager is asked.
      const run = await runtime.cli('run', 'expiry-notices', '--now', `${runDay}T06:15:00Z`, '--force');
      expect(run.code, run.err.join('\n')).toBe(0);
    }, 90_000);

    afterAll(async () => {
      await chrome?.close();
      await runtime?.stop();
      console.info(
        `bounce pages' axe violations (none serious or critical): ${JSON.stringify(axe?.violations())}`,
      );
    });

    it('the mailed close link: closes from today, and the Alma expiry moves to today', async () => {
      const { close } = await question(CLOSE);
      const { page, status } = await answerByKeyboard(close, 'bounce close link');
      expect(status).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
      expect(await page.textContent('[role=status]')).toContain('Het account is afgesloten');
      const closed = await account(CLOSE);
      expect(closed).toMatchObject({ status: 'closed', deactivationDate: today });
      expect(closed.history.find((e) => e.action === 'closed')).toMatchObject({ actor: 'decision-link' });
      expect((await almaUser(runtime, 'LIB-B', CLOSE))?.expiry_date).toBe(`${today}Z`);
      // Opened again: already closed, no button.
      await page.goto(close);
      expect(await page.textContent('main')).toContain('Dit account was al afgesloten');
      expect(await page.locator('button[type=submit]').count()).toBe(0);
      await page.close();
    });

    it('the mailed keep link: keeps the account, and its page in the portal asks no more', async () => {
      const { keep } = await question(KEEP);
      const { page, status } = await answerByKeyboard(keep, 'bounce keep link');
      expect(status).toBe(200);
      expect(await page.textContent('[role=status]')).toContain('Het account blijft behouden');
      const kept = await account(KEEP);
      expect(kept.status).not.toBe('closed');
      expect(kept.history.find((e) => e.action === 'bounce-kept')).toMatchObject({ actor: 'decision-link' });
      expect((await almaUser(runtime, 'LIB-B', KEEP))?.expiry_date).toBe(`${endDate}Z`);
      await page.close();
    });

    it('in the portal: the manager signs in by the mailed link, opens the account from the mail, answers with the keyboard', async () => {
      const { portal, close } = await question(PORTAL);
      const page = await browser.newPage();
      // The mail's portal link: not signed in yet, the sign-in form.
      await page.goto(portal);
      await signInOnForm(page, KOEN, sesStore);

      expect((await page.goto(portal))?.status()).toBe(200);
      expect(await page.textContent('#bounce-question')).toBe(
        `Mail aan ${PORTAL} komt terug: is Jan e2e-portal vertrokken?`,
      );
      await axe.check(page, 'portal account with the bounce question');
      // The account kept by its link asks nothing in the portal.
      await page.goto(`${base}/portal/accounts/${(await account(KEEP)).id}`);
      expect(await page.locator('#bounce-question').count()).toBe(0);

      await page.goto(portal);
      await tabTo(page, 'form[action$="/bounce"] button', 40);
      // The first of the two answers is "close"; Tab once more reaches "keep".
      expect(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
              .activeElement.textContent,
        ),
      ).toBe('Vertrokken: vanaf vandaag afsluiten');
      const [answer] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(answer?.request().method()).toBe('POST');
      expect(answer?.status()).toBe(200);
      expect(await page.textContent('[role=status]')).toContain('Het account is afgesloten');
      await axe.check(page, 'portal bounce answer');
      const closed = await account(PORTAL);
      expect(closed).toMatchObject({ status: 'closed', deactivationDate: today });
      expect(closed.history.find((e) => e.action === 'closed')).toMatchObject({
        actor: KOEN,
        reference: 'portal',
      });
      expect((await almaUser(runtime, 'LIB-B', PORTAL))?.expiry_date).toBe(`${today}Z`);
      // The mailed link for the same account now says it is decided.
      await page.goto(close);
      expect(await page.textContent('main')).toContain('Dit account was al afgesloten');
      await page.close();
    });
  },
);
