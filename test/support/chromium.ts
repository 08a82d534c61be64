// Launches Debian's Chromium headless through playwright-core for browser tests, with flags that keep it offline.
// Never `npx playwright install`: it downloads a browser, and these machines reach only npm and Debian.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedChromium {
  browser: Browser;
  /** Closes the browser; Playwright then deletes the temporary profile it created. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A fresh headless Chromium. Every launch gets a new, empty profile: Playwright creates a temporary user-data-dir
 * itself for `launch()` (and refuses `--user-data-dir` in args), and removes it on close.
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\``);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  let closed = false;
  return {
    browser,
    async close() {
      if (closed) return;
      closed = true;
      await browser.close();
    },
  };
}
