import AxeBuilder from '@axe-core/playwright';
import { createTransport } from 'nodemailer';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, hasChromium } from '../support/chromium';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime';

if (!hasChromium)
  console.warn(`portal helpdesk e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/*
 * The helpdesk's pages as `npm start` serves them (issue 29), in headless Chromium with JavaScript
 * off: a mail that is not a request is forwarded, the weekly drift job runs against the local Alma
 * stand-in, the helpdesk signs in and reaches "Needing a person" (and marks the question handled)
 * and the drift report with the keyboard only; axe-core finds nothing serious or critical. PORTAL_SCREENSHOTS=1 also writes
 * docs/portal-attention.png and docs/portal-drift.png (the README's pictures).
 */

const MAILBOX = 'accounts@helpdesk.example.org';
const HELPDESK = 'helpdesk@helpdesk.example.org';
const ANNE = 'anne.dubois@lib-a.example';
const LOUISE = 'louise.martin@lib-a.example';
const SCREENSHOTS = process.env.PORTAL_SCREENSHOTS === '1';

let runtime: LocalRuntime;
let chrome: Browser;
let helpdesk: BrowserContext;
let axeContext: BrowserContext;
let axePage: Page | undefined;
let base: string;
const axeFindings: Record<string, string[]> = {};

async function sendMail(from: string, subject: string, text: string) {
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

/** axe-core on the page as rendered (in a context with scripts on: the portal's own has none). */
async function checkAccessibility(page: Page, name: string) {
  axePage ??= await axeContext.newPage();
  await axePage.setContent(await page.content());
  const result = await new AxeBuilder({ page: axePage }).analyze();
  axeFindings[name] = result.violations.map((v) => `${v.id} (${v.impact})`);
  const blocking = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, name).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `docs/portal-${name}.png`, fullPage: true });
}

async function signInLink(address: string): Promise<string> {
  const run = await runtime.cli('outbox', '--json');
  const mail = run.out
    .map((line) => JSON.parse(line) as { to: string[]; text: string })
    .filter((m) => m.to.includes(address) && m.text.includes('/portal/link?'))
    .at(-1);
  return /http:\/\/127\.0\.0\.1:\d+\/portal\/link\?\S+/.exec(mail!.text)![0];
}

/** The one browser global the keyboard test reads (the project's tsconfig has no DOM lib). */
interface FocusGlobals {
  document: { activeElement: { matches(selector: string): boolean } | null };
}

/** Tab until the element matching the selector has the focus (keyboard only). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      (s) => (globalThis as unknown as FocusGlobals).document.activeElement?.matches(s) ?? false,
      selector,
    );
    if (focused) return;
  }
  throw new Error(`${selector} never got the focus`);
}

describe.skipIf(!hasChromium)(
  'the helpdesk’s pages under npm start, in headless Chromium',
  { timeout: 90_000 },
  () => {
    beforeAll(async () => {
      [chrome] = await Promise.all([
        chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true }),
        startLocalRuntime().then((started) => {
          runtime = started;
        }),
      ]);
      base = `http://127.0.0.1:${runtime.ports.WEB}`;
      helpdesk = await chrome.newContext({ javaScriptEnabled: false });
      axeContext = await chrome.newContext();
      // A question for a person (forwarded), and an account of LIB-A (approve mode: not in Alma yet).
      await sendMail(ANNE, 'Question Limo', "Bonjour, la vue Limo ne s'affiche plus depuis ce matin.\nAnne");
      await sendMail(
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
        `helpdesk axe violations per page (none serious or critical): ${JSON.stringify(axeFindings)}`,
      );
    });

    it('signs the helpdesk in and reaches "Needing a person" with the keyboard: the forwarded question is listed', async () => {
      const page = await helpdesk.newPage();
      await page.goto(`${base}/portal?lang=en`);
      await tabTo(page, '#address');
      await page.keyboard.type(HELPDESK);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await page.goto(await signInLink(HELPDESK));
      await tabTo(page, 'button[type=submit]');
      await Promise.all([page.waitForURL('**/portal/accounts'), page.keyboard.press('Enter')]);

      await tabTo(page, 'a[href="/portal/attention"]');
      await Promise.all([page.waitForURL('**/portal/attention'), page.keyboard.press('Enter')]);

      expect(await page.textContent('h1')).toBe('Needing a person');
      const forwarded = await page.textContent('table');
      expect(forwarded).toContain('Question Limo');
      expect(forwarded).toContain(ANNE);
      expect(forwarded).toContain('not an account request');
      await checkAccessibility(page, 'attention');

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
      await checkAccessibility(page, 'drift');
      await tabTo(page, 'main a[href^="/portal/accounts/ACC-"]');
      await Promise.all([page.waitForURL('**/portal/accounts/ACC-*'), page.keyboard.press('Enter')]);
      expect(await page.textContent('h1')).toBe('Louise Martin');
      await page.close();
    });

    it('is not found for a manager', async () => {
      const anne = await chrome.newContext({ javaScriptEnabled: false });
      const page = await anne.newPage();
      await page.goto(`${base}/portal`);
      await page.fill('#address', ANNE);
      await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
      await page.goto(await signInLink(ANNE));
      await Promise.all([page.waitForURL('**/portal/accounts'), page.getByRole('button').last().click()]);
      for (const path of ['/portal/drift', '/portal/attention']) {
        const response = await page.goto(`${base}${path}`);
        expect(response?.status(), path).toBe(404);
      }
      await anne.close();
    });
  },
);
