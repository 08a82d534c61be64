// Recovery Services on-demand backup against the stand-in with the real @azure/arm-recoveryservicesbackup 12 client.
import { type BackupRequestResource, RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import { createArmConnection, createStaticTokenCredential } from '../../../src/azure/arm-connection';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle, SimOptions } from '../../../src/sim/server/types';
import { createFixtureEstate, RSV_VAULT_ID, type RsvItemSpec, rsvItemId, rsvItemNames, SUB_A } from './fixture-estate';
import { refusal } from './support';

const START = Date.parse('2026-03-02T10:00:00Z');
let clock = START;
let sim: SimHandle;

async function start(extra: Partial<SimOptions> = {}): Promise<void> {
  clock = START;
  sim = await startSim({ estate: createFixtureEstate(new Date(START)), now: () => new Date(clock), seed: 7, ...extra });
}

afterEach(async () => {
  await sim.close();
});

function client(principal?: string): RecoveryServicesBackupClient {
  const conn = createArmConnection({
    endpoint: sim.url,
    ...(principal ? { credential: createStaticTokenCredential(principal) } : {}),
  });
  return new RecoveryServicesBackupClient(conn.credential, SUB_A, {
    ...conn.clientOptions,
    retryOptions: { maxRetries: 0 },
  });
}

const VM_BODY: BackupRequestResource = { properties: { objectType: 'IaasVMBackupRequest' } };

/** Triggers through the SDK; returns the 202 headers (trigger() itself resolves to void). */
async function trigger(spec: RsvItemSpec, body: BackupRequestResource = VM_BODY, principal?: string) {
  const n = rsvItemNames(spec);
  let headers: { status?: number; async?: string; location?: string; retryAfter?: string } = {};
  await client(principal).backups.trigger('rsv-prod', 'rg-backup', n.fabric, n.container, n.item, body, {
    onResponse: (raw) => {
      headers = {
        status: raw.status,
        async: raw.headers.get('azure-asyncoperation'),
        location: raw.headers.get('location'),
        retryAfter: raw.headers.get('retry-after'),
      };
    },
  });
  return headers;
}

test('a VM backup answers 202 with LRO headers, the operation gives a job id, the job finishes after the delay', async () => {
  await start({ jobCompletion: { delayMs: 60_000 } });
  const spec = { vm: 'vm-web-01' };
  const h = await trigger(spec);
  expect(h.status).toBe(202);
  expect(h.retryAfter).toBe('1');
  // The connection maps the stand-in's http URLs back to https for the SDK.
  expect(h.async).toMatch(
    /^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/protectedItems\/VM%3Biaasvmcontainerv2%3Brg-app%3Bvm-web-01\/operationsStatus\/[0-9a-f-]{36}\?api-version=2023-06-01$/,
  );
  expect(h.location).toContain('/operationResults/');
  const opId = (h.async ?? '').split('?')[0]?.split('/').pop() ?? '';
  const n = rsvItemNames(spec);
  const rsb = client();
  const pollStatus = () =>
    rsb.protectedItemOperationStatuses.get('rsv-prod', 'rg-backup', n.fabric, n.container, n.item, opId);
  const first = await pollStatus();
  expect(first.status).toBe('InProgress');
  const second = await pollStatus();
  expect(second.status).toBe('Succeeded');
  const jobId = (second.properties as { objectType: string; jobId: string }).jobId;
  expect(second.properties?.objectType).toBe('OperationStatusJobExtendedInfo');

  const running = await rsb.jobDetails.get('rsv-prod', 'rg-backup', jobId);
  expect(running.properties).toMatchObject({
    status: 'InProgress',
    entityFriendlyName: 'vm-web-01',
    operation: 'Backup',
  });
  expect(running.id?.toLowerCase()).toBe(`${RSV_VAULT_ID}/backupJobs/${jobId}`.toLowerCase());

  clock += 59_000;
  expect((await rsb.jobDetails.get('rsv-prod', 'rg-backup', jobId)).properties?.status).toBe('InProgress');
  clock += 1_000;
  expect((await rsb.jobDetails.get('rsv-prod', 'rg-backup', jobId)).properties?.status).toBe('Completed');
  const item = sim.estate.tables.RecoveryServicesResources.find((r) => r.id === rsvItemId(spec));
  expect(item?.properties).toMatchObject({
    lastBackupStatus: 'Completed',
    lastBackupTime: new Date(START).toISOString(),
  });
  expect(sim.admin.countBackupCalls('vm-web-01')).toBe(1);
});

test('operationResults answers 202 until the operation is done, then 204', async () => {
  await start();
  const h = await trigger({ vm: 'vm-web-01' });
  const url = (h.location ?? '').replace('https://', 'http://');
  const get = () => fetch(url, { headers: { authorization: 'Bearer x' } });
  const pending = await get();
  expect(pending.status).toBe(202);
  expect(pending.headers.get('location')).toContain('/operationResults/');
  expect((await get()).status).toBe(204);
});

