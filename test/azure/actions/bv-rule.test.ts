// When the item lookup could not name the Backup vault rule, the trigger reads it through ARM (instance → policy →
// AzureBackupRule and its default tag); a continuous-only policy is refused before any POST. Also Azure's
// synchronous 200 answer (the job id in the body, no LRO). A tiny ARM stand-in on 127.0.0.1 answers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBackupActions } from '../../../src/azure/actions';
import { createArmConnection } from '../../../src/azure/arm-connection';
import type { RetryTarget } from '../../../src/core/domain/instances';
import { BackupActionError } from '../../../src/core/retry/action-error';

const SUB = '33333333-3333-3333-3333-333333333333';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-bv/providers/Microsoft.DataProtection/backupVaults/bv-x`;
const JOB = '0f0f0f0f-1111-2222-3333-444444444444';

const policies: Record<string, unknown> = {
  [`${VAULT}/backupPolicies/daily`]: {
    policyRules: [
      {
        objectType: 'AzureBackupRule',
        name: 'BackupDaily',
        trigger: {
          taggingCriteria: [
            { isDefault: false, tagInfo: { tagName: 'Weekly' } },
            { isDefault: true, tagInfo: { tagName: 'Daily' } },
          ],
        },
      },
      { objectType: 'AzureRetentionRule', name: 'Daily', isDefault: true },
    ],
  },
  [`${VAULT}/backupPolicies/continuous`]: {
    policyRules: [{ objectType: 'AzureRetentionRule', name: 'Default', isDefault: true }],
  },
};
const instances: Record<string, string> = {
  'bi-daily': `${VAULT}/backupPolicies/daily`,
  'bi-cont': `${VAULT}/backupPolicies/continuous`,
};

let server: Server;
let url: string;
const seen: { method: string; path: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
      seen.push({ method: req.method ?? '', path, body });
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const instance = /\/backupInstances\/([^/]+)(\/backup)?$/.exec(path);
      if (req.method === 'GET' && instance && !instance[2]) {
        return reply(200, { properties: { policyInfo: { policyId: instances[instance[1] ?? ''] } } });
      }
      if (req.method === 'GET' && policies[path]) return reply(200, { properties: policies[path] });
      if (req.method === 'POST' && instance?.[2]) {
        return reply(200, { objectType: 'OperationJobExtendedInfo', jobId: JOB });
      }
      return reply(404, { error: { code: 'NotFound', message: `no ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

function target(name: string): RetryTarget {
  return {
    kind: 'bv',
    subscriptionId: SUB,
    resourceGroup: 'rg-bv',
    vaultName: 'bv-x',
    backupInstanceName: name,
    backupInstanceId: `${VAULT}/backupInstances/${name}`,
  };
}

const actions = () =>
  createBackupActions({
    connection: createArmConnection({ endpoint: url }),
    polling: { minIntervalMs: 5, maxIntervalMs: 10, timeoutMs: 2_000 },
    retryOptions: { maxRetries: 0 },
  });

test('the rule and its default tag are read from the policy, and a 200 answer names the job at once', async () => {
  const result = await actions().triggerBackup(target('bi-daily'));
  expect(result.request).toEqual({
    objectType: 'TriggerBackupRequest',
    ruleName: 'BackupDaily',
    retentionTag: 'Daily',
  });
  expect(result.job).toMatchObject({ kind: 'bv', jobId: JOB, vaultName: 'bv-x' });
  expect(seen.map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`)).toEqual([
    'GET backupInstances/bi-daily',
    'GET backupPolicies/daily',
    'POST bi-daily/backup',
  ]);
  expect(JSON.parse(seen[2]?.body ?? '{}')).toEqual({
    backupRuleOptions: { ruleName: 'BackupDaily', triggerOption: { retentionTagOverride: 'Daily' } },
  });
});

test('a policy with no backup rule (continuous blob backup) is refused before anything is posted', async () => {
  const err = await actions()
    .triggerBackup(target('bi-cont'))
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BackupActionError);
  expect(err).toMatchObject({ kind: 'rejected', accepted: false });
  expect((err as Error).message).toContain('no backup rule');
  expect(seen.some((r) => r.method === 'POST')).toBe(false);
});
