// connectAzure: demo mode starts the stand-in in this process over the demo estate and stops it on close; azure mode
// talks to ARM_ENDPOINT (here a stand-in the test starts) within BACKUP_SCOPE.
import { connectAzure } from '../src/compose-azure';
import { loadConfig } from '../src/config';
import { generateEstate, loadEstateFile } from '../src/sim/estate';
import { startSim } from '../src/sim/server/start-sim';
import type { SimHandle } from '../src/sim/server/types';
import { TRICKY_ESTATE, tricky } from './azure/support/tricky-checks';

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
const BASE = { DATA_DIR: '/tmp/unused' };

test('demo mode with DEMO_ESTATE: the stand-in serves that file, and close() stops it', async () => {
  const config = loadConfig({ ...BASE, DEMO_ESTATE: TRICKY_ESTATE });
  expect(config.mode).toBe('demo');
  const backend = await connectAzure(config, SILENT, { now: () => new Date(tricky.now) });
  const url = backend.endpoint;
  try {
    expect(backend.mode).toBe('demo');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(backend.estate).toMatchObject({ source: TRICKY_ESTATE, subscriptions: 3, tenants: 2 });
    expect(backend.description).toContain('tricky-estate.json');
    const vaults = await backend.backupData.vaults({});
    const fileVaults = loadEstateFile(TRICKY_ESTATE).tables.Resources.filter((r) => /vaults$/i.test(String(r.type)));
    expect(vaults.value.vaults.map((v) => v.id).sort()).toEqual(fileVaults.map((r) => String(r.id)).sort());
    expect(backend.sim?.admin.requests({ endpoint: 'arg' }).length).toBeGreaterThan(0);
  } finally {
    await backend.close();
  }
  await expect(fetch(`${url}/providers/Microsoft.ResourceGraph/resources`)).rejects.toThrow();
});

test('demo mode without DEMO_ESTATE generates the estate from DEMO_SEED and DEMO_SCALE', async () => {
  const now = new Date('2025-01-20T10:00:00Z');
  const backend = await connectAzure(loadConfig({ ...BASE, DEMO_SEED: '5' }), SILENT, { now: () => now });
  try {
    const same = generateEstate({ seed: 5, scale: 'small', now });
    const vms = same.tables.Resources.filter((r) => r.type === 'microsoft.compute/virtualmachines').length;
    expect(backend.estate?.source).toBe('generated small estate, seed 5');
    expect(backend.estate?.subscriptions).toBe(
      same.tables.ResourceContainers.filter((r) => r.type === 'microsoft.resources/subscriptions').length,
    );
    const unprotected = await backend.backupData.unprotected('vm', {}, { limit: 5000 });
    expect(unprotected.value.datasources.length).toBeGreaterThan(0);
    expect(unprotected.value.datasources.length).toBeLessThan(vms);
  } finally {
    await backend.close();
  }
});

describe('azure mode against ARM_ENDPOINT', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ estate: loadEstateFile(TRICKY_ESTATE), now: () => new Date(tricky.now) });
  });
  afterAll(async () => {
    await sim.close();
  });

  test('a loopback ARM_ENDPOINT without a client secret is a stand-in: the demo token, no Entra ID', async () => {
    const config = loadConfig({ ...BASE, ARM_ENDPOINT: sim.url });
    expect(config.mode).toBe('azure');
    const backend = await connectAzure(config, SILENT);
    try {
      expect(backend.sim).toBeUndefined();
      expect(backend.description).toContain(`the Azure stand-in at ${sim.url}`);
      const answer = await backend.backupData.jobs('failed', {});
      expect(answer.partial).toEqual([]);
      expect(answer.value.jobs.length).toBeGreaterThan(0);
      expect(sim.admin.requests({ endpoint: 'arg' }).every((r) => r.caller !== undefined)).toBe(true);
    } finally {
      await backend.close();
    }
  });

  test('BACKUP_SCOPE limits every answer to its subscriptions', async () => {
    const sub = 'bbbbbbbb-0000-4000-8000-000000000003';
    const backend = await connectAzure(loadConfig({ ...BASE, ARM_ENDPOINT: sim.url, BACKUP_SCOPE: sub }), SILENT);
    try {
      const all = await backend.backupData.instances({}, { limit: 500 });
      expect(all.value.instances).toHaveLength(2);
      expect(new Set(all.value.instances.map((i) => i.vault.subscriptionId.toLowerCase()))).toEqual(new Set([sub]));
      expect(backend.description).toContain('1 subscription(s) from BACKUP_SCOPE');
    } finally {
      await backend.close();
    }
  });

  test('READ_ALLOW narrows the subscriptions sent to Resource Graph within BACKUP_SCOPE, and binds resource groups', async () => {
    const [prod, dev] = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002'];
    const sent: Array<{ subscriptions?: string[]; query: string }> = [];
    const config = loadConfig({ ...BASE, ARM_ENDPOINT: sim.url, BACKUP_SCOPE: `${prod},${dev}` });
    const backend = await connectAzure(config, SILENT, {
      wrapHttpClient: (inner) => ({
        sendRequest(request) {
          if (
            /\/providers\/Microsoft\.ResourceGraph\/resources/i.test(request.url) &&
            typeof request.body === 'string'
          ) {
            sent.push(JSON.parse(request.body));
          }
          return inner.sendRequest(request);
        },
      }),
    });
    try {
      const whole = await backend.backupData.vaults({});
      expect(whole.value.vaults.map((v) => v.name).sort()).toEqual(['bv-prod', 'rsv-legacy', 'rsv-prod']);
      sent.length = 0;
      const bySub = await backend.backupData.vaults({}, { read: [{ subscriptionId: dev }] });
      expect(bySub.value.vaults.map((v) => v.name)).toEqual(['rsv-legacy']);
      expect(sent.map((s) => s.subscriptions)).toEqual([[dev]]);
      expect(bySub.kql[0]).toContain(
        `| where subscriptionId in~ ('${dev}') or strcat(subscriptionId, '/', resourceGroup) in~ ('${dev}')`,
      );
      // A resource group: the subscription goes to Resource Graph, the group is a bound clause (case as Azure's).
      sent.length = 0;
      const byRg = await backend.backupData.vaults(
        {},
        { read: [{ subscriptionId: prod, resourceGroup: 'rg-backup' }] },
      );
      expect(byRg.value.vaults.map((v) => v.name).sort()).toEqual(['bv-prod', 'rsv-prod']);
      expect(sent.map((s) => s.subscriptions)).toEqual([[prod]]);
      expect(byRg.kql[0]).toContain(`in~ ('${prod}/rg-backup')`);
      // A subscription outside BACKUP_SCOPE is never asked for, even by a guardrail naming it.
      await expect(
        backend.backupData.vaults({}, { read: [{ subscriptionId: 'bbbbbbbb-0000-4000-8000-000000000003' }] }),
      ).rejects.toThrow(/outside BACKUP_SCOPE/);
    } finally {
      await backend.close();
    }
  });
});
