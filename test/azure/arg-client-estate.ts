// A small synthetic estate for the Resource Graph client tests: 10 subscriptions in two tenants and two management
// groups, 2500 resources (enough for three 1000-row pages).
import type { Estate, Row } from '../../src/sim/estate/types';

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
    },
  };
}
