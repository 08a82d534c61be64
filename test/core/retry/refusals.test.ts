// Refusals: people RETRY_ALLOW does not name (or not for this item's scope) are refused and audited; Azure's 403
// names the Backup Operator role and the vault; a running backup (the schedule's, or one started elsewhere
// after the card was shown) answers "already running" and starts nothing.
import { DEMO_PRINCIPAL_ID } from '../../../src/azure/arm-connection';
import { parseAccessPolicy } from '../../../src/core/authorize';
import { busyItem, retryableItem } from '../../azure/actions/support/estate-items';
import {
  ALLOW,
  ANA,
  clickButton,
  EVE,
  type Harness,
  modelOf,
  refFor,
  retryCommand,
  useHarness,
} from './support/harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

test('someone RETRY_ALLOW does not name is refused (only they see it), and the refusal is audited', async () => {
  const { workflow } = await h.workflow();
  const item = retryableItem(h.estate, 'vm');
  const reply = await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: EVE });
  expect(reply.ephemeral).toBe(true);
  const model = modelOf(reply);
  expect(model.state).toBe('denied');
  expect(model.notes[0]).toContain('only people listed in RETRY_ALLOW may start backups');
  expect(model.notes[1]).toContain('slack:user:U0EVE0001');
  const [record] = await h.stores.at(-1)!.queryAudit({});
  expect(record).toMatchObject({ action: 'retry', result: 'denied', actor: { userId: EVE.userId }, target: item.id });
  expect(h.sim.admin.countBackupCalls()).toBe(0);
});

test('a rule for another subscription does not cover this item; a click on Start by the wrong person changes nothing', async () => {
  const other = '0b2e0000-0000-4000-8000-000000000000';
  const policy = parseAccessPolicy([...ALLOW, `slack:user:U0EVE0001@sub:${other}`]);
  const { workflow } = await h.workflow({ policy });
  const item = retryableItem(h.estate, 'sql');
  const denied = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: EVE }));
  expect(denied.state).toBe('denied');
  expect(denied.notes[0]).toContain(`only in subscription ${other}`);
  // Ana's card, Eve's click: refused for Eve, the card stays for someone who may start it.
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  const click = await workflow.handleRetry(clickButton(card, 'Start'), { caller: EVE, messageRef: refFor(3) });
  expect(click.ephemeral).toBe(true);
  expect(modelOf(click).state).toBe('denied');
  expect(h.sim.admin.countBackupCalls()).toBe(0);
  const records = (await h.stores.at(-1)!.queryAudit({})).filter((r) => r.target === item.id);
  const results = records.map((r) => `${r.actor.userId}:${r.result}`);
  expect(results).toEqual([`${EVE.userId}:denied`, `${EVE.userId}:denied`]);
});

test("Azure's 403 names the Backup Operator role and the vault, is audited, and leaves the item free", async () => {
  const item = retryableItem(h.estate, 'disks');
  h.sim.admin.setForbidden([{ principal: DEMO_PRINCIPAL_ID, vault: item.target.vaultName }]);
  const { workflow } = await h.workflow();
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  const refused = modelOf(
    await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(4) }),
  );
  expect(refused.state).toBe('refused');
  expect(refused.status).toBe('🚫 Not started (AuthorizationFailed)');
  expect(refused.notes.join(' ')).toContain(`Backup Operator role on vault ${item.target.vaultName}`);
  const [record] = await h.stores.at(-1)!.queryAudit({});
  expect(record).toMatchObject({ result: 'refused:forbidden', target: item.id, azureJobId: null });
  h.sim.admin.setForbidden([]);
  const again = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  expect(again.state).toBe('confirm');
});

test('a backup the schedule is running: "already running", no Start button', async () => {
  const { workflow } = await h.workflow();
  const item = busyItem(h.estate);
  const model = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  expect(model.state).toBe('already-running');
  expect(model.status).toMatch(/^⏳ Already running, started .* by the backup schedule$/);
  expect(model.buttons).toEqual([]);
});

