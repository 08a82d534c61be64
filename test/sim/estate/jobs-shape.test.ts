// Generated job and alert rows: 14-day window, status mix, error shapes of both vault kinds, links to items.
import { findBackupError, findBackupErrorByNumber, type Row, ARG_TYPES as T } from '../../../src/sim/estate';
import { lowerIds, NOW, props, rowsOfType, smallEstate } from './estate-helpers';

const estate = smallEstate();
const rsvJobs = rowsOfType(estate, T.rsvJob);
const bvJobs = rowsOfType(estate, T.bvJob);
const jobs = [...rsvJobs, ...bvJobs];
const now = NOW.getTime();
const DAY = 86_400_000;

describe('generated jobs', () => {
  it('all start within the 14 days before now, and finished ones end by now', () => {
    for (const job of jobs) {
      const p = props(job);
      const start = Date.parse(String(p.startTime));
      expect(start).toBeGreaterThanOrEqual(now - 14 * DAY);
      expect(start).toBeLessThanOrEqual(now);
      if (p.status === 'InProgress' || p.status === 'Started') {
        expect(p.endTime).toBeUndefined();
      } else {
        const end = Date.parse(String(p.endTime));
        expect(end).toBeGreaterThanOrEqual(start);
        expect(end).toBeLessThanOrEqual(now);
      }
      expect(String(p.duration)).toMatch(/^PT(\d+H)?(\d+M)?([\d.]+S)?$/);
    }
  });

  it('mix statuses: mostly Completed, 4-10% Failed, some running, warnings and cancellations', () => {
    const count = (s: string) => jobs.filter((j) => props(j).status === s).length;
    expect(count('Completed') / jobs.length).toBeGreaterThan(0.8);
    expect(count('Failed') / jobs.length).toBeGreaterThan(0.04);
    expect(count('Failed') / jobs.length).toBeLessThan(0.1);
    expect(count('InProgress')).toBeGreaterThan(0);
    expect(count('CompletedWithWarnings')).toBeGreaterThan(0);
    expect(count('Cancelled')).toBeGreaterThan(0);
  });

  it('has running jobs only among the newest (started within the last day)', () => {
    const running = jobs.filter((j) => props(j).status === 'InProgress' || props(j).status === 'Started');
    for (const job of running) expect(Date.parse(String(props(job).startTime))).toBeGreaterThan(now - DAY);
  });

  it('marks a few jobs user-triggered, as a boolean', () => {
    expect(jobs.every((j) => typeof props(j).isUserTriggered === 'boolean')).toBe(true);
    const user = jobs.filter((j) => props(j).isUserTriggered === true).length;
    expect(user).toBeGreaterThan(0);
    expect(user / jobs.length).toBeLessThan(0.1);
  });

  it('gives failed RSV jobs a numeric errorCode with message, and the readable code in extendedInfo', () => {
    const failed = rsvJobs.filter((j) => props(j).status === 'Failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const job of failed) {
      const detail = (props(job).errorDetails as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
      expect(typeof detail.errorCode).toBe('number');
      expect(String(detail.errorString).length).toBeGreaterThan(0);
      const readable = (props(job).extendedInfo as { propertyBag: { ErrorCode: string } }).propertyBag.ErrorCode;
      expect(findBackupErrorByNumber(detail.errorCode as number)?.code).toBe(readable);
    }
    expect(
      rsvJobs.filter((j) => props(j).status === 'Completed').every((j) => props(j).errorDetails === undefined),
    ).toBe(true);
  });

  it('gives failed BV jobs a string error code from the catalog', () => {
    const failed = bvJobs.filter((j) => props(j).status === 'Failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const job of failed) {
      const detail = (props(job).errorDetails as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
      expect(findBackupError(String(detail.code))).toBeDefined();
    }
  });

  it('link every job to its vault, item / instance and datasource', () => {
    const itemIds = lowerIds(rowsOfType(estate, T.bvInstance));
    for (const job of bvJobs) {
      const p = props(job);
      expect(itemIds.has(String(p.backupInstanceId).toLowerCase())).toBe(true);
      expect(String(p.dataSourceId)).toMatch(/^\/subscriptions\//i);
      const vaultId = String(job.id).toLowerCase().split('/backupjobs/')[0] as string;
      expect(String(p.backupInstanceId).toLowerCase().startsWith(vaultId)).toBe(true);
    }
    // RSV jobs as the REST job models give them: no item or datasource id; an item of the job's vault has the job's
    // entityFriendlyName (VM: its name; SQL/HANA: "<db> [<vm>]"; Files: the share, in storageAccountName's account).
    const names = new Set<string>();
    for (const it of rowsOfType(estate, T.rsvItem)) {
      const ip = props(it);
      const vaultId = String(it.id).toLowerCase().split('/backupfabrics/')[0];
      const host = String(it.id).split('/')[12]?.split(';').pop() ?? '';
      const name =
        ip.backupManagementType === 'AzureWorkload' ? `${ip.friendlyName} [${host}]` : String(ip.friendlyName);
      const account = ip.backupManagementType === 'AzureStorage' ? host : '';
      names.add(`${vaultId}|${name}|${account}`.toLowerCase());
    }
    for (const job of rsvJobs) {
      const p = props(job);
      expect(p.backupInstanceId).toBeUndefined();
      expect(p.dataSourceId).toBeUndefined();
      const vaultId = String(job.id).toLowerCase().split('/backupjobs/')[0];
      const account = String(p.storageAccountName ?? '');
      expect(names.has(`${vaultId}|${p.entityFriendlyName}|${account}`.toLowerCase())).toBe(true);
    }
    for (const job of bvJobs) {
      expect(String(job.id)).toContain('/Backupvaults/');
      expect(String(job.id).toLowerCase()).toContain(`/backupvaults/${String(props(job).vaultName).toLowerCase()}/`);
      expect(props(job).operationCategory).toBeDefined();
    }
    expect(rsvJobs.some((j) => String(j.id).startsWith('/Subscriptions/'))).toBe(true);
  });

  it('include a few non-backup operations (configure, disable, delete data)', () => {
    const ops = new Set(rsvJobs.map((j) => props(j).operation));
    expect(ops.has('Backup')).toBe(true);
    expect([...ops].some((o) => o !== 'Backup')).toBe(true);
  });
});

describe('generated alerts', () => {
  const all = estate.tables.AlertsManagementResources;
  const rule = (a: Row) => (props(a).essentials as Record<string, string>).alertRule;
  const alerts = all.filter((a) => rule(a) === 'Backup Failure');
  const security = all.filter((a) => rule(a) !== 'Backup Failure');

  it('are Azure Backup "Backup Failure" alerts on vaults that have job-failure alerts enabled', () => {
    expect(alerts.length).toBeGreaterThan(0);
    const vaults = new Map(
      [...rowsOfType(estate, T.rsvVault), ...rowsOfType(estate, T.bvVault)].map((v) => [String(v.id), v]),
    );
    for (const alert of alerts) {
      expect(alert.type).toBe(T.alert);
      const e = props(alert).essentials as Record<string, string>;
      expect(e.alertRule).toBe('Backup Failure');
      expect(e.monitorService).toBe('Azure Backup');
      expect(['Fired', 'Resolved']).toContain(e.monitorCondition);
      expect(['New', 'Acknowledged', 'Closed']).toContain(e.alertState);
      const vault = vaults.get(String(e.targetResource));
      expect(vault?.type).toBe(e.targetResourceType);
      if (!vault) throw new Error(`alert targets an unknown vault: ${e.targetResource}`);
      const settings = JSON.stringify(props(vault).monitoringSettings ?? {});
      expect(settings).not.toContain('"alertsForAllJobFailures":"Disabled"');
    }
  });

  it('carry the protected item id, job id and readable error code in their context', () => {
    const itemIds = lowerIds([...rowsOfType(estate, T.rsvItem), ...rowsOfType(estate, T.bvInstance)]);
    const jobNames = new Set(jobs.map((j) => j.name));
    for (const alert of alerts) {
      const c = props(alert).context as Record<string, unknown>;
      expect(itemIds.has(String(c.protectedItemId).toLowerCase())).toBe(true);
      expect(jobNames.has(c.jobId)).toBe(true);
      expect(findBackupError(String(c.errorCode))?.raisesAlert).toBe(true);
    }
    expect(alerts.some((a) => (props(a).essentials as Record<string, string>).monitorCondition === 'Fired')).toBe(true);
  });

  it('include security alerts that follow the vault settings and the soft-deleted items', () => {
    const vaults = new Map(rowsOfType(estate, T.rsvVault).map((v) => [String(v.id), v]));
    const itemIds = lowerIds([...rowsOfType(estate, T.rsvItem), ...rowsOfType(estate, T.bvInstance)]);
    // Documented security alert names (docs/azure-facts.md §6).
    const documented = [
      'Soft Delete Disabled for Vault',
      'MUA Disabled',
      'Delete Backup Data',
      'Modify Policy with Shorter Retention',
    ];
    expect(security.every((a) => documented.includes(rule(a) ?? ''))).toBe(true);
    expect(security.some((a) => rule(a) === 'Delete Backup Data')).toBe(true);
    for (const alert of security) {
      const e = props(alert).essentials as Record<string, string>;
      expect((props(alert).context as Record<string, string>).category).toBe('Security');
      expect(e.monitorCondition).toBe('Fired');
      if (rule(alert) === 'Soft Delete Disabled for Vault') {
        const soft = JSON.stringify(props(vaults.get(String(e.targetResource)) as Row).securitySettings);
        expect(soft).toContain('"softDeleteState":"Disabled"');
      }
      if (rule(alert) === 'Delete Backup Data') {
        expect(
          itemIds.has(String((props(alert).context as Record<string, string>).protectedItemId).toLowerCase()),
        ).toBe(true);
      }
    }
  });
});
