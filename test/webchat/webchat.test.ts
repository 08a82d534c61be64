// The bot in Microsoft's Bot Framework Web Chat (the npm bundle, in Debian's headless Chromium) over the Direct Line
// stand-in: help with its <placeholders> readable, jobs failed, Next, Show queries, and Retry followed to Completed
// by new messages, since Direct Line cannot update one. The whole bot runs as in demo mode, over the Azure stand-in.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { type RetryBot, startRetryBot } from '../channels/support/retry-bot';
import { type DirectLineStandIn, startDirectLine } from '../standins/direct-line';
import { type LaunchedChromium, launchChromium } from '../support/chromium';
import { publishReadmeScreenshot } from '../support/readme-screenshot';
import { type HostPage, startHostPage } from './host-page';

jest.setTimeout(120_000);

// For people: the README's docs/webchat.png, rewritten from it when UPDATE_SCREENSHOTS=1.
const SCREENSHOT = path.resolve(__dirname, '../../test-output/webchat/webchat.png');

let bot: RetryBot;
let directLine: DirectLineStandIn;
let host: HostPage;
let chromium: LaunchedChromium;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  // Demo mode: the chat's user may retry; the stand-in's backups complete 3 s after they start.
  bot = await startRetryBot({ demo: true, jobDelayMs: 3_000 });
  directLine = await startDirectLine({ botUrl: bot.messagesUrl });
  host = await startHostPage();
  chromium = await launchChromium();
  page = await chromium.browser.newPage({ viewport: { width: 760, height: 1100 }, deviceScaleFactor: 1 });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // Nothing but the page and Direct Line: no CDN, no internet (Web Chat also makes blob: URLs of its own).
  const allowed = [host.origin, new URL(directLine.domain).origin];
  await page.route('**/*', (route) =>
    allowed.some((origin) => route.request().url().startsWith(`${origin}/`)) ? route.continue() : route.abort(),
  );
  await page.goto(host.url(directLine.domain, await directLine.generateToken()));
});
afterAll(async () => {
  await chromium?.close();
  await host?.close();
  await directLine?.close();
  await bot?.close();
});

/** The bot's cards in the transcript, oldest first. */
const cards = (): Locator => page.locator('.ac-adaptiveCard');
/** The newest card that shows `text`, once it is there. */
async function cardWith(text: string | RegExp, timeout = 20_000): Promise<Locator> {
  const card = cards().filter({ hasText: text }).last();
  await card.waitFor({ timeout });
  return card;
}

async function say(text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: /message/i });
  await box.fill(text);
  await box.press('Enter');
}

/** Every text a person reads in `card`, with Web Chat's whitespace collapsed. */
async function textOf(card: Locator): Promise<string> {
  return ((await card.textContent()) ?? '').replace(/\s+/g, ' ');
}

test('help shows the commands with their <placeholders> as written', async () => {
  await say('help');
  const help = await cardWith('Backup Center bot: commands');
  const text = await textOf(help);
  expect(text).toContain('retry <item> [<item> …] [vault:…]');
  expect(text).toContain('vault <name> [sub:… rg:… since:…]');
  expect(text).toContain('audit [since:<n>h|<n>d]');
  expect(text).not.toContain('\\<');
});

test('jobs failed, then Next: the next page arrives as a new message and the first page stays', async () => {
  await say('jobs failed');
  // Web Chat renders Adaptive Cards as Teams does: 11 jobs on page 1 (under the error-code overview), then 18.
  const first = await cardWith(/showing 11 of \d+ failed jobs/);
  const total = /showing 11 of (\d+) failed jobs/.exec(await textOf(first))?.[1];
  expect(await textOf(first)).toMatch(/\d+ error codes, biggest first/);
  await first.getByRole('button', { name: 'Next ›' }).click();
  const second = await cardWith(`showing 12–${Math.min(29, Number(total))} of ${total} failed jobs`);
  expect(await textOf(second)).toContain('Failed jobs');
  // Direct Line keeps what was posted: both pages are in the transcript.
  await expect(
    cards()
      .filter({ hasText: /showing 11 of/ })
      .count(),
  ).resolves.toBe(1);
});

test('Show queries on the jobs card posts the KQL behind the answer as a card of its own', async () => {
  const jobs = await cardWith(/showing 12–\d+ of/);
  await jobs.getByRole('button', { name: /^Show quer/ }).click();
  const query = await cardWith('Query 1 of 2');
  const kql = query.locator('textarea').first();
  await kql.waitFor();
  await expect(kql.inputValue()).resolves.toMatch(/RecoveryServicesResources/i);
});

test('Retry → Start backup → Started → Completed, each a new message', async () => {
  const jobs = await cardWith(/showing 12–\d+ of/);
  // A row's button says "Retry"; its tooltip names the item (the row beside it does too).
  const retry = jobs.locator('button[title^="Retry "]').first();
  const item = ((await retry.getAttribute('title')) ?? '').replace(/^Retry /, '').trim();
  expect(item).not.toBe('');
  expect((await retry.textContent())?.trim()).toBe('Retry');
  await retry.click();
  const confirm = await cardWith(`Back up ${item} now?`);
  await confirm.getByRole('button', { name: 'Start backup' }).click();
  const started = await cardWith(`Backup of ${item} started`);
  expect(await textOf(started)).toContain('The result follows as a new message');
  const done = await cardWith(`Backup of ${item} completed`);
  expect(await textOf(done)).toContain('✅ Completed');
  // Milestones only: the "In progress" step Teams shows in place would be one more message here.
  await expect(
    cards()
      .filter({ hasText: `Backing up ${item}` })
      .count(),
  ).resolves.toBe(0);
  await done.scrollIntoViewIfNeeded();
  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  expect(publishReadmeScreenshot(SCREENSHOT, 'webchat.png')).toEqual([]);
  // One click on Start, one backup in Azure (no other test in this file starts one).
  expect(bot.sim.admin.countBackupCalls()).toBe(1);
  // The bot knew Direct Line cannot update a message: it never tried (a PUT would be refused with 405).
  expect(directLine.calls.filter((c) => c.side === 'bot' && c.method !== 'POST')).toEqual([]);
  expect(pageErrors).toEqual([]);
});
