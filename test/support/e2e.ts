import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { createTransport } from 'nodemailer';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { type LocalRuntime, startLocalRuntime } from './local-runtime';

/**
 * The set-up the Chromium e2e files share: mail into the runtime, its outbox, signing in to the
 * portal by the mailed link, the keyboard, and axe-core on each page.
 */

/** The helpdesk's mailbox in config/local.json: where managers send their requests. */
export const MAILBOX = 'accounts@helpdesk.example.org';
/** PORTAL_SCREENSHOTS=1: the portal files also write their docs/*.png (the README's pictures). */
export const SCREENSHOTS = process.env.PORTAL_SCREENSHOTS === '1';

/** Headless Chromium with the project's flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** `npm start`'s runtime and Chromium, started side by side; neither is left running when the other fails. */
export async function startRuntimeAndChromium(): Promise<{ runtime: LocalRuntime; chrome: Browser }> {
  const [runtime, chrome] = await Promise.allSettled([startLocalRuntime(), launchChromium()]);
  if (runtime.status === 'fulfilled' && chrome.status === 'fulfilled')
    return { runtime: runtime.value, chrome: chrome.value };
  if (runtime.status === 'fulfilled') await runtime.value.stop();
  if (chrome.status === 'fulfilled') await chrome.value.close();
  throw runtime.status === 'rejected' ? runtime.reason : (chrome as PromiseRejectedResult).reason;
}

/** Chromium with its own throw-away profile, JavaScript off; `close` also removes the profile. */
export async function persistentChromium(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: true,
    // The pages must work without JavaScript.
    javaScriptEnabled: false,
    ...options,
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A mail over the runtime's SMTP port, the envelope sender aligned with the From (its own server sending it). */
export async function sendMail(runtime: LocalRuntime, from: string, subject: string, text: string) {
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

export interface OutboxLine {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  sentAt: string;
}

/** The runtime's outbox, as `outbox --json` prints it. */
export async function outbox(runtime: LocalRuntime): Promise<OutboxLine[]> {
  const run = await runtime.cli('outbox', '--json');
  expect(run.code).toBe(0);
  return run.out.map((line) => JSON.parse(line) as OutboxLine);
}

/** A mail as the sign-in link search reads it: the outbox's lines, or the SES store's mails. */
export type MailedText =
  | { to: string[]; text: string }
  | { destination: { to: string[] }; body: { text?: string } };

/** The Alma user as the runtime's stand-in's Users API answers it, with the institution's own key. */
export async function almaUser(runtime: LocalRuntime, institution: string, primaryId: string) {
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

/** The newest portal sign-in link among these mails to the address. */
export function newestSignInLink(mails: MailedText[], address: string): string {
  const texts = mails
    .map((m) => ('destination' in m ? { to: m.destination.to, text: m.body.text ?? '' } : m))
    .filter((m) => m.to.includes(address) && m.text.includes('/portal/link?'));
  return /http:\/\/127\.0\.0\.1:\d+\/portal\/link\?\S+/.exec(texts.at(-1)!.text)![0];
}

/** The newest sign-in link the runtime mailed to an address. */
export async function signInLink(runtime: LocalRuntime, address: string): Promise<string> {
  return newestSignInLink(await outbox(runtime), address);
}

/**
 * On the portal's sign-in form (already open): asks for a link with the mouse, opens the newest
 * one `mails` holds and presses its button; resolves once the page matching `landing` is shown.
 */
export async function signInOnForm(
  page: Page,
  address: string,
  mails: () => Promise<MailedText[]>,
  landing = '**/portal/accounts',
) {
  await page.fill('#address', address);
  await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
  await page.goto(newestSignInLink(await mails(), address));
  await Promise.all([page.waitForURL(landing), page.getByRole('button').last().click()]);
}

/** Signs in to the runtime's portal by the mailed link, with the mouse, in a new page of the context. */
export async function signIn(runtime: LocalRuntime, context: BrowserContext, address: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${runtime.ports.WEB}/portal`);
  await signInOnForm(page, address, () => outbox(runtime));
  return page;
}

/** The one browser global the keyboard helpers read (the project's tsconfig has no DOM lib). */
interface FocusGlobals {
  document: { activeElement: { matches(selector: string): boolean } | null };
}

/** Tab until the element matching the selector has the focus (keyboard only). */
export async function tabTo(page: Page, selector: string, tries = 30) {
  for (let i = 0; i < tries; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      (s) => (globalThis as unknown as FocusGlobals).document.activeElement?.matches(s) ?? false,
      selector,
    );
    if (focused) return;
  }
  throw new Error(`${selector} never got the focus`);
}

/** Clicks and waits for the page it leads to; its HTTP status. */
export async function clickAndWait(page: Page, click: () => Promise<void>) {
  const [response] = await Promise.all([page.waitForNavigation(), click()]);
  return response?.status();
}

/**
 * axe-core on pages as Chromium shows them: no serious or critical finding. axe runs as a script,
 * which the pages' own context (JavaScript off, as people may have it) never executes: the page's
 * HTML as rendered is checked in a second context of the same browser with scripts on.
 * `screenshots` also writes docs/portal-<name>.png; `reusePage` keeps one page for axe (else one per check).
 */
export function axeChecker(
  axeContext: BrowserContext,
  options: { screenshots?: boolean; reusePage?: boolean } = {},
) {
  let axePage: Page | undefined;
  const results: Record<string, Awaited<ReturnType<AxeBuilder['analyze']>>> = {};
  return {
    /** Every checked page's axe results, by name. */
    results,
    /** Every checked page's violations, `id (impact)`, by name. */
    violations(): Record<string, string[]> {
      return Object.fromEntries(
        Object.entries(results).map(([name, r]) => [name, r.violations.map((v) => `${v.id} (${v.impact})`)]),
      );
    },
    async check(page: Page, name: string) {
      const reuse = options.reusePage ?? true;
      if (reuse) axePage ??= await axeContext.newPage();
      const checking = reuse && axePage ? axePage : await axeContext.newPage();
      await checking.setContent(await page.content());
      const result = await new AxeBuilder({ page: checking }).analyze();
      if (!reuse) await checking.close();
      results[name] = result;
      const blocking = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(blocking, name).toEqual([]);
      if (options.screenshots) await page.screenshot({ path: `docs/portal-${name}.png`, fullPage: true });
    },
  };
}

/** WCAG 2 contrast between two CSS rgb() colours. */
export function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
