// Recovery Services jobs tied to their items, and their datasource's subscription and resource group, over rows in
// the documented shapes: the REST job models name no item and no datasource (entityFriendlyName only; SQL reads
// "msdb [sqlserver-0]", from Microsoft's restore-SQL REST walkthrough; Files jobs add storageAccountName, from the
// Azure Files REST/CLI walkthroughs); a file share and a VM backed up by a vault of another subscription.

import type { ArgRow } from '../../../src/azure/arg-types';
import { createBackupData } from '../../../src/azure/backup-data';
import type { Job } from '../../../src/core/domain/jobs';
import { EngineRunner } from '../support/engine-runner';

const NOW = new Date('2026-03-02T12:00:00Z');
const VAULT_SUB = '11111111-0000-4000-8000-000000000001';
const DS_SUB = '22222222-0000-4000-8000-000000000002';
// The job id spelling of Microsoft's examples (`/Subscriptions/`), the item's usual one.
const VAULT = `/subscriptions/${VAULT_SUB}/resourceGroups/SQLServerSelfHost/providers/Microsoft.RecoveryServices/vaults/SQLServer2012`;
const JOB_VAULT = VAULT.replace('/subscriptions/', '/Subscriptions/');
const FABRIC = `${VAULT}/backupFabrics/Azure/protectionContainers`;
const SQL_VM = `/subscriptions/${VAULT_SUB}/resourceGroups/SQLServerPMDemo/providers/Microsoft.Compute/virtualMachines/sqlserver-0`;
const ACCOUNT = `/subscriptions/${DS_SUB}/resourceGroups/rg-files/providers/Microsoft.Storage/storageAccounts/afsaccount`;
const CROSS_VM = `/subscriptions/${DS_SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-cross`;

const ITEM_TYPE = 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems';

function item(container: string, name: string, properties: Record<string, unknown>): ArgRow {
  return {
    id: `${FABRIC}/${container}/protectedItems/${name}`,
    name,
    type: ITEM_TYPE,
    tenantId: 'tenant-1',
    subscriptionId: VAULT_SUB,
    resourceGroup: 'sqlserverselfhost',
    location: 'westeurope',
    properties: { protectionState: 'Protected', ...properties },
  };
}

const SQL_MSDB = item('VMAppContainer;Compute;SQLServerPMDemo;sqlserver-0', 'SQLDataBase;mssqlserver;msdb', {
  backupManagementType: 'AzureWorkload',
  workloadType: 'SQLDataBase',
  friendlyName: 'msdb',
  serverName: 'sqlserver-0',
  sourceResourceId: SQL_VM,
});
const SHARE = item('StorageContainer;Storage;rg-files;afsaccount', 'AzureFileShare;azurefiles', {
  backupManagementType: 'AzureStorage',
  workloadType: 'AzureFileShare',
  friendlyName: 'azurefiles',
  sourceResourceId: ACCOUNT,
});
// A share of the same name in another account of the vault: storageAccountName tells them apart.
const SHARE_ELSEWHERE = item('StorageContainer;Storage;rg-files;otheraccount', 'AzureFileShare;azurefiles', {
  backupManagementType: 'AzureStorage',
  workloadType: 'AzureFileShare',
  friendlyName: 'azurefiles',
  sourceResourceId: ACCOUNT.replace('afsaccount', 'otheraccount'),
});
const CROSS = item('IaasVMContainer;iaasvmcontainerv2;rg-app;vm-cross', 'VM;iaasvmcontainerv2;rg-app;vm-cross', {
  backupManagementType: 'AzureIaasVM',
  workloadType: 'VM',
  friendlyName: 'vm-cross',
  sourceResourceId: CROSS_VM,
});
// Two VMs named "web" in two resource groups, one vault: a VM job names only "web".
const twin = (rg: string) =>
  item(`IaasVMContainer;iaasvmcontainerv2;${rg};web`, `VM;iaasvmcontainerv2;${rg};web`, {
    backupManagementType: 'AzureIaasVM',
    workloadType: 'VM',
    friendlyName: 'web',
    sourceResourceId: `/subscriptions/${VAULT_SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/web`,
    lastBackupStatus: 'Failed',
    lastBackupTime: '2026-03-02T09:00:00Z',
  });

