// generateEstate: a deterministic estate of ARG rows for (seed, scale, now) — subscriptions, vaults, datasources of
// every workload (protected and not), protected items / backup instances, policies, 14 days of jobs and alerts.
import { DAY } from './arm';
import { generateCompute } from './compute-datasources';
import type { GenContext } from './context';
import { generateData } from './data-datasources';
import { generatePolicyCompliance } from './policy-compliance';
import { finishPolicyCounts } from './policy-rows';
import { type EstateScale, SCALES } from './scale';
import { generateSecurityAlerts } from './security-alerts';
import { generateStorageKinds } from './storage-kinds';
import { buildTopology } from './topology';
import type { Estate } from './types';

export interface GenerateOptions {
  seed: number;
  scale: EstateScale;
  /** The estate's clock: job times, last-backup times and alert times are relative to it. */
  now: Date;
}

/**
 * Same (seed, scale, now) → identical rows. Repeated nested objects (tags, skus, error details, extendedInfo,
 * policyInfo) are shared between rows and frozen, to keep the large estate in memory: setting a row's own fields,
 * e.g. a job's `properties.status` or `properties.endTime`, is fine; mutating a shared nested object throws.
 */
export function generateEstate(options: GenerateOptions): Estate {
  const scale = SCALES[options.scale];
  if (!scale) throw new Error(`unknown estate scale '${options.scale}' (expected small or large)`);
  const now = options.now.getTime();
  if (!Number.isFinite(now)) throw new Error('generateEstate: `now` is not a valid date');
  const ctx: GenContext = {
    seed: options.seed >>> 0,
    now,
    windowStart: now - 14 * DAY,
    scale,
    tables: {
      Resources: [],
      RecoveryServicesResources: [],
      ResourceContainers: [],
      AlertsManagementResources: [],
      PolicyResources: [],
    },
    subs: [],
  };
  buildTopology(ctx);
  generateCompute(ctx);
  generateData(ctx);
  // Last, so that the rows generated before storage kinds were added stay as they were.
  generateStorageKinds(ctx);
  finishPolicyCounts(ctx);
  // Derived from the finished tables without random draws.
  generatePolicyCompliance(ctx);
  // Own random stream, after everything else: the rows above do not move.
  generateSecurityAlerts(ctx);
  return { tables: ctx.tables };
}
