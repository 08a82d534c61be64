// Unprotected rows → domain: tags kept as Azure has them, disk attachment and HANA host named in the reason, stopped
// protection carried apart with its vault, and values the queries never produce tolerated.
import { toUnprotected } from '../../../src/azure/unprotected/unprotected';

describe('toUnprotected', () => {
  it('keeps tags and location of a VM', () => {
    const d = toUnprotected(
      {
        id: '/subscriptions/S1/resourceGroups/RG-App/providers/Microsoft.Compute/virtualMachines/vm-02',
        tenantId: 't1',
        name: 'vm-02',
        type: 'microsoft.compute/virtualmachines',
        subscriptionId: 's1',
        resourceGroup: 'rg-app',
        location: 'westeurope',
        tags: { Env: 'Prod', Owner: 'team-a', Count: 3 },
      },
      'vm',
    );
    expect(d).toMatchObject({
      name: 'vm-02',
      workload: 'vm',
      tenantId: 't1',
      location: 'westeurope',
      tags: { Env: 'Prod', Owner: 'team-a', Count: '3' },
    });
    expect(d?.reason).toMatch(/No active VM backup/);
  });

  it('names the VM a disk is attached to', () => {
    const d = toUnprotected(
      {
        id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/disks/d1',
        managedBy: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-01',
      },
      'disks',
    );
    expect(d?.managedBy).toContain('vm-01');
    expect(d?.reason).toMatch(/attached to VM vm-01/);
    expect(d?.tags).toEqual({});
  });

  it('names the host VM of a HANA database and drops rows without id', () => {
    const d = toUnprotected(
      { id: '/x/protectableItems/SAPHanaDatabase;h01;db1', name: 'db1', vmName: 'hana-vm-01' },
      'hana',
    );
    expect(d?.reason).toMatch(/runs on VM hana-vm-01/);
    expect(toUnprotected({ name: 'x' }, 'vm')).toBeUndefined();
  });

  it('carries stopped protection with its vault, and a disk whose VM backup is stopped names the VM', () => {
    const item =
      '/subscriptions/s1/resourceGroups/rg-b/providers/Microsoft.RecoveryServices/vaults/rsv-prod/backupFabrics/Azure/protectionContainers/c/protectedItems/i';
    const d = toUnprotected(
      {
        id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/disks/d1',
        managedBy: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-01',
        protection: 'softDeleted',
        protectionItem: item,
      },
      'disks',
    );
    expect(d?.stopped).toEqual({ state: 'softDeleted', itemId: item, vaultName: 'rsv-prod' });
    expect(d?.reason).toBe(
      "Its VM's backup (VM vm-01) was deleted and is soft-deleted in vault rsv-prod: undelete it and resume it.",
    );
  });

  it('treats an unknown protection value, or one without its item, as unprotected', () => {
    const id = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-03';
    expect(toUnprotected({ id, protection: 'paused', protectionItem: '/x/vaults/v/i' }, 'vm')?.stopped).toBeUndefined();
    expect(toUnprotected({ id, protection: 'stopped', protectionItem: '' }, 'vm')?.stopped).toBeUndefined();
    expect(toUnprotected({ id, adls: true }, 'vm')?.adls).toBeUndefined();
  });
});
