// How cards name what they list: a SQL or HANA database with the VM it runs on, so two "master" databases offered as
// choices differ visibly; other items by their friendly name.
import { instanceLabel } from '../../src/core/names';

const VAULT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv-prod';
const sql = (host: string) => ({
  id: `${VAULT}/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-db;${host}/protectedItems/SQLDataBase;MSSQLSERVER;master`,
  friendlyName: 'master',
  workload: 'sql' as const,
});

test('two databases called master are told apart by their VM; a VM keeps its own name', () => {
  expect(instanceLabel(sql('sqlvm-01'))).toBe('master on sqlvm-01');
  expect(instanceLabel(sql('sqlvm-02'))).toBe('master on sqlvm-02');
  const vm = {
    id: `${VAULT}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg;vm-web-01/protectedItems/VM;iaasvmcontainerv2;rg;vm-web-01`,
    friendlyName: 'vm-web-01',
    workload: 'vm' as const,
  };
  expect(instanceLabel(vm)).toBe('vm-web-01');
});