test('SQL needs AzureWorkloadBackupRequest with a backupType; Files needs AzureFileShareBackupRequest', async () => {
  await start();
  const sql = { vm: 'vm-sql-01', kind: 'sql' as const };
  const wrong = await refusal(() => trigger(sql));
  expect(wrong.statusCode).toBe(400);
  expect(wrong.message).toContain("expected 'AzureWorkloadBackupRequest'");
  const noType = await refusal(() => trigger(sql, { properties: { objectType: 'AzureWorkloadBackupRequest' } }));
  expect(noType.statusCode).toBe(400);
  expect(noType.message).toContain('backupType');
  const ok = await trigger(sql, { properties: { objectType: 'AzureWorkloadBackupRequest', backupType: 'Full' } });
  expect(ok.status).toBe(202);
  const files = await trigger(
    { vm: 'stfiles01', kind: 'files' },
    { properties: { objectType: 'AzureFileShareBackupRequest' } },
  );
  expect(files.status).toBe(202);
});

test('unknown item and unknown vault answer 404 in ARM shape', async () => {
  await start();
  const item = await refusal(() => trigger({ vm: 'vm-nope' }));
  expect([item.statusCode, item.code]).toEqual([404, 'NotFound']);
  const vault = await refusal(() => client().backups.trigger('rsv-nope', 'rg-backup', 'Azure', 'c', 'i', VM_BODY));
  expect([vault.statusCode, vault.code]).toEqual([404, 'ResourceNotFound']);
});

test('stopped and soft-deleted items are refused with 400', async () => {
  await start();
  const stopped = await refusal(() => trigger({ vm: 'vm-stopped' }));
  expect([stopped.statusCode, stopped.code]).toEqual([400, 'BMSUserErrorProtectionStopped']);
  const deleted = await refusal(() => trigger({ vm: 'vm-deleted' }));
  expect([deleted.statusCode, deleted.code]).toEqual([400, 'BMSUserErrorItemSoftDeleted']);
});

test('a backup already running on the item answers 409 UserErrorBackupOperationInProgress', async () => {
  await start();
  const busy = await refusal(() => trigger({ vm: 'vm-busy' }));
  expect([busy.statusCode, busy.code]).toEqual([409, 'UserErrorBackupOperationInProgress']);
  await trigger({ vm: 'vm-web-01' });
  const again = await refusal(() => trigger({ vm: 'vm-web-01' }));
  expect(again.statusCode).toBe(409);
  expect(sim.admin.countBackupCalls('vm-web-01')).toBe(2);
});

test('a caller without the role gets 403 AuthorizationFailed naming the action and the vault', async () => {
  const oid = '0000aaaa-0000-0000-0000-000000000403';
  await start({ forbidden: [{ principal: oid, vault: 'rsv-prod' }] });
  const denied = await refusal(() => trigger({ vm: 'vm-web-01' }, VM_BODY, oid));
  expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
  expect(denied.message).toContain(`The client '${oid}' with object id '${oid}'`);
  expect(denied.message).toContain(
    "'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/backup/action' over scope",
  );
  expect(denied.message).toContain(RSV_VAULT_ID);
  expect((await trigger({ vm: 'vm-web-01' })).status).toBe(202);
  sim.admin.setForbidden([{ principal: '*' }]);
  expect((await refusal(() => trigger({ vm: 'vm-sql-01', kind: 'sql' }))).statusCode).toBe(403);
});

test('a failure rule fails the job with a catalog error and marks the item', async () => {
  await start({
    jobCompletion: { rules: [{ match: 'vm-web-01', outcome: 'Failed', errorCode: 'UserErrorVmNotInDesirableState' }] },
  });
  await trigger({ vm: 'vm-web-01' });
  sim.admin.settleJobs();
  const job = sim.estate.tables.RecoveryServicesResources.find(
    (r) =>
      r.type === 'microsoft.recoveryservices/vaults/backupjobs' &&
      (r.properties as { isUserTriggered?: boolean }).isUserTriggered,
  );
  expect(job?.properties).toMatchObject({
    status: 'Failed',
    errorDetails: [{ errorString: 'VM is not in a state that allows backups.' }],
    extendedInfo: { propertyBag: { ErrorCode: 'UserErrorVmNotInDesirableState' } },
  });
  const item = sim.estate.tables.RecoveryServicesResources.find((r) => r.id === rsvItemId({ vm: 'vm-web-01' }));
  expect(item?.properties).toMatchObject({ lastBackupStatus: 'Failed' });
  sim.admin.reset();
  expect(sim.estate.tables.RecoveryServicesResources.some((r) => r === job)).toBe(false);
  const restored = sim.estate.tables.RecoveryServicesResources.find((r) => r.id === rsvItemId({ vm: 'vm-web-01' }));
  expect(restored?.properties).toMatchObject({ lastBackupStatus: 'Completed' });
});

test('no bearer token answers 401; an unknown api-version answers 400', async () => {
  await start();
  const n = rsvItemNames({ vm: 'vm-web-01' });
  const path = `${sim.url}${RSV_VAULT_ID}/backupFabrics/${n.fabric}/protectionContainers/${encodeURIComponent(n.container)}/protectedItems/${encodeURIComponent(n.item)}/backup`;
  const body = JSON.stringify(VM_BODY);
  const anonymous = await fetch(`${path}?api-version=2023-06-01`, { method: 'POST', body });
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('AuthenticationFailed');
  const badVersion = await fetch(`${path}?api-version=2099-01-01`, {
    method: 'POST',
    body,
    headers: { authorization: 'Bearer t' },
  });
  expect(badVersion.status).toBe(400);
  expect(sim.admin.requests({ endpoint: 'rsv-trigger' }).map((r) => r.status)).toEqual([401, 400]);
});