let n = 0;
function rsvJob(properties: Record<string, unknown>): ArgRow {
  n++;
  return {
    id: `${JOB_VAULT}/backupJobs/00000000-0000-0000-0000-00000000000${n}`,
    name: `job-${n}`,
    type: 'microsoft.recoveryservices/vaults/backupjobs',
    tenantId: 'tenant-1',
    subscriptionId: VAULT_SUB,
    resourceGroup: 'sqlserverselfhost',
    location: '',
    properties: {
      operation: 'Backup',
      status: 'Failed',
      startTime: '2026-03-02T10:00:00Z',
      endTime: '2026-03-02T10:05:00Z',
      activityId: 'a',
      errorDetails: [{ errorCode: 400002, errorString: 'It failed.', errorTitle: 'UserError', recommendations: [] }],
      ...properties,
    },
  };
}

const SQL_JOB = rsvJob({
  jobType: 'AzureWorkloadJob',
  workloadType: 'SQLDataBase',
  entityFriendlyName: 'msdb [sqlserver-0]',
  backupManagementType: 'AzureWorkload',
});
const FILES_JOB = rsvJob({
  jobType: 'AzureStorageJob',
  entityFriendlyName: 'azurefiles',
  backupManagementType: 'AzureStorage',
  storageAccountName: 'afsaccount',
  storageAccountVersion: 'MicrosoftStorage',
});
const CROSS_JOB = rsvJob({
  jobType: 'AzureIaaSVMJob',
  entityFriendlyName: 'vm-cross',
  backupManagementType: 'AzureIaasVM',
  containerName: 'iaasvmcontainerv2;rg-app;vm-cross',
  virtualMachineVersion: 'Compute',
});
const TWIN_JOB = rsvJob({ jobType: 'AzureIaaSVMJob', entityFriendlyName: 'web', backupManagementType: 'AzureIaasVM' });
// A SQL job of a database no item of the vault has (protection removed since).
const ORPHAN_JOB = rsvJob({
  jobType: 'AzureWorkloadJob',
  workloadType: 'SQLDataBase',
  entityFriendlyName: 'gone [sqlserver-9]',
  backupManagementType: 'AzureWorkload',
});

const tables: Record<string, ArgRow[]> = {
  RecoveryServicesResources: [
    SQL_MSDB,
    SHARE,
    SHARE_ELSEWHERE,
    CROSS,
    twin('rg-a'),
    twin('rg-b'),
    SQL_JOB,
    FILES_JOB,
    CROSS_JOB,
    TWIN_JOB,
    ORPHAN_JOB,
  ],
  Resources: [],
  ResourceContainers: [],
};
const data = createBackupData(new EngineRunner(tables, NOW));

async function failedJobs(filters: Record<string, string> = {}): Promise<Map<string, Job>> {
  const { value } = await data.jobs('failed', { since: '24h', ...filters });
  return new Map(value.jobs.map((j) => [j.id, j]));
}

describe('Recovery Services job -> item (the job rows carry no backupInstanceId)', () => {
  it('ties "msdb [sqlserver-0]" to the msdb item on sqlserver-0, and names the VM as its datasource', async () => {
    const job = (await failedJobs()).get(String(SQL_JOB.id));
    expect(job?.protectedItemId).toBe(SQL_MSDB.id);
    expect(job?.itemUnknown).toBeUndefined();
    expect(job?.datasource).toMatchObject({ id: SQL_VM, subscriptionId: VAULT_SUB, resourceGroup: 'SQLServerPMDemo' });
  });

  it('ties a Files job to the share of its storageAccountName, not the same-named share of another account', async () => {
    const job = (await failedJobs()).get(String(FILES_JOB.id));
    expect(job?.protectedItemId).toBe(SHARE.id);
  });

  it('ties no item when two items of the vault share the name, and says so', async () => {
    const job = (await failedJobs()).get(String(TWIN_JOB.id));
    expect(job?.protectedItemId).toBeUndefined();
    expect(job?.itemUnknown).toBe('ambiguous');
  });

  it('ties no item when none has the name; the datasource falls back to the vault', async () => {
    const job = (await failedJobs()).get(String(ORPHAN_JOB.id));
    expect(job?.protectedItemId).toBeUndefined();
    expect(job?.itemUnknown).toBe('unmatched');
    expect(job?.datasource).toMatchObject({ subscriptionId: VAULT_SUB, resourceGroup: 'sqlserverselfhost' });
  });

  it("lists an item's own jobs (item <name>), the SQL job among them", async () => {
    const { value } = await data.item(String(SQL_MSDB.id));
    expect(value.kind).toBe('found');
    if (value.kind !== 'found') return;
    expect(value.detail.jobs.map((j) => j.id)).toEqual([SQL_JOB.id]);
  });
});

