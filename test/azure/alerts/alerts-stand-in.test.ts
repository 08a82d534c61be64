// The alerts query family over HTTP against a generated estate: the list (active and all, with filters) and the
// summary's active count, checked against expectations computed here from the raw AlertsManagementResources rows.
import { type AzureBackend, connectAzure } from '../../../src/compose-azure';
import { loadConfig } from '../../../src/config';
import { ARG_TYPES, generateEstate, type Row } from '../../../src/sim/estate';

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
const QUOTA = { limit: 100_000, windowMs: 5000 };
const NOW = new Date('2025-03-10T09:30:00Z');
const HOUR = 3_600_000;

const essentials = (row: Row) => (row.properties as { essentials: Record<string, string> }).essentials;
const context = (row: Row) => (row.properties as { context: Record<string, unknown> }).context;
const isActive = (row: Row) =>
  String(essentials(row).monitorCondition).toLowerCase() !== 'resolved' &&
  String(essentials(row).alertState).toLowerCase() !== 'closed';
const vaultName = (row: Row) => String(essentials(row).targetResource).split('/')[8] ?? '';
const ids = (rows: Row[]) => new Set(rows.map((r) => String(r.id).toLowerCase()));

describe('alerts over HTTP: answers equal what the raw rows say', () => {
  const estate = generateEstate({ seed: 7, scale: 'small', now: NOW });
  const rows = estate.tables.AlertsManagementResources;
  let backend: AzureBackend;
  beforeAll(async () => {
    const config = loadConfig({ DEMO_MODE: 'true', DATA_DIR: '/tmp/unused' });
    backend = await connectAzure(config, SILENT, {
      now: () => NOW,
      sim: { quota: QUOTA },
      arg: { cacheTtlMs: 0 },
      estate,
    });
  });
  afterAll(async () => {
    await backend.close();
  });

  test('the estate has job and security alerts, active and not, of several severities', () => {
    const rules = new Set(rows.map((r) => essentials(r).alertRule));
    expect(rules.has('Backup Failure')).toBe(true);
    expect(rules.has('Delete Backup Data')).toBe(true);
    expect(new Set(rows.map((r) => essentials(r).severity)).size).toBeGreaterThan(1);
    expect(rows.some(isActive)).toBe(true);
    expect(rows.some((r) => !isActive(r))).toBe(true);
  });

  test('alerts active: every fired, unclosed alert of any age, newest first, in one request', async () => {
    const want = rows.filter(isActive);
    const before = backend.sim?.admin.requests({ endpoint: 'arg' }).length ?? 0;
    const answer = await backend.backupData.alerts('active', {});
    expect((backend.sim?.admin.requests({ endpoint: 'arg' }).length ?? 0) - before).toBe(1);
    expect(answer.partial).toEqual([]);
    expect(ids(answer.value.alerts as unknown as Row[])).toEqual(ids(want));
    const fired = answer.value.alerts.map((a) => a.firedAt ?? '');
    expect(fired).toEqual([...fired].sort().reverse());
    expect(answer.value.alerts.every((a) => a.active)).toBe(true);
    const failure = answer.value.alerts.find((a) => a.rule === 'Backup Failure');
    const raw = rows.find((r) => String(r.id).toLowerCase() === failure?.id.toLowerCase());
    if (!failure || !raw) throw new Error('no active Backup Failure alert');
    expect(failure.itemId).toBe(context(raw).protectedItemId);
    expect(failure.errorCode).toBe(context(raw).errorCode);
    expect(failure.category).toBe('jobs');
    expect(failure.vault.name).toBe(vaultName(raw));
  });

  test('alerts all since:7d: everything that fired in 7 days, resolved and closed too', async () => {
    const want = rows.filter((r) => Date.parse(String(essentials(r).startDateTime)) > NOW.getTime() - 7 * 24 * HOUR);
    const answer = await backend.backupData.alerts('all', { since: '7d' });
    expect(ids(answer.value.alerts as unknown as Row[])).toEqual(ids(want));
    expect(answer.value.alerts.some((a) => !a.active)).toBe(true);
  });

  test('vault: and type: narrow to the vault and to the item workload', async () => {
    const vault = vaultName(rows.filter(isActive)[0] as Row);
    const inVault = rows.filter((r) => isActive(r) && vaultName(r).toLowerCase() === vault.toLowerCase());
    const answer = await backend.backupData.alerts('active', { vault: vault.toUpperCase() });
    expect(ids(answer.value.alerts as unknown as Row[])).toEqual(ids(inVault));
    // Job alerts name the workload in formattedSourceType, the stand-in's Delete Backup Data ones in sourceType.
    const isVm = (r: Row) => context(r).formattedSourceType === 'AzureVM' || context(r).sourceType === 'VM';
    const vmAlerts = rows.filter((r) => isActive(r) && isVm(r));
    expect(vmAlerts.length).toBeGreaterThan(0);
    const vm = await backend.backupData.alerts('active', { workload: 'vm' });
    expect(ids(vm.value.alerts as unknown as Row[])).toEqual(ids(vmAlerts));
  });

  test('the summary counts active alerts by severity', async () => {
    const active = rows.filter(isActive);
    const summary = await backend.backupData.summary({});
    expect(summary.value.alerts?.active).toBe(active.length);
    expect(summary.value.alerts?.bySeverity.Sev0).toBe(active.filter((r) => essentials(r).severity === 'Sev0').length);
  });

  test('vaults: classic alerts are on where monitoringSettings says so or is missing (RSV only)', async () => {
    const vaults = estate.tables.Resources.filter((r) => r.type === ARG_TYPES.rsvVault || r.type === ARG_TYPES.bvVault);
    const classic = vaults.filter((v) => {
      if (v.type !== ARG_TYPES.rsvVault) return false;
      const m = (v.properties as { monitoringSettings?: { classicAlertSettings?: Record<string, string> } })
        .monitoringSettings;
      return m === undefined || m.classicAlertSettings?.alertsForCriticalOperations === 'Enabled';
    });
    expect(classic.length).toBeGreaterThan(0);
    const answer = await backend.backupData.vaults({});
    const flagged = answer.value.vaults.filter((v) => v.classicAlerts === 'on');
    expect(ids(flagged as unknown as Row[])).toEqual(ids(classic));
    expect(answer.value.vaults.filter((v) => v.kind === 'bv').every((v) => v.classicAlerts === 'n/a')).toBe(true);
  });
});
