// Data for conversation-core tests: the real BackupData over the in-process KQL engine (a generated small estate, and
// an empty one), and a BackupDataPort over the huge domain-object estate (limits), with a deterministic stash.
import { createBackupData } from '../../../src/azure/backup-data';
import type { AccessPolicy } from '../../../src/core/authorize';
import type { Caller } from '../../../src/core/caller';
import type { PayloadStash } from '../../../src/core/commands/payload';
import { createConversationCore } from '../../../src/core/conversation';
import type { ConversationCore } from '../../../src/core/conversation-port';
import type { DataResult, PartialNote } from '../../../src/core/domain/result';
import type { BackupDataPort } from '../../../src/core/ports';
import { generateEstate } from '../../../src/sim/estate';
import { allBoundQueries } from '../../azure/support/all-queries';
import { EngineRunner } from '../../azure/support/engine-runner';
import { hugeAlerts } from '../views/support/alert-estates';
import { hugeCompliance } from '../views/support/compliance-estates';
import { hugeItems } from '../views/support/items-estates';
import { hugePolicies } from '../views/support/policy-estates';
import { HUGE_NOW, hugeItemDetail, hugeJobSummary, hugeJobs, hugeSummary } from './huge-estate';

export const NOW = HUGE_NOW;

export const TEAMS_CALLER: Caller = {
  platform: 'teams',
  userId: '29:1a2b3c',
  userName: 'Ada Admin',
  aadObjectId: '6f1c0000-0000-4000-8000-000000000001',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  channelId: '19:abc@thread.tacv2',
  timeZone: 'Europe/Berlin',
};

export const SLACK_CALLER: Caller = { platform: 'slack', userId: 'U0123ABCD', channelId: 'C0456EFGH' };

/** Ids s1, s2, … in order of storage, so golden files are stable. */
export class CountingStash implements PayloadStash {
  readonly values = new Map<string, unknown>();
  async put(value: unknown): Promise<string> {
    const id = `s${this.values.size + 1}`;
    this.values.set(id, structuredClone(value));
    return id;
  }
  async get(id: string): Promise<unknown | undefined> {
    return this.values.get(id);
  }
}

const EMPTY_TABLES = {
  Resources: [],
  RecoveryServicesResources: [],
  ResourceContainers: [],
  AlertsManagementResources: [],
};

let small: BackupDataPort | undefined;

/** The real BackupData over a generated small estate (seed 7, 3 subscriptions, 6 vaults, ~14 days of jobs). */
export function smallEstateData(): BackupDataPort {
  small ??= createBackupData(new EngineRunner(generateEstate({ seed: 7, scale: 'small', now: NOW }).tables, NOW));
  return small;
}

export function emptyEstateData(): BackupDataPort {
  return createBackupData(new EngineRunner(EMPTY_TABLES, NOW));
}

const HUGE_PARTIAL: PartialNote[] = [
  {
    kind: 'throttled',
    detail: '12 subscriptions were throttled',
    subscriptions: Array.from({ length: 12 }, (_, i) => `sub-${i}`),
  },
  { kind: 'failed-batch', detail: 'one subscription batch failed', subscriptions: ['sub-99'] },
];

/** The real queries, bound with every filter set: the longest KQL each answer can carry. */
const KQL = Object.fromEntries(allBoundQueries().map((q) => [q.name, q.kql]));
const kqlOf = (...names: string[]) => names.map((n) => KQL[n] as string);

function answer<T>(value: T, kql: string[]): DataResult<T> {
  return { value, partial: HUGE_PARTIAL, kql, stats: { requests: 40, rows: 1000, argMs: 9000 } };
}

/** The huge estate as a data port: 1,500 failed and 800 running jobs, a huge summary, a worst-case item. */
export function hugeEstateData(): BackupDataPort {
  const failed = hugeJobs(1_500);
  const running = hugeJobs(800, 'InProgress');
  const unsupported = () => Promise.reject(new Error('the huge estate has no inventory data'));
  return {
    summary: async () =>
      answer(hugeSummary(), kqlOf('job-counts full', 'instance-counts full', 'vaults full', 'alert-counts full')),
    jobSummary: async () => answer(hugeJobSummary(31_245, 812), kqlOf('job-counts full')),
    jobs: async (kind, _f, o) => {
      const all = kind === 'running' ? running : kind === 'failed' ? failed : [...running, ...failed];
      const limit = o?.limit ?? 200;
      return answer({ jobs: all.slice(0, limit), hasMore: all.length > limit }, kqlOf(`job-list ${kind} full`));
    },
    item: async () =>
      answer(
        { kind: 'found' as const, detail: hugeItemDetail() },
        kqlOf('item-match id full', 'bv-policies', 'item-jobs'),
      ),
    instances: unsupported,
    items: async (_f, q) => answer(hugeItems(), kqlOf(q.state === 'stale' ? 'items stale full' : 'items failing full')),
    unprotected: unsupported,
    vaults: unsupported,
    vault: unsupported,
    policies: async (_f, q) => {
      const all = hugePolicies();
      const policies = q?.unused ? all.policies.filter((p) => p.protectedItems === 0) : all.policies;
      return answer({ ...all, policies }, kqlOf('policies full'));
    },
    compliance: async () => answer(hugeCompliance(), kqlOf('compliance guarded')),
    alerts: async (kind) =>
      answer({ ...hugeAlerts(), kind }, kqlOf(kind === 'all' ? 'alerts all full' : 'alerts full')),
  };
}

export interface TestCore {
  core: ConversationCore;
  stash: CountingStash;
  logged: { details: object; message: string }[];
}

export function testCore(data: BackupDataPort, policy: AccessPolicy = { rules: [] }): TestCore {
  const stash = new CountingStash();
  const logged: TestCore['logged'] = [];
  const core = createConversationCore({
    data,
    policy,
    clock: () => NOW,
    log: { error: (details, message) => logged.push({ details, message }) },
    stash,
  });
  return { core, stash, logged };
}
