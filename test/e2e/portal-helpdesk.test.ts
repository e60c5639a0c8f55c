import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium } from '../support/chromium';
import {
  axeChecker,
  SCREENSHOTS,
  sendMail,
  signIn,
  signInLink,
  startRuntimeAndChromium,
  tabTo,
} from '../support/e2e';
import type { LocalRuntime } from '../support/local-runtime';

if (!hasChromium)
  console.warn(`portal helpdesk e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/*
 * The helpdesk's pages as `npm start` serves them (issue 29), in headless Chromium with JavaScript
 * off: a mail that is not a request is forwarded, the weekly drift job runs against the local Alma
 * stand-in, the helpdesk signs in and reaches "Needing a person" (and marks the question handled)
 * and the drift report with the keyboard only; axe-core finds nothing serious or critical. PORTAL_SCREENSHOTS=1 also writes
 * docs/portal-attention.png and docs/portal-drift.png (the README's pictures).
 */

const HELPDESK = 'helpdesk@helpdesk.example.org';
const ANNE = 'anne.dubois@lib-a.example';
const LOUISE = 'louise.martin@lib-a.example';

let runtime: LocalRuntime;
let chrome: Browser;
let helpdesk: BrowserContext;
let axe: ReturnType<typeof axeChecker>;
let base: string;

describe.skipIf(!hasChromium)(
  'the helpdesk’s pages under npm start, in headless Chromium',
  { timeout: 90_000 },
  () => {
    beforeAll(async () => {
      ({ runtime, chrome } = await startRuntimeAndChromium());
      base = `http://127.0.0.1:${runtime.ports.WEB}`;
      helpdesk = await chrome.newContext({ javaScriptEnabled: false });
      axe = axeChecker(await chrome.newContext(), { screenshots: SCREENSHOTS });
      // A question for a person (forwarded), and an account of LIB-A (approve mode: not in Alma yet).
      await sendMail(
        runtime,
        ANNE,
        'Question Limo',
        "Bonjour, la vue Limo ne s'affiche plus depuis ce matin.\nAnne",
      );
      await sendMail(
        runtime,
        ANNE,
        'Nouveau compte Alma',
        `Bonjour,\nNom : Louise Martin\nE-mail : ${LOUISE}\nStatut : permanent\nTâches : prêt\nMerci`,
      );
      const drift = await runtime.cli('run', 'alma-drift', '--now', new Date().toISOString(), '--force');
      expect(drift.code, drift.err.join('\n')).toBe(0);
    }, 90_000);

    afterAll(async () => {
      await chrome?.close();
      await runtime?.stop();
      console.info(
        `helpdesk axe violations per page (none serious or critical): ${JSON.stringify(axe?.violations())}`,
      );
    });

    it('signs the helpdesk in and reaches "Needing a person" with the keyboard: the forwarded question is listed', async () => {
      const page = await helpdesk.newPage();
      await page.goto(`${base}/portal?lang=en`);
      await tabTo(page, '#address');
      await page.keyboard.type(HELPDESK);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await page.goto(await signInLink(runtime, HELPDESK));
      await tabTo(page, 'button[type=submit]');
      await Promise.all([page.waitForURL('**/portal/accounts'), page.keyboard.press('Enter')]);

      await tabTo(page, 'a[href="/portal/attention"]');
      await Promise.all([page.waitForURL('**/portal/attention'), page.keyboard.press('Enter')]);

      expect(await page.textContent('h1')).toBe('Needing a person');
      const forwarded = await page.textContent('table');
      expect(forwarded).toContain('Question Limo');
      expect(forwarded).toContain(ANNE);
      expect(forwarded).toContain('not an account request');
      await axe.check(page, 'attention');

      // Handled by a person: it leaves the list.
      await tabTo(page, 'button[aria-label="Handled: Question Limo"]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.textContent('[role=status]')).toContain('Marked handled');
      expect(await page.textContent('main')).not.toContain('Question Limo');
      await page.close();
    });

    it('shows the latest drift report, the account missing in Alma linked to its page', async () => {
      const page = await helpdesk.newPage();
      await page.goto(`${base}/portal/accounts`);

      await tabTo(page, 'a[href="/portal/drift"]');
      await Promise.all([page.waitForURL('**/portal/drift'), page.keyboard.press('Enter')]);

      expect(await page.textContent('h1')).toBe('Latest drift report');
      const main = await page.textContent('main');
      expect(main).toMatch(/Week \d{4}-W\d{2}, compared on/);
      expect(main).toContain('missing in Alma');
      await axe.check(page, 'drift');
      await tabTo(page, 'main a[href^="/portal/accounts/ACC-"]');
      await Promise.all([page.waitForURL('**/portal/accounts/ACC-*'), page.keyboard.press('Enter')]);
      expect(await page.textContent('h1')).toBe('Louise Martin');
      await page.close();
    });

    it('is not found for a manager', async () => {
      const anne = await chrome.newContext({ javaScriptEnabled: false });
      const page = await signIn(runtime, anne, ANNE);
      for (const path of ['/portal/drift', '/portal/attention']) {
        const response = await page.goto(`${base}${path}`);
        expect(response?.status(), path).toBe(404);
      }
      await anne.close();
    });
  },
);
