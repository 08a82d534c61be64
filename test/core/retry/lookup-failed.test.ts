import { decodeActionInline } from '../../../src/core/commands/payload';
import type { ConversationCore } from '../../../src/core/conversation-port';
import type { ErrorViewModel, ItemViewModel } from '../../../src/core/view-models/detail';
import { retryableItem } from '../../azure/actions/support/estate-items';
import {
  ANA,
  clickButton,
  type Harness,
  modelOf,
  refFor,
  replicaCore,
  retryCommand,
  useHarness,
} from './support/harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

const argDown = () => h.sim.admin.setFaults({ rules: [{ target: 'arg', errorRate: 1, errorStatus: 500 }] });

const core = (): Promise<ConversationCore> => replicaCore(h);

test('`item <existing item>` while Resource Graph fails says the lookup failed, with Try again, never "not found"', async () => {
  const bot = await core();
  const item = retryableItem(h.estate, 'vm');
  argDown();
  const reply = await bot.handleText(`item ${item.name}`, ANA);
  expect(reply.view).toBe('error');
  const model = reply.model as ErrorViewModel;
  expect(model.title).toBe('Lookup incomplete');
  expect(model.message).not.toMatch(/No backup item matches/);
  expect(model.message).toContain(`could not be looked up completely`);
  expect(model.hint.join(' ')).toMatch(/Resource Graph/);
  const again = model.buttons.find((b) => b.label === 'Try again');
  const decoded = decodeActionInline(again?.payload);
  expect(decoded.ok && decoded.command).toMatchObject({ verb: 'item', ref: item.name });
  // Once Resource Graph answers again, the same button finds it.
  h.sim.admin.clearFaults();
  const found = await bot.handleAction(again?.payload, ANA);
  expect(found.view).toBe('item');
  expect((found.model as ItemViewModel).title).toBe(item.name);
});

test('`retry <item>` and Start while Resource Graph fails: "could not look it up", Try again, nothing started', async () => {
  const item = retryableItem(h.estate, 'sql');
  const { workflow } = await h.workflow();
  argDown();
  const typed = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  expect(typed.state).toBe('lookup-failed');
  expect(typed.title).toContain('Could not look up');
  expect(typed.notes.join(' ')).toMatch(/Resource Graph/);
  expect(typed.buttons.map((b) => b.label)).toEqual(['Try again']);

  h.sim.admin.clearFaults();
  const card = modelOf(await workflow.handleRetry(clickButton(typed, 'Try again'), { caller: ANA }));
  expect(card.state).toBe('confirm');
  argDown();
  const start = modelOf(await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(1) }));
  expect(start.state).toBe('lookup-failed');
  expect(start.status).toMatch(/Nothing was started/);
  expect(h.sim.admin.countBackupCalls()).toBe(0);
  const [record] = await h.stores.at(-1)!.queryAudit({});
  expect(record).toMatchObject({ action: 'retry', result: 'lookup-failed', target: item.id });
  // Start again works once Resource Graph answers: the confirmation still stands.
  h.sim.admin.clearFaults();
  const started = modelOf(
    await workflow.handleRetry(clickButton(start, 'Try again'), { caller: ANA, messageRef: refFor(1) }),
  );
  expect(started.state).toBe('started');
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
});
