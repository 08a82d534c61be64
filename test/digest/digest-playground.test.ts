// The digest in the playground, in Debian's headless Chromium, as a newcomer tries it in the demo: `digest now` shows a
// digest card; `digest on` announces the schedule, and at its time (on the driven clock) the digest arrives in the
// page on its own. Its buttons open new messages and leave the digest as it was. The screenshot of the digest is
// the README's (docs/digest.png, rewritten when UPDATE_SCREENSHOTS=1).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type LaunchedChromium, launchChromium } from '../support/chromium';
import { publishReadmeScreenshot } from '../support/readme-screenshot';
import { openPlayground } from './support/chat';
import { type DigestBot, startDigestBot } from './support/digest-bot';

jest.setTimeout(120_000);

const SHOTS = path.resolve(__dirname, '../../test-output/playground');
let bot: DigestBot;
let chromium: LaunchedChromium;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Saturday 5 December 2026, 07:55 UTC.
  bot = await startDigestBot({ start: new Date('2026-12-05T07:55:00Z') });
  chromium = await launchChromium();
  ({ page, pageErrors } = await openPlayground(chromium.browser, bot.origin));
});
afterAll(async () => {
  await chromium?.close();
  await bot?.close();
});

const cards = () => page.locator('li.turn.bot .card');

async function say(text: string): Promise<void> {
  await page.locator('#message').fill(text);
  await page.locator('#message').press('Enter');
  await page.locator('li.turn.me', { hasText: text }).last().waitFor();
}

test('digest now: a preview digest with the headline, failures by error code and what to do', async () => {
  await say('digest now');
  const digest = cards().filter({ hasText: 'Backup digest (preview)' }).last();
  await digest.waitFor({ timeout: 30_000 });
  const text = (await digest.textContent()) ?? '';
  expect(text).toMatch(/failed backups? in the last 24 h on \d+ items?/);
  expect(text).toContain('Fix:');
  expect(text).toContain('Preview:');
  expect(text).not.toContain('**');
  // The playground scrolls its transcript to the newest message a frame after each one arrives; once it has, put the
  // digest's first lines just below the page's header (the transcript scrolls in a box of its own, not the window).
  await page.waitForTimeout(300);
  await digest.evaluate((el) => {
    // No DOM types in this project's lib: the few members used here.
    type Box = { parentElement: Box | null; scrollHeight: number; clientHeight: number; scrollTop: number } & {
      getBoundingClientRect(): { top: number };
    };
    const card = el as unknown as Box;
    let box = card.parentElement;
    while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
    // The header and the demo banner (~92 px) lie over the box's top edge.
    if (box) box.scrollTop += card.getBoundingClientRect().top - Math.max(box.getBoundingClientRect().top, 92) - 16;
  });
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(SHOTS, 'digest.png'), clip: { x: 0, y: 0, width: 1180, height: 1100 } });
  expect(publishReadmeScreenshot(path.join(SHOTS, 'digest.png'), 'digest.png')).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('digest on: announced; at 08:00 the digest arrives by itself; its buttons open new messages', async () => {
  await say('digest on 08:00 tz:UTC');
  await cards().filter({ hasText: 'Demo user turned on the daily digest' }).waitFor({ timeout: 20_000 });
  const before = await cards().count();
  bot.clock.set('2026-12-05T08:00:05Z');
  expect(await bot.tick()).toMatchObject({ posted: 1 });
  const digest = cards().nth(before);
  await digest.filter({ hasText: 'Daily digest' }).waitFor({ timeout: 20_000 });
  expect(await digest.textContent()).toContain('First digest here');

  const item = page.locator('li.turn.bot').nth(before);
  const id = await item.getAttribute('data-activity-id');
  await item.getByRole('button', { name: 'Vaults' }).click();
  await cards()
    .nth(before + 1)
    .filter({ hasText: 'Vaults' })
    .waitFor({ timeout: 20_000 });
  // The digest is still there, as it was.
  expect(await page.locator(`li.turn.bot[data-activity-id="${id}"] .card`).textContent()).toContain('Daily digest');
  expect(pageErrors).toEqual([]);
});
