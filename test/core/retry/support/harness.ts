// Everything a retry workflow test needs, real end to end: the Azure stand-in over HTTP serving the demo estate, the
// Resource Graph client and BackupData for item lookups, the real BackupActions (SDK clients), a PostgreSQL store
// (a fresh database per test file), and a ProgressSink that records what the channels would show.
import { Client } from 'pg';
import { createBackupActions } from '../../../../src/azure/actions';
import { createArgClient } from '../../../../src/azure/arg-client';
import { createArmConnection, createStaticTokenCredential } from '../../../../src/azure/arm-connection';
import { createBackupData } from '../../../../src/azure/backup-data';
import { parseAccessPolicy } from '../../../../src/core/authorize';
import type { Caller } from '../../../../src/core/caller';
import { parseCommand } from '../../../../src/core/commands';
import { decodeActionInline } from '../../../../src/core/commands/payload';
import type { Command, RetryCommand } from '../../../../src/core/commands/types';
import { createConversationCore } from '../../../../src/core/conversation';
import type { ConversationCore, Reply } from '../../../../src/core/conversation-port';
import type { BackupActions, MessageRef, ProgressSink } from '../../../../src/core/retry';
import {
  createRetryWorkflow,
  type RetryWorkflow,
  type RetryWorkflowDeps,
  retryHandlers,
} from '../../../../src/core/retry';
import { createStoreStash } from '../../../../src/core/store-stash';
import type { RetryViewModel } from '../../../../src/core/view-models/retry';
import { startSim } from '../../../../src/sim/server/start-sim';
import type { SimHandle, SimOptions } from '../../../../src/sim/server/types';
import { openStore, type Store } from '../../../../src/store';
import { demoEstate, ESTATE_NOW } from '../../../azure/actions/support/estate-items';
import { createTestDatabase, type TestDatabase } from '../../../store/support/test-database';
import { captureLog } from '../../../support/capture-log';

export const ANA: Caller = { platform: 'slack', userId: 'U0ANA0001', userName: 'Ana', channelId: 'C0OPS0001' };
export const BO: Caller = {
  platform: 'teams',
  userId: '29:bo',
  userName: 'Bo',
  aadObjectId: '6f1c0000-0000-4000-8000-000000000b0b',
  channelId: '19:ops@thread.tacv2',
};
export const EVE: Caller = { platform: 'slack', userId: 'U0EVE0001', userName: 'Eve', channelId: 'C0OPS0001' };
export const ALLOW = ['slack:user:U0ANA0001', `teams:user:${BO.aadObjectId}`];

/** The estate's clock, moving with real time, so stand-in job delays and "ago" windows behave. */
const t0 = Date.now();
export const clock = (): Date => new Date(ESTATE_NOW.getTime() + (Date.now() - t0));

