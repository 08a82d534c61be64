// A small synthetic estate for the Resource Graph client tests: 10 subscriptions in two tenants and two management
// groups, 2500 resources (enough for three 1000-row pages); the stand-in serving it and a client of it.
import { type ArgClientOptions, createArgClient } from '../../src/azure/arg-client';
import { createArmConnection } from '../../src/azure/arm-connection';
import type { Estate, Row } from '../../src/sim/estate/types';
import { startSim } from '../../src/sim/server/start-sim';
import type { SimHandle, SimOptions } from '../../src/sim/server/types';

export const TENANT_A = 'aaaaaaaa-0000-0000-0000-00000000000a';
export const TENANT_B = 'bbbbbbbb-0000-0000-0000-00000000000b';
export const SUBS = Array.from(
  { length: 10 },
  (_, i) => `00000000-0000-0000-0000-0000000000${String(i).padStart(2, '0')}`,
);
export const MG_PROD_SUBS = SUBS.slice(0, 3);

const tenantOf = (i: number): string => (i < 6 ? TENANT_A : TENANT_B);

export function buildEstate(): Estate {
  const containers: Row[] = SUBS.map((sub, i) => ({
    id: `/subscriptions/${sub}`,
    name: `sub-${i}`,
    type: 'microsoft.resources/subscriptions',
    tenantId: tenantOf(i),
    subscriptionId: sub,
    properties: {
      managementGroupAncestorsChain: [{ name: i < 3 ? 'mg-prod' : 'mg-dev' }, { name: 'root' }],
    },
  }));
  const resources: Row[] = Array.from({ length: 2500 }, (_, i) => {
    const s = i % SUBS.length;
    const sub = SUBS[s] as string;
    return {
      id: `/subscriptions/${sub}/resourceGroups/rg-${s}/providers/Microsoft.Compute/virtualMachines/vm-${i}`,
      name: `vm-${i}`,
      type: 'microsoft.compute/virtualmachines',
      tenantId: tenantOf(s),
      subscriptionId: sub,
      resourceGroup: `rg-${s}`,
      location: 'westeurope',
      properties: { vmId: `vm-guid-${i}`, note: 'x'.repeat(120) },
      tags: {},
    };
  });
  return {
    tables: {
      Resources: resources,
      ResourceContainers: containers,
      RecoveryServicesResources: [],
      AlertsManagementResources: [],
      PolicyResources: [],
    },
  };
}

/** The stand-in over buildEstate(), its quota out of the way unless `options` say otherwise. */
export function startArgStandIn(options: Partial<SimOptions> = {}): Promise<SimHandle> {
  return startSim({ estate: buildEstate(), quota: { limit: 1000, windowMs: 1000 }, ...options });
}

/**
 * One stand-in for a test file: started before its tests (handed to `start`), its request log reset before each
 * test, and closed after them. `current` says which stand-in the file holds then (a test may swap in another).
 */
export function useArgStandIn(start: (sim: SimHandle) => void, current: () => SimHandle): void {
  beforeAll(async () => {
    start(await startArgStandIn());
  });
  afterAll(async () => {
    await current().close();
  });
  beforeEach(() => {
    current().admin.reset();
  });
}

/** A Resource Graph client of the stand-in with the demo identity and the given retry pacing. */
export function createStandInArgClient(
  sim: SimHandle,
  retry: ArgClientOptions['retry'],
  overrides: Partial<ArgClientOptions> = {},
): ReturnType<typeof createArgClient> {
  const connection = createArmConnection({ endpoint: sim.url });
  return createArgClient({
    identities: [{ credential: connection.credential, label: 'the demo identity' }],
    clientOptions: connection.clientOptions,
    retry,
    requestTimeoutMs: 2000,
    ...overrides,
  });
}
