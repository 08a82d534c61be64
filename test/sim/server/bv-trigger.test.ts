// Backup vault ad-hoc backup against the stand-in with @azure/core-client ServiceClient + @azure/core-lro createHttpPoller.
import { ServiceClient } from '@azure/core-client';
import { createHttpPoller, type OperationState } from '@azure/core-lro';
import { createHttpHeaders, createPipelineRequest, type HttpMethods } from '@azure/core-rest-pipeline';
import {
  type ArmConnection,
  createArmConnection,
  createStaticTokenCredential,
} from '../../../src/azure/arm-connection';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle, SimOptions } from '../../../src/sim/server/types';
import { BV_VAULT_ID, bvInstanceId, createFixtureEstate } from './fixture-estate';
import { refusal } from './support';

let sim: SimHandle;

async function start(extra: Partial<SimOptions> = {}): Promise<void> {
  sim = await startSim({ estate: createFixtureEstate(), lro: { retryAfterSeconds: 0 }, ...extra });
}

afterEach(async () => {
  await sim.close();
});

class ArmFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function armClient(principal?: string): {
  conn: ArmConnection;
  send: (
    method: HttpMethods,
    url: string,
    body?: unknown,
  ) => Promise<{
    flatResponse: unknown;
    rawResponse: {
      statusCode: number;
      headers: Record<string, string>;
      body: unknown;
      request: { method: string; url: string };
    };
  }>;
} {
  const conn = createArmConnection({
    endpoint: sim.url,
    ...(principal ? { credential: createStaticTokenCredential(principal) } : {}),
  });
  const client = new ServiceClient({
    ...conn.clientOptions,
    credential: conn.credential,
    retryOptions: { maxRetries: 0 },
  });
  const send = async (method: HttpMethods, url: string, body?: unknown) => {
    const res = await client.sendRequest(
      createPipelineRequest({
        url,
        method,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const parsed: unknown = res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined;
    if (res.status >= 400) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ArmFailure(res.status, error?.code ?? '', error?.message ?? `HTTP ${res.status}`);
    }
    return {
      flatResponse: parsed,
      rawResponse: { statusCode: res.status, headers: res.headers.toJSON(), body: parsed, request: { method, url } },
    };
  };
  return { conn, send };
}

async function adhocBackup(instance: string, ruleName: string, tag?: string, principal?: string): Promise<string> {
  const { conn, send } = armClient(principal);
  const url = `${conn.endpoint}${bvInstanceId(instance)}/backup?api-version=2025-09-01`;
  const body = {
    backupRuleOptions: { ruleName, triggerOption: tag === undefined ? {} : { retentionTagOverride: tag } },
  };
  const poller = createHttpPoller<{ jobId: string }, OperationState<{ jobId: string }>>(
    { sendInitialRequest: () => send('POST', url, body), sendPollRequest: (path) => send('GET', path) },
    { resourceLocationConfig: 'location', intervalInMs: 10 },
  );
  const result = await poller.pollUntilDone();
  return result.jobId;
}

const refusalOf = (run: () => Promise<unknown>) => refusal<ArmFailure>(run);

test('an ad-hoc backup polls to a final jobId, and the job is readable and lands in the estate', async () => {
  await start({ jobCompletion: { delayMs: 0 } });
  const jobId = await adhocBackup('disk-01', 'BackupHourly', 'Default');
  expect(jobId).toMatch(new RegExp(`^${BV_VAULT_ID}/backupJobs/[0-9a-f-]{36}$`));
  const { conn, send } = armClient();
  const job = await send(
    'GET',
    `${conn.endpoint}${BV_VAULT_ID}/backupJobs/${jobId.split('/').pop()}?api-version=2025-09-01`,
  );
  expect(job.flatResponse).toMatchObject({
    type: 'Microsoft.DataProtection/backupVaults/backupJobs',
    properties: {
      backupInstanceFriendlyName: 'disk-01',
      isUserTriggered: true,
      operationCategory: 'Backup',
      status: 'Completed',
      extendedInfo: { additionalDetails: { PolicyRuleName: 'BackupHourly', RetentionTag: 'Default' } },
    },
  });
  const requests = sim.admin.requests().map((r) => `${r.endpoint} ${r.status}`);
  expect(requests).toEqual(['bv-trigger 202', 'operations 200', 'operations 200', 'operations 200', 'operations 200']);
  expect(sim.admin.countBackupCalls('disk-01')).toBe(1);
});

test('the operation status reports InProgress with Retry-After, then Succeeded with the job id', async () => {
  // Documented shape (backup-azure-dataprotection-use-rest-api-*.md): the status GET ends as
  // {status: 'Succeeded', properties: {objectType: 'OperationJobExtendedInfo', jobId: '<vault id>/backupJobs/<guid>'}};
  // a running operation carries Retry-After like the 202 (Azure sends 60; the stand-in's is configurable).
  await start({ lro: { retryAfterSeconds: 60 } });
  const { conn, send } = armClient();
  const initial = await send('POST', `${conn.endpoint}${bvInstanceId('disk-01')}/backup?api-version=2024-04-01`, {
    backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: { retentionTagOverride: 'Default' } },
  });
  expect(initial.rawResponse.statusCode).toBe(202);
  const status = initial.rawResponse.headers['azure-asyncoperation'] ?? '';
  expect(status).toMatch(
    /^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/backupVaults\/bv-prod\/operationStatus\/[0-9a-f-]{36}\?api-version=2024-04-01$/,
  );
  expect(initial.rawResponse.headers.location).toContain('/backupInstances/disk-01/operationResults/');
  expect(initial.rawResponse.headers['retry-after']).toBe('60');
  const running = await send('GET', status);
  expect(running.flatResponse).toMatchObject({ status: 'InProgress' });
  expect(running.rawResponse.headers['retry-after']).toBe('60');
  const done = await send('GET', status);
  expect(done.flatResponse).toMatchObject({
    status: 'Succeeded',
    properties: {
      objectType: 'OperationJobExtendedInfo',
      jobId: expect.stringMatching(new RegExp(`^${BV_VAULT_ID}/backupJobs/[0-9a-f-]{36}$`)),
    },
  });
  expect(done.rawResponse.headers['retry-after']).toBeUndefined();
});

test('a rule that is not an AzureBackupRule of the policy, or an unknown tag, answers 400', async () => {
  await start();
  const rule = await refusalOf(() => adhocBackup('disk-01', 'BackupDaily', 'Default'));
  expect([rule.status, rule.code]).toEqual([400, 'UserErrorInvalidBackupRuleName']);
  expect(rule.message).toContain('BackupHourly');
  const retentionRule = await refusalOf(() => adhocBackup('disk-01', 'Default', 'Default'));
  expect(retentionRule.status).toBe(400);
  const tag = await refusalOf(() => adhocBackup('disk-01', 'BackupHourly', 'Yearly'));
  expect([tag.status, tag.code]).toEqual([400, 'UserErrorInvalidRetentionTag']);
  const { conn, send } = armClient();
  const noRule = await refusalOf(() =>
    send('POST', `${conn.endpoint}${bvInstanceId('disk-01')}/backup?api-version=2025-09-01`, { backupRuleOptions: {} }),
  );
  expect(noRule.status).toBe(400);
  expect(noRule.message).toContain('ruleName');
  expect(sim.admin.countBackupCalls()).toBe(4);
});

test('stopped, unknown, running and unauthorised instances are refused', async () => {
  const oid = '0000bbbb-0000-0000-0000-000000000403';
  await start({ forbidden: [{ principal: oid, vault: BV_VAULT_ID }] });
  const stopped = await refusalOf(() => adhocBackup('disk-stopped', 'BackupHourly'));
  expect([stopped.status, stopped.code]).toEqual([400, 'UserErrorBackupInstanceNotProtected']);
  const missing = await refusalOf(() => adhocBackup('disk-nope', 'BackupHourly'));
  expect([missing.status, missing.code]).toEqual([404, 'ResourceNotFound']);
  const denied = await refusalOf(() => adhocBackup('disk-01', 'BackupHourly', undefined, oid));
  expect([denied.status, denied.code]).toEqual([403, 'AuthorizationFailed']);
  expect(denied.message).toContain("'Microsoft.DataProtection/backupVaults/backupInstances/backup/action' over scope");
  await adhocBackup('disk-01', 'BackupHourly');
  const running = await refusalOf(() => adhocBackup('disk-01', 'BackupHourly'));
  expect([running.status, running.code]).toEqual([409, 'UserErrorBackupOperationInProgress']);
});

test('api-versions other than 2024-04-01, 2025-07-01 and 2025-09-01 are refused', async () => {
  await start();
  const { conn, send } = armClient();
  const body = { backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: {} } };
  const old = await refusalOf(() =>
    send('POST', `${conn.endpoint}${bvInstanceId('disk-01')}/backup?api-version=2021-01-01`, body),
  );
  expect([old.status, old.code]).toEqual([400, 'NoRegisteredProviderFound']);
  const ok = await send('POST', `${conn.endpoint}${bvInstanceId('disk-01')}/backup?api-version=2025-07-01`, body);
  expect(ok.rawResponse.statusCode).toBe(202);
});
