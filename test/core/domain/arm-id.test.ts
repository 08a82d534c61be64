// ARM id parsing by segment pairs: names with `;` and any casing survive untouched.
import { armIdPrefix, armIdSegment, itemNameFromId, looksLikeArmId, parseArmId } from '../../../src/core/domain/arm-id';

const ITEM =
  '/Subscriptions/S1/resourceGroups/RG-V/providers/Microsoft.RecoveryServices/vaults/V1/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg;vm/protectedItems/VM;iaasvmcontainerv2;rg;vm';

it('pairs segments case-insensitively and keeps names as written', () => {
  expect(parseArmId(ITEM)).toEqual({
    subscriptionId: 'S1',
    resourceGroup: 'RG-V',
    provider: 'Microsoft.RecoveryServices',
    pairs: [
      ['vaults', 'V1'],
      ['backupFabrics', 'Azure'],
      ['protectionContainers', 'IaasVMContainer;iaasvmcontainerv2;rg;vm'],
      ['protectedItems', 'VM;iaasvmcontainerv2;rg;vm'],
    ],
  });
  expect(armIdSegment(ITEM, 'PROTECTEDITEMS')).toBe('VM;iaasvmcontainerv2;rg;vm');
  expect(armIdPrefix(ITEM, 'vaults')).toBe(
    '/Subscriptions/S1/resourceGroups/RG-V/providers/Microsoft.RecoveryServices/vaults/V1',
  );
  expect(looksLikeArmId(ITEM)).toBe(true);
  expect(looksLikeArmId('vm-01')).toBe(false);
});

test('a backup item id gives the name people use: the VM, the database on its VM, the disk without its GUID', () => {
  const vault = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv-prod';
  const items = `${vault}/backupFabrics/Azure/protectionContainers`;
  expect(
    itemNameFromId(
      `${items}/IaasVMContainer;iaasvmcontainerv2;rg-app;vm-web-01/protectedItems/VM;iaasvmcontainerv2;rg-app;vm-web-01`,
    ),
  ).toBe('vm-web-01');
  expect(
    itemNameFromId(`${items}/VMAppContainer;Compute;rg-db;sqlvm-02/protectedItems/SQLDataBase;MSSQLSERVER;master`),
  ).toBe('master on sqlvm-02');
  expect(
    itemNameFromId(`${items}/VMAppContainer;Compute;rg-sap;hana-01/protectedItems/SAPHanaDatabase;H22;SYSTEMDB`),
  ).toBe('SYSTEMDB on hana-01');
  expect(itemNameFromId(`${items}/StorageContainer;Storage;rg;stfiles/protectedItems/AzureFileShare;reports`)).toBe(
    'reports',
  );
  expect(
    itemNameFromId(
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/disk-data-01-9f8e7d6c-5b4a-4321-8765-0fedcba98765',
    ),
  ).toBe('disk-data-01');
  expect(itemNameFromId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1')).toBe(
    'vm-1',
  );
});
