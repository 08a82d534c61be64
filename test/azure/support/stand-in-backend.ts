// The real HTTP path (connectAzure → ArgClient → @azure/arm-resourcegraph → stand-in) over a given estate, for tests
// that check answers against the estate's own rows.
import { type AzureBackend, type ConnectOptions, connectAzure } from '../../../src/compose-azure';
import { loadConfig } from '../../../src/config';
import type { Estate } from '../../../src/sim/estate';

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Demo mode pinned to `now`, with a quota no test reaches and, unless `arg` says otherwise, no answer cache: every
 * question crosses HTTP, so request counts are requests, not cache hits.
 */
export function connectStandIn(estate: Estate, now: Date, arg: ConnectOptions['arg'] = {}): Promise<AzureBackend> {
  const config = loadConfig({ DEMO_MODE: 'true', DATA_DIR: '/tmp/unused' });
  return connectAzure(config, SILENT, {
    now: () => now,
    estate,
    sim: { quota: { limit: 100_000, windowMs: 5000 } },
    arg: { cacheTtlMs: 0, ...arg },
  });
}
