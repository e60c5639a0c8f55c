import { existsSync } from 'node:fs';

/** Debian's Chromium, which the e2e tests drive through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Headless, and quiet on a closed network: without the background-networking flags Chromium's
 * own connections are refused by the machine, many at a time.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
