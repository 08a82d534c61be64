import { analyzeKql } from './support/kusto-analyzer';
import { bindJobListKql, bindJobCountsKql } from '../src/azure/jobs/jobs';
const f: any = { since: '7d', subscriptionIds: ['00000000-0000-0000-0000-000000000001'], resourceGroup: "rg-'x", location: 'westeurope', tag: { key: 'Env', value: 'prod' }, vault: 'v1', workload: 'vm' };
for (const q of [bindJobListKql(f, 'failed'), bindJobCountsKql(f), bindJobListKql({ since: '24h' } as any, 'all')]) {
  console.log(q); console.log(JSON.stringify(analyzeKql(q), null, 1));
}
