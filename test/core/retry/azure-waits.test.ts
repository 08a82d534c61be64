// Start pressed while Azure asks the bot to wait: the stand-in answers as Microsoft documents (202 and operation
// status with Retry-After: 60), the bot waits those 60 s (on a clock the test advances: nothing sleeps), and the card
// says what it waits for before it turns into "started" with the job Azure named.
import { createBackupActions } from '../../../src/azure/actions';
import { createArmConnection, createStaticTokenCredential } from '../../../src/azure/arm-connection';
import { ESTATE_NOW, retryableItem } from '../../azure/actions/support/estate-items';
import { ANA, clickButton, type Harness, modelOf, refFor, retryCommand, useHarness } from './support/harness';

let h: Harness;
// backup-azure-sql-vm-rest-api.md ("Trigger an on-demand backup"): the 202 carries Retry-After: 60.
useHarness(
  (started) => {
    h = started;
  },
  { lro: { retryAfterSeconds: 60 } },
);

function waitingActions() {
  const waits: number[] = [];
  let t = ESTATE_NOW.getTime();
  const actions = createBackupActions({
    connection: createArmConnection({ endpoint: h.sim.url, credential: createStaticTokenCredential() }),
    now: () => ESTATE_NOW,
    pollClock: {
      now: () => t,
      sleep: async (ms) => {
        waits.push(ms);
        t += ms;
      },
    },
  });
  return { actions, waits };
}

test.each(['vm', 'disks'])('%s: the Start is answered at once with what Azure asked for, then the job', async (w) => {
  const { actions, waits } = waitingActions();
  const { workflow, sink } = await h.workflow({ actions });
  const item = retryableItem(h.estate, w);
  const confirm = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  // The click's answer (what Teams and Slack show within their deadlines): Azure accepted and asked for 60 s.
  const answer = modelOf(
    await workflow.handleRetry(clickButton(confirm, 'Start'), { caller: ANA, messageRef: refFor(1) }),
  );
  expect(answer.state).toBe('accepted');
  expect(answer.title).toBe(`Starting the backup of ${item.name}`);
  expect(answer.status).toMatch(/^⏳ Azure accepted the request\. Azure asked to check again in 60 s \(.+\)/);
  expect(answer.facts.map((f) => f.label)).toContain('Started by');
  // The same card then follows: the second wait, then Started with the job Azure named.
  const started = await sink.waitFor('started');
  expect(started.facts).toEqual(
    expect.arrayContaining([{ label: 'Azure job', value: expect.stringMatching(/^[0-9a-f-]{36}$/) }]),
  );
  const states = sink.updates.map((u) => modelOf(u.reply).state);
  expect(states.slice(0, states.indexOf('started') + 1)).toEqual(['accepted', 'started']);
  for (const u of sink.updates) expect(u.ref).toEqual(refFor(1));
  expect(waits).toEqual([60_000, 60_000]);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('waits too short to tell leave the click to answer with the started card, as before', async () => {
  const { workflow, sink } = await h.workflow();
  const item = retryableItem(h.estate, 'files');
  const confirm = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  // The harness's own actions poll every few ms (a stand-in whose Retry-After is under 5 s would do the same).
  const answer = modelOf(
    await workflow.handleRetry(clickButton(confirm, 'Start'), { caller: ANA, messageRef: refFor(3) }),
  );
  expect(answer.state).toBe('started');
  expect(sink.updates.filter((u) => modelOf(u.reply).state === 'accepted')).toEqual([]);
});

test('a bulk Start has no card per item: no wait cards, the summary only', async () => {
  const { actions, waits } = waitingActions();
  const { workflow, sink } = await h.workflow({ actions });
  const items = [retryableItem(h.estate, 'vm', 2), retryableItem(h.estate, 'files', 1)];
  const confirm = modelOf(
    await workflow.handleRetry(retryCommand(`retry ${items.map((i) => i.id).join(' ')}`), { caller: ANA }),
  );
  const summary = modelOf(
    await workflow.handleRetry(clickButton(confirm, 'Start'), { caller: ANA, messageRef: refFor(2) }),
  );
  expect(summary.state).toBe('bulk-summary');
  expect(waits.length).toBeGreaterThanOrEqual(4);
  expect(sink.updates.filter((u) => modelOf(u.reply).state === 'accepted')).toEqual([]);
});
