import { queryVocabulary } from './support/kusto-analyzer';
import { bindVaultsKql } from '../src/azure/vaults/vaults';
import { bindInstanceListKql } from '../src/azure/instances/instances';
const v = queryVocabulary(bindVaultsKql({ since: '7d' } as any)); console.log([...v.functions], [...v.operators]);
const w = queryVocabulary(bindInstanceListKql({ since: '7d', tag: {key:'a', value:'b'} } as any)); console.log([...w.functions], [...w.operators]);