export class RecordingSink implements ProgressSink {
  readonly updates: { ref: MessageRef; reply: Reply }[] = [];
  async update(ref: MessageRef, reply: Reply): Promise<void> {
    this.updates.push({ ref, reply });
  }
  states(): string[] {
    return this.updates.map((u) => (u.reply.model as RetryViewModel).state);
  }
  /** Resolves once an update in `state` arrived (polls; the tracker runs on its own timer). */
  async waitFor(state: string, timeoutMs = 5_000): Promise<RetryViewModel> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.updates.find((u) => (u.reply.model as RetryViewModel).state === state);
      if (hit) return hit.reply.model as RetryViewModel;
      if (Date.now() > end) throw new Error(`no "${state}" update; got ${this.states().join(', ') || 'none'}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export interface Harness {
  sim: SimHandle;
  estate: ReturnType<typeof demoEstate>;
  actions: BackupActions;
  items: ReturnType<typeof createBackupData>;
  db: TestDatabase;
  stores: Store[];
  openStore(): Promise<Store>;
  workflow(overrides?: Partial<RetryWorkflowDeps>): Promise<{ workflow: RetryWorkflow; sink: RecordingSink }>;
  /** Between tests: stops every workflow, forgets pending jobs and claims, resets the stand-in. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(sim: Partial<SimOptions> = {}): Promise<Harness> {
  const estate = demoEstate();
  const handle = await startSim({
    estate,
    now: clock,
    seed: 5,
    lro: { retryAfterSeconds: 0 },
    jobCompletion: { delayMs: 3_600_000 },
    // ARG's real quota (15 queries per 5 s) would only slow these tests down; the ARG client tests cover pacing.
    quota: { limit: 10_000, windowMs: 5_000 },
    ...sim,
  });
  const connection = createArmConnection({ endpoint: handle.url, credential: createStaticTokenCredential() });
  const arg = createArgClient({
    identities: [{ credential: connection.credential, label: 'the demo identity' }],
    clientOptions: connection.clientOptions,
    cacheTtlMs: 0,
    // Resource Graph faults (lookup-failed tests) give up in milliseconds rather than the real backoff's seconds.
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  const items = createBackupData(arg);
  const actions = createBackupActions({
    connection,
    now: clock,
    polling: { minIntervalMs: 5, maxIntervalMs: 20, timeoutMs: 5_000 },
  });
  const db = await createTestDatabase();
  const stores: Store[] = [];
  const workflows: RetryWorkflow[] = [];
  const open = async () => {
    const store = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' });
    stores.push(store);
    return store;
  };
  return {
    sim: handle,
    estate,
    actions,
    items,
    db,
    stores,
    openStore: open,
    async workflow(overrides = {}) {
      const sink = new RecordingSink();
      const workflow = createRetryWorkflow({
        actions,
        items,
        store: overrides.store ?? (await open()),
        policy: parseAccessPolicy(ALLOW),
        sink,
        now: clock,
        settings: { trackIntervalMs: 40 },
        ...overrides,
      });
      workflows.push(workflow);
      return { workflow, sink };
    },
    async reset() {
      await Promise.all(workflows.splice(0).map((w) => w.close()));
      const store = stores[0] ?? (await open());
      for (const op of await store.listPendingOperations()) await store.deletePendingOperation(op.id);
      await sqlOn(db.url, 'DELETE FROM idempotency_keys');
      handle.admin.reset();
    },
    async close() {
      await Promise.all(workflows.map((w) => w.close()));
      await Promise.all(stores.map((s) => s.close()));
      arg.close();
      await handle.close();
      await db.drop();
    },
  };
}

/** One harness for a test file: started before its tests, reset after each test, closed after all of them. */
export function useHarness(onStart: (h: Harness) => void, sim: Partial<SimOptions> = {}): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(sim);
    onStart(h);
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h?.reset();
  });
}

async function sqlOn(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function retryCommand(text: string): RetryCommand {
  const parsed = parseCommand(text);
  if (!parsed.ok || parsed.command.verb !== 'retry') throw new Error(`not a retry command: ${text}`);
  return parsed.command;
}

export function modelOf(reply: Reply): RetryViewModel {
  expect(reply.view).toBe('retry');
  return reply.model as RetryViewModel;
}

/** The command behind a card button, as a click would bring it back. */
export function clickButton(model: { buttons: { label: string; payload: string }[] }, label: string): RetryCommand {
  const button = model.buttons.find((b) => b.label.startsWith(label));
  if (!button) throw new Error(`no "${label}" button; have ${model.buttons.map((b) => b.label).join(', ')}`);
  const decoded = decodeActionInline(button.payload);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.command as Extract<Command, { verb: 'retry' }>;
}

export const refFor = (n: number): MessageRef => ({
  platform: 'slack',
  data: { channel: 'C0OPS0001', ts: `17000.${n}` },
});

/** A bot replica: its own store connection, stash, workflow and core over the shared database and stand-in. */
export async function replicaCore(h: Harness): Promise<ConversationCore> {
  const store = await h.openStore();
  const stash = createStoreStash(store);
  const { workflow } = await h.workflow({ store, stash });
  return createConversationCore({
    data: h.items,
    policy: parseAccessPolicy(ALLOW),
    clock,
    log: captureLog({ level: 'fatal' }).log,
    stash,
    ...retryHandlers(workflow),
  });
}
