import { analyzeKql } from './support/kusto-analyzer';
import * as I from '../src/azure/instances/instances';
const f: any = { since: '7d', subscriptionIds: ['00000000-0000-0000-0000-000000000001'], resourceGroup: "rg-'x", location: 'westeurope', tag: { key: 'Env', value: 'prod' }, vault: 'v1', workload: 'vm' };
const inst: any = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers/c/protectedItems/i', vault: { subscriptionId: 's', resourceGroup: 'rg', name: 'v' }, friendlyName: 'vm1', workload: 'vm' };
for (const q of [I.bindInstanceListKql(f), I.bindInstanceCountsKql({since:'24h'} as any), I.bindItemMatchKql(f, 'vm1'), I.bindItemMatchKql({since:'24h'} as any, '/subscriptions/x/resourceGroups/y'), I.bindPoliciesKql(['/a','/b']), I.bindItemJobsKql(inst)]) {
  const d = analyzeKql(q); console.log(d.length ? q : q.slice(0, 100)); console.log(JSON.stringify(d));
}
