// Notifications in the playground, in Debian's headless Chromium, as a newcomer tries them in the demo: `notify on`
// announces them; a backup the stand-in fails (as the demo does every two minutes) arrives in the page on its own at
// the next poll; a second failure of the same item updates that message in place instead of posting another. The
// screenshot is the README's (docs/notify.png, rewritten when UPDATE_SCREENSHOTS=1).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openPlayground } from '../digest/support/chat';
import { type DigestBot, startDigestBot } from '../digest/support/digest-bot';
import { type LaunchedChromium, launchChromium } from '../support/chromium';
import { publishReadmeScreenshot } from '../support/readme-screenshot';
import { backupJob, failableInstances, nameOf } from './support/rows';

jest.setTimeout(120_000);

const SHOTS = path.resolve(__dirname, '../../test-output/playground');
const MIN = 60_000;
let bot: DigestBot;
let chromium: LaunchedChromium;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  bot = await startDigestBot({ start: new Date('2026-12-07T08:55:00Z'), retryAllow: ['playground:*'] });
  chromium = await launchChromium();
  ({ page, pageErrors } = await openPlayground(chromium.browser, bot.origin));
});
afterAll(async () => {
  await chromium?.close();
  await bot?.close();
});

const cards = () => page.locator('li.turn.bot .card');

test('notify on; a failure arrives by itself with its fix and Retry; a repeat updates the same message', async () => {
  await page.locator('#message').fill('notify on');
  await page.locator('#message').press('Enter');
  await cards().filter({ hasText: 'Demo user turned on failure notifications' }).waitFor({ timeout: 20_000 });
  const before = await cards().count();

  const [disk] = failableInstances(bot.estate) as [(typeof bot.estate.tables.Resources)[number]];
  bot.clock.advance(5 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [
    backupJob(disk, 'Failed', new Date(bot.clock.now().getTime() - MIN)),
  ]);
  expect(await bot.poll()).toMatchObject({ posted: 1 });
  const message = cards().nth(before);
  await message.filter({ hasText: '1 new backup failure' }).waitFor({ timeout: 20_000 });
  const text = (await message.textContent()) ?? '';
  expect(text).toContain(nameOf(disk));
  expect(text).toContain('Fix:');
  expect(text).toContain(`Retry ${nameOf(disk)}`);
  const box = await message.boundingBox();
  if (box === null) throw new Error('the notification is not on the page');
  const clip = { x: 0, y: Math.max(0, box.y - 60), width: 1180, height: box.height + 90 };
  await page.screenshot({ path: path.join(SHOTS, 'notify.png'), clip, fullPage: true });
  expect(publishReadmeScreenshot(path.join(SHOTS, 'notify.png'), 'notify.png')).toEqual([]);

  bot.clock.advance(20 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [
    backupJob(disk, 'Failed', new Date(bot.clock.now().getTime() - MIN)),
  ]);
  expect(await bot.poll()).toMatchObject({ posted: 0, updated: 1 });
  await cards().nth(before).filter({ hasText: 'failed 2 times since' }).waitFor({ timeout: 20_000 });
  expect(await cards().count()).toBe(before + 1);
  expect(pageErrors).toEqual([]);
});