test('started elsewhere after the card was shown: Start answers "already running" and starts nothing', async () => {
  const { workflow } = await h.workflow();
  const item = retryableItem(h.estate, 'postgres');
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  await h.actions.triggerBackup(item.target, { workload: 'postgres' }); // e.g. in the portal
  const model = modelOf(await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(5) }));
  expect(model.state).toBe('already-running');
  expect(model.status).toMatch(/by someone, on demand in Azure$/);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test("Cancel is authorized like Start: a person whose rules do not cover the item cannot cancel Ana's confirmation", async () => {
  const other = '0b2e0000-0000-4000-8000-000000000000';
  const policy = parseAccessPolicy([...ALLOW, `slack:user:U0EVE0001@sub:${other}`]);
  const { workflow } = await h.workflow({ policy });
  const item = retryableItem(h.estate, 'vm');
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  const refused = await workflow.handleRetry(clickButton(card, 'Cancel'), { caller: EVE, messageRef: refFor(6) });
  expect(refused.ephemeral).toBe(true);
  expect(modelOf(refused).state).toBe('denied');
  expect(modelOf(refused).notes[0]).toContain(`only in subscription ${other}`);
  const [record] = await h.stores.at(-1)!.queryAudit({});
  expect(record).toMatchObject({ action: 'retry-cancel', result: 'denied', actor: { userId: EVE.userId } });
  expect(record?.target).toBe(item.id);
  const audit = await workflow.handleAudit({ verb: 'audit' }, { caller: ANA });
  expect((audit.model as { rows: { title: string }[] }).rows[0]?.title).toContain('Refused: Cancel not allowed');
  // The confirmation still stands: Ana's Start goes ahead.
  const started = modelOf(
    await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(7) }),
  );
  expect(started.state).toBe('started');
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('Cancel of a confirmation for many items needs a rule covering every one of them', async () => {
  const first = retryableItem(h.estate, 'vm');
  const second = retryableItem(h.estate, 'sql');
  const rg = `${first.target.subscriptionId}/${first.target.resourceGroup}`;
  const policy = parseAccessPolicy([...ALLOW, `slack:user:U0EVE0001@rg:${rg}`]);
  const { workflow } = await h.workflow({ policy });
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${first.id} ${second.id}`), { caller: ANA }));
  const refused = await workflow.handleRetry(clickButton(card, 'Cancel'), { caller: EVE });
  expect(modelOf(refused).state).toBe('denied');
  expect(refused.ephemeral).toBe(true);
  // Ana, whose rule covers both, may cancel; then Start no longer works.
  const cancelled = modelOf(await workflow.handleRetry(clickButton(card, 'Cancel'), { caller: ANA }));
  expect(cancelled.state).toBe('cancelled');
  const late = modelOf(await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA }));
  expect(late.state).toBe('expired');
  expect(h.sim.admin.countBackupCalls()).toBe(0);
});

test('Azure answering 500 to the trigger: one POST only, the card says what Azure answered, the item stays free', async () => {
  const item = retryableItem(h.estate, 'vm');
  const { workflow } = await h.workflow();
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  h.sim.admin.setFaults({ rules: [{ target: 'rsv-trigger', errorRate: 1, errorStatus: 500 }] });
  const failed = modelOf(
    await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(8) }),
  );
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
  expect(failed.state).toBe('failed');
  expect(failed.title).toBe(`Backup of ${item.name} did not start`);
  expect(failed.notes[0]).toContain('with an error (HTTP 500');
  expect(failed.notes[1]).toMatch(/^Check the item/);
  const [record] = await h.stores.at(-1)!.queryAudit({});
  expect(record).toMatchObject({ result: 'failed', target: item.id, azureJobId: null });
  h.sim.admin.clearFaults();
  const again = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  expect(again.state).toBe('confirm');
});
