// What changed between two digests, with rows changed in the Azure stand-in between the runs (a new failure, a
// recovery, a new unprotected VM, a vault that lost soft delete); snoozes and their expiry; and two replicas sharing
// one database due at the same moment: exactly one post.
import { buildBvJobRow } from '../../src/sim/estate';
import type { Row } from '../../src/sim/estate/types';
import type { TestDatabase } from '../store/support/test-database';
import { postsIn, slackSays } from './support/chat';
import { type DigestBot, startDigestBot } from './support/digest-bot';

jest.setTimeout(180_000);

// Tuesday 8 December 2026, 06:00 UTC = 07:00 in Berlin; the estate is generated for this instant.
const START = new Date('2026-12-08T06:00:00Z');
const DAY = 86_400_000;
const CHANNEL = 'C0000CHN';
let bot: DigestBot & { db: TestDatabase };

beforeAll(async () => {
  bot = await startDigestBot({ start: START });
});
afterAll(async () => {
  await bot?.close();
});

const props = (row: Row) => (row.properties ?? {}) as Record<string, unknown>;
const lower = (v: unknown) => String(v ?? '').toLowerCase();

/** Backup vault instances, active, with a scheduled policy (not continuous blobs), and a unique friendly name. */
function diskInstances(): Row[] {
  const rows = bot.estate.tables.RecoveryServicesResources.filter(
    (r) =>
      lower(r.type) === 'microsoft.dataprotection/backupvaults/backupinstances' &&
      lower((props(r).dataSourceInfo as Record<string, unknown>)?.datasourceType) !==
        'microsoft.storage/storageaccounts/blobservices' &&
      props(r).currentProtectionState === 'ProtectionConfigured',
  );
  const names = new Map<string, number>();
  for (const r of rows) names.set(lower(props(r).friendlyName), (names.get(lower(props(r).friendlyName)) ?? 0) + 1);
  return rows.filter((r) => names.get(lower(props(r).friendlyName)) === 1);
}

function job(instance: Row, status: 'Failed' | 'Completed', at: Date): Row {
  return buildBvJobRow(instance, {
    jobId: `digest-test-${status}-${at.getTime()}-${String(instance.name).slice(0, 20)}`,
    startTime: at,
    endTime: new Date(at.getTime() + 5 * 60_000),
    isUserTriggered: false,
    status,
    ruleName: 'BackupDaily',
    ...(status === 'Failed'
      ? {
          error: {
            code: 'UserErrorDiskSnapshotNotFound',
            message: 'The disk snapshot could not be found.',
            recommendations: ['Run a backup again.'],
          },
        }
      : {}),
  });
}

