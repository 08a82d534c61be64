// Talking to the digest test bot as people do: a /backup command in a Slack channel (answered through response_url)
// and reading what the bot posted on its own there.
import type { Browser, Page } from 'playwright-core';
import { FORM, postToSlackEvents, slashCommandBody } from '../../channels/slack/support';
import type { DigestBot } from './digest-bot';

/** The answer (blocks as JSON text) to `/backup <text>` typed by `user` in `channel`. */
export async function slackSays(
  bot: DigestBot,
  text: string,
  user = 'U0000AAA',
  channel = 'C0000CHN',
): Promise<string> {
  const id = `r${Math.random().toString(36).slice(2)}`;
  const body = slashCommandBody(text, bot.slack.responseUrl(id), user).replace('C0000CHN', channel);
  const res = await postToSlackEvents(bot.origin, body, FORM);
  if (res.status !== 200) throw new Error(`Slack events answered ${res.status}`);
  const [answer] = await bot.slack.waitFor(
    'response_url',
    1,
    30_000,
    (c) => c.urlId === id && !JSON.stringify(c.args).includes('Working on'),
  );
  return JSON.stringify(answer?.args.blocks);
}

/** The bot's own posts in a Slack channel (digests), as JSON text of their blocks. */
export function postsIn(bot: DigestBot, channel: string): string[] {
  return bot.slack
    .calls('chat.postMessage')
    .filter((c) => c.args.channel === channel)
    .map((c) => JSON.stringify(c.args.blocks));
}

/**
 * The playground of a test bot in a page of `browser`, as a newcomer opens it: only the bot's own origin is reachable,
 * page errors are collected, and the welcome card is there before it resolves.
 */
export async function openPlayground(browser: Browser, origin: string): Promise<{ page: Page; pageErrors: string[] }> {
  const pageErrors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1180, height: 1800 }, deviceScaleFactor: 1 });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.route('**/*', (route) =>
    route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort(),
  );
  await page.goto(`${origin}/`);
  await page.locator('li.turn.bot .card', { hasText: 'Azure Backup, in chat' }).waitFor();
  return { page, pageErrors };
}
