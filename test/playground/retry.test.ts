// Demo mode: the playground's user may retry, so a newcomer sees the whole flow against the stand-in: the
// confirmation, Start, and the same card moving from Started to In progress to Completed on the page's event stream.
import { PLAYGROUND_USER } from '../../src/playground/channel';
import { type PickedItem, retryableItem } from '../azure/actions/support/estate-items';
import { type RetryBot, startRetryBot } from '../channels/support/retry-bot';
import { button, readCard } from '../channels/support/teams-cards';
import { cardOf } from '../channels/teams/support';
import { openSse } from './sse-client';

jest.setTimeout(60_000);

let bot: RetryBot;
beforeAll(async () => {
  // Nobody in RETRY_ALLOW: demo mode alone lets the playground's user start backups.
  bot = await startRetryBot({ demo: true, jobDelayMs: 3_000 });
});
afterAll(async () => bot?.close());

const post = (path: string, body: object) =>
  fetch(`${bot.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('demo mode: the playground user confirms, starts and watches the backup complete on the same card', async () => {
  const item: PickedItem = retryableItem(bot.estate, 'files');
  const created = await fetch(`${bot.origin}/playground/api/conversations`, { method: 'POST' });
  const { conversationId } = (await created.json()) as { conversationId: string };
  const events = await openSse(`${bot.origin}/playground/api/conversations/${conversationId}/events`);
  try {
    await events.waitFor((e) => e.event === 'activity');
    await post(`/playground/api/conversations/${conversationId}/messages`, { text: `retry ${item.id}` });
    const confirm = await events.waitFor((e) => e.event === 'activity' && /now\?/.test(readCard(cardOf(e.data))));
    expect(readCard(cardOf(confirm.data))).toContain(`Back up ${item.name} now?`);

    const start = button(cardOf(confirm.data), 'Start backup');
    const clicked = await post(`/playground/api/conversations/${conversationId}/actions`, {
      activityId: confirm.data.id,
      verb: 'cmd',
      data: start.data,
    });
    expect(clicked.status).toBe(202);
    const sameCard = (pattern: RegExp) =>
      events.waitFor(
        (e) => e.event === 'update' && e.data.id === confirm.data.id && pattern.test(readCard(cardOf(e.data))),
        20_000,
      );
    const started = await sameCard(/Started/);
    expect(readCard(cardOf(started.data))).toContain(`by ${PLAYGROUND_USER.name} (playground)`);
    await sameCard(/In progress/);
    const done = await sameCard(/✅ Completed/);
    expect(readCard(cardOf(done.data))).toContain(`Backup of ${item.name} completed`);
    expect(bot.sim.admin.countBackupCalls(item.id)).toBe(1);
  } finally {
    events.close();
  }
});