describe('rg: and sub: mean the datasource of the job', () => {
  it('keeps SQL and Files jobs under rg: of their datasource (SQL and Files jobs have no containerName)', async () => {
    expect([...(await failedJobs({ resourceGroup: 'sqlserverpmdemo' })).keys()]).toEqual([SQL_JOB.id]);
    expect([...(await failedJobs({ resourceGroup: 'rg-files' })).keys()]).toEqual([FILES_JOB.id]);
  });

  it("follows a cross-subscription datasource: the share and the VM answer to their own subscription, not the vault's", async () => {
    const inDsSub = await failedJobs({ subscription: DS_SUB });
    expect([...inDsSub.keys()].sort()).toEqual([String(FILES_JOB.id), String(CROSS_JOB.id)].sort());
    expect(inDsSub.get(String(CROSS_JOB.id))?.datasource).toMatchObject({
      subscriptionId: DS_SUB,
      resourceGroup: 'rg-app',
    });
    const inVaultSub = await failedJobs({ subscription: VAULT_SUB });
    expect(inVaultSub.has(String(FILES_JOB.id))).toBe(false);
    expect(inVaultSub.has(String(CROSS_JOB.id))).toBe(false);
    expect(inVaultSub.has(String(SQL_JOB.id))).toBe(true);
  });

  it('lists a cross-subscription item under sub: of its datasource, as its jobs are', async () => {
    const { value } = await data.instances({ subscription: DS_SUB });
    expect(value.instances.map((i) => i.id).sort()).toEqual(
      [SHARE, SHARE_ELSEWHERE, CROSS].map((i) => String(i.id)).sort(),
    );
    expect(value.instances.find((i) => i.id === CROSS.id)?.datasource).toMatchObject({ subscriptionId: DS_SUB });
  });
});

describe('digest: the items of failed RSV jobs', () => {
  const digest = async (filters: Record<string, string>) => {
    const [answer] = (await data.digests?.([{ filters, recoveredSince: new Date('2026-03-01T12:00:00Z') }])) ?? [];
    return new Map((answer?.value.items ?? []).map((i) => [i.id, i]));
  };

  it('counts a SQL job\'s failure on its item ("msdb [sqlserver-0]" is msdb on sqlserver-0)', async () => {
    const msdb = (await digest({})).get(String(SQL_MSDB.id));
    expect(msdb).toMatchObject({ failures24h: 1, lastFailureAt: '2026-03-02T10:00:00.000Z', lastAttemptFailed: true });
  });

  it("keeps a cross-subscription item's jobs under sub: of its datasource (the jobs live in the vault's)", async () => {
    const items = await digest({ subscription: DS_SUB });
    expect([...items.keys()].sort()).toEqual([String(SHARE.id), String(CROSS.id)].sort());
    expect(items.get(String(SHARE.id))).toMatchObject({ failures24h: 1, lastAttemptFailed: true });
  });

  it('reports each of two items that share a name, with their own fields and no job facts', async () => {
    const items = await digest({});
    for (const rg of ['rg-a', 'rg-b']) {
      expect(items.get(String(twin(rg).id))).toMatchObject({ failures24h: 0, lastAttemptFailed: true });
      expect(items.get(String(twin(rg).id))?.lastFailureAt).toBeUndefined();
    }
  });
});

describe('tolerance', () => {
  it('takes a backupInstanceId an RSV row happens to carry at its word', async () => {
    const carried = rsvJob({
      jobType: 'AzureIaaSVMJob',
      entityFriendlyName: 'web',
      backupManagementType: 'AzureIaasVM',
      backupInstanceId: String(twin('rg-b').id),
    });
    const own = createBackupData(
      new EngineRunner({ ...tables, RecoveryServicesResources: [twin('rg-a'), twin('rg-b'), carried] }, NOW),
    );
    const { value } = await own.jobs('failed', { since: '24h' });
    expect(value.jobs[0]?.protectedItemId).toBe(twin('rg-b').id);
    expect(value.jobs[0]?.itemUnknown).toBeUndefined();
  });
});