test('the second digest says what changed: a new failure, a fix, a new unprotected VM, a vault that lost soft delete', async () => {
  expect(await slackSays(bot, 'digest on 08:00 tz:Europe/Berlin')).toContain('turned on the daily digest');
  bot.clock.set('2026-12-08T07:00:10Z');
  await bot.tick();
  expect(postsIn(bot, CHANNEL)).toHaveLength(1);

  // What the first digest saw failing, through the bot's own data layer.
  const [seen] = await bot.azure.backupData.digests([{ filters: {}, recoveredSince: new Date(START.getTime() - DAY) }]);
  const failing = new Set(seen?.value.items.filter((i) => i.lastAttemptFailed).map((i) => i.key));
  const disks = diskInstances();
  const fine = disks.find((r) => !failing.has(lower(r.id))) as Row;
  const broken = disks.find((r) => failing.has(lower(r.id))) as Row;
  expect(fine && broken).toBeTruthy();

  // Overnight: the fine disk fails at 20:00, the broken one is backed up at 22:00, a VM appears, a vault loses soft delete.
  const admin = bot.sim.admin;
  admin.putRows('RecoveryServicesResources', [
    job(fine, 'Failed', new Date('2026-12-08T20:00:00Z')),
    job(broken, 'Completed', new Date('2026-12-08T22:00:00Z')),
  ]);
  const vm = bot.estate.tables.Resources.find((r) => lower(r.type) === 'microsoft.compute/virtualmachines') as Row;
  const newVmId = `${String(vm.id).replace(/\/[^/]+$/, '')}/vm-brand-new-01`;
  admin.putRows('Resources', [{ ...structuredClone(vm), id: newVmId, name: 'vm-brand-new-01' }]);
  const vault = bot.estate.tables.Resources.find(
    (r) =>
      lower(r.type) === 'microsoft.recoveryservices/vaults' &&
      ['enabled', 'alwayson'].includes(
        lower(
          (props(r).securitySettings as Record<string, Record<string, unknown>> | undefined)?.softDeleteSettings
            ?.softDeleteState,
        ),
      ),
  ) as Row;
  const weakened = structuredClone(vault);
  const settings = props(weakened).securitySettings as Record<string, Record<string, unknown>>;
  settings.softDeleteSettings = { ...settings.softDeleteSettings, softDeleteState: 'Disabled' };
  admin.putRows('Resources', [weakened]);

  bot.clock.set('2026-12-09T07:00:10Z');
  await bot.tick();
  const second = postsIn(bot, CHANNEL)[1] as string;
  const fineName = String(props(fine).friendlyName);
  const brokenName = String(props(broken).friendlyName);
  expect(second).toMatch(/\(1 newly failing, 1 fixed since yesterday\)/);
  expect(second).toMatch(new RegExp(`Newly failing since yesterday \\(1\\)\\*\\\\n${fineName} \\(`));
  expect(second).toMatch(new RegExp(`Fixed since yesterday \\(1\\)\\*\\\\n${brokenName} \\(`));
  expect(second).toContain('1 new unprotected VM');
  expect(second).toContain('vm-brand-new-01 (');
  expect(second).toContain(`${String(vault.name)} (`);
  expect(second).toMatch(/soft delete turned off \(was (always on|on)\)/);
  expect(second).toContain('UserErrorDiskSnapshotNotFound');

  // A snooze for a day leaves the failing disk out of its channel's digests, and it is back once the snooze ends. That
  // channel's digest covers the disk's vault and resource group only, so its lists are short enough to show it.
  const vaultName = String(fine.id).split('/')[8] as string;
  const rg = String((props(fine).dataSourceInfo as Record<string, unknown>).resourceID).split('/')[4] as string;
  await slackSays(bot, `digest on 08:00 tz:Europe/Berlin vault:${vaultName} rg:${rg}`, 'U0000AAA', 'C0000ONE');
  bot.clock.set('2026-12-09T07:30:00Z');
  expect(await slackSays(bot, `snooze ${fineName} 1d`, 'U0000AAA', 'C0000ONE')).toContain(`alice snoozed ${fineName}`);
  bot.clock.set('2026-12-10T07:00:10Z');
  await bot.tick();
  const snoozed = postsIn(bot, 'C0000ONE')[0] as string;
  expect(snoozed).not.toContain(fineName);
  expect(snoozed).toContain('1 snoozed item left out');
  expect(await slackSays(bot, 'digest', 'U0000AAA', 'C0000ONE')).toContain(`${fineName} (`);
  bot.clock.set('2026-12-11T07:00:10Z');
  await bot.tick();
  const back = postsIn(bot, 'C0000ONE')[1] as string;
  expect(back).toContain(fineName);
  expect(back).not.toContain('snoozed item');
  const audit = await bot.store.queryAudit({ limit: 10 });
  expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['snooze', 'digest-on']));
});

test('two replicas on one database, both due at the same moment: exactly one digest is posted', async () => {
  const other = await startDigestBot({ start: START, database: bot.db, estate: bot.estate });
  try {
    await slackSays(bot, 'digest off');
    await slackSays(bot, 'digest off', 'U0000AAA', 'C0000ONE');
    await slackSays(bot, 'digest on 09:00 tz:Europe/Berlin', 'U0000AAA', 'C0000TWO');
    for (const day of ['2026-12-12', '2026-12-13', '2026-12-14']) {
      bot.clock.set(`${day}T08:00:05Z`);
      other.clock.set(`${day}T08:00:05Z`);
      const rounds = await Promise.all([bot.tick(), other.tick()]);
      expect(rounds.reduce((n, r) => n + r.posted, 0)).toBe(1);
    }
    expect(postsIn(bot, 'C0000TWO').length + postsIn(other, 'C0000TWO').length).toBe(3);
  } finally {
    await other.close();
  }
});
