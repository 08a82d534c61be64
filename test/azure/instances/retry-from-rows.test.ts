// Retry offered or refused from Resource Graph rows as Azure may shape them, through the real instance query: a
// Recovery Services item carrying only the unified currentProtectionState, and an SAP HANA instance snapshot item.
import { createBackupData } from '../../../src/azure/backup-data';
import type { Row } from '../../../src/sim/estate/types';
import { demoEstate, ESTATE_NOW, retryableItem } from '../actions/support/estate-items';
import { EngineRunner } from '../support/engine-runner';

const estate = demoEstate();

/** The estate with `row` replaced by `edit(row)` (a copy: the shared estate stays as generated). */
function withRow(row: Row, edit: (row: Row) => Row) {
  const rsv = estate.tables.RecoveryServicesResources.map((r) => (r === row ? edit(structuredClone(r)) : r));
  return createBackupData(new EngineRunner({ ...estate.tables, RecoveryServicesResources: rsv }, ESTATE_NOW));
}

test('a Recovery Services item with only currentProtectionState (ProtectionConfigured) may be backed up now', async () => {
  // Microsoft's ARG samples read properties.currentProtectionState on RSV items too (docs/azure-facts.md §1.2, unified fields).
  const vm = retryableItem(estate, 'vm');
  const data = withRow(vm.row, (r) => {
    const p = r.properties as Record<string, unknown>;
    delete p.protectionState;
    p.currentProtectionState = 'ProtectionConfigured';
    return r;
  });
  const [item] = (await data.instancesById([vm.id])).value;
  expect(item?.rawProtectionState).toBe('ProtectionConfigured');
  expect(item?.retry).toEqual({ possible: true });
});

test('an SAP HANA instance snapshot item is found, and says why it has no Retry', async () => {
  // Backup now for "DB instance via snapshot" is documented only in the portal
  // (includes/backup-azure-configure-sap-hana-database-instance-backup.md).
  const hana = retryableItem(estate, 'hana');
  const name = 'SAPHanaDBInstance;HXE;HXE';
  const id = `${hana.id.slice(0, hana.id.lastIndexOf('/'))}/${name}`;
  const data = withRow(hana.row, (r) => {
    const p = r.properties as Record<string, unknown>;
    p.protectedItemType = 'AzureVmWorkloadSAPHanaDBInstance';
    p.workloadType = 'SAPHanaDBInstance';
    return { ...r, id, name };
  });
  const [item] = (await data.instancesById([id])).value;
  expect(item?.workload).toBe('hana');
  expect(item?.retry).toMatchObject({ possible: false, reason: 'snapshot-instance' });
  expect(item?.retry.possible === false && item.retry.message).toMatch(/only in the Azure portal/);
});
