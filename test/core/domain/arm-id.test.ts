// ARM id parsing by segment pairs: names with `;` and any casing survive untouched.
import { armIdPrefix, armIdSegment, looksLikeArmId, parseArmId } from '../../../src/core/domain/arm-id';

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
