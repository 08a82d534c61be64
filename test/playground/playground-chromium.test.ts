// The playground in Debian's headless Chromium, as a newcomer meets it: the welcome card, `jobs failed` typed and
// answered with the right count (counted independently from the demo estate), a button clicked and the card updated,
// and a button that opens a new message (as a digest's do; here the help card's, through a plugged-in handler).
// Screenshots for people: test-output/playground/*.png; the README's docs/playground.png is rewritten from the
// `jobs failed` one when UPDATE_SCREENSHOTS=1 (test/support/readme-screenshot.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { serializeAction } from '../../src/core/commands/payload';
import type { HelpViewModel } from '../../src/core/view-models/common';
import { createViewHandlers } from '../../src/core/views/handlers';
import { countFailedJobs, type RealBot, startRealBot } from '../channels/teams/real-bot';
import { type LaunchedChromium, launchChromium } from '../support/chromium';
import { publishReadmeScreenshot } from '../support/readme-screenshot';

jest.setTimeout(90_000);

const SHOTS = path.resolve(__dirname, '../../test-output/playground');

let bot: RealBot;
let chromium: LaunchedChromium;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const builtIn = createViewHandlers();
  bot = await startRealBot({
    handlers: {
      help: async (cmd, ctx) => {
        const reply = await builtIn.help(cmd, ctx);
        const model = reply.model as HelpViewModel;
        const buttons = model.buttons.map((b) => ({
          ...b,
          payload: serializeAction({ ...JSON.parse(b.payload), n: 1 }),
        }));
        return { ...reply, model: { ...model, buttons } };
      },
    },
  });
  chromium = await launchChromium();
  page = await chromium.browser.newPage({ viewport: { width: 1180, height: 1290 }, deviceScaleFactor: 1 });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  // Nothing but the bot: the page must not need the internet.
  await page.route('**/*', (route) =>
    route.request().url().startsWith(`${bot.origin}/`) ? route.continue() : route.abort(),
  );
});
afterAll(async () => {
  await chromium?.close();
  await bot?.close();
});

const botCards = () => page.locator('li.turn.bot .card');

test('the page opens with the demo-data header, example chips and the welcome card', async () => {
  await page.goto(`${bot.origin}/`);
  await page.locator('li.turn.bot .card', { hasText: 'Azure Backup, in chat' }).waitFor();
  await expectText(page.locator('header'), 'Backup Center bot');
  expect(await page.locator('#data-label').textContent()).toBe('Demo data');
  expect(await page.locator('#chips .chip').allInnerTexts()).toEqual(
    expect.arrayContaining(['summary', 'jobs failed', 'help']),
  );
  expect(pageErrors).toEqual([]);
});

test('typing `jobs failed` shows the jobs card with the number of failed jobs in the estate', async () => {
  const expected = countFailedJobs(bot.estate);
  await page.locator('#message').fill('jobs failed');
  await page.locator('#message').press('Enter');
  await page.locator('li.turn.me', { hasText: 'jobs failed' }).waitFor();
  const jobsCard = botCards().filter({ hasText: `of ${expected} failed jobs` });
  await jobsCard.waitFor({ timeout: 20_000 });
  await expectText(jobsCard, 'Failed jobs');
  // Markdown went through markdown-it: no literal ** left in what a person reads.
  expect(await jobsCard.textContent()).not.toContain('**');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, 'playground.png') });
  expect(publishReadmeScreenshot(path.join(SHOTS, 'playground.png'), 'playground.png')).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('clicking "Next page" updates the same card in place with the second page', async () => {
  const expected = countFailedJobs(bot.estate);
  const item = page
    .locator('li.turn.bot')
    .filter({ hasText: `of ${expected} failed jobs` })
    .last();
  const id = await item.getAttribute('data-activity-id');
  await item.getByRole('button', { name: /next/i }).click();
  const updated = page.locator(`li.turn.bot[data-activity-id="${id}"]`);
  await updated.filter({ hasText: `showing 12–29 of ${expected} failed jobs` }).waitFor({ timeout: 20_000 });
  expect(await page.locator(`li.turn.bot[data-activity-id="${id}"]`).count()).toBe(1);
  await page.screenshot({ path: path.join(SHOTS, 'playground-page-2.png') });
  expect(pageErrors).toEqual([]);
});

test('an example chip sends its command', async () => {
  const before = await botCards().count();
  await page.locator('#chips .chip', { hasText: 'vaults' }).click();
  await page.locator('li.turn.me', { hasText: 'vaults' }).waitFor();
  await botCards().nth(before).filter({ hasText: 'Vaults' }).waitFor({ timeout: 20_000 });
});

test('a button that opens a new message leaves its card as it was and shows the answer below', async () => {
  await page.locator('#message').fill('help');
  await page.locator('#message').press('Enter');
  const help = page.locator('li.turn.bot').filter({ hasText: 'Backup Center bot: commands' }).last();
  await help.waitFor({ timeout: 20_000 });
  const id = await help.getAttribute('data-activity-id');
  const before = await botCards().count();
  await help.getByRole('button', { name: 'Failed jobs' }).click();
  await botCards().nth(before).filter({ hasText: 'Failed jobs' }).waitFor({ timeout: 20_000 });
  const clicked = page.locator(`li.turn.bot[data-activity-id="${id}"] .card`);
  await expectText(clicked, 'Backup Center bot: commands');
  expect(await clicked.getAttribute('class')).not.toContain('busy');
  await page.screenshot({ path: path.join(SHOTS, 'playground-new-message.png') });
  expect(pageErrors).toEqual([]);
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  expect(await locator.first().textContent()).toContain(text);
}
