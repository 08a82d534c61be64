// The behaviour every Store must show, run against PGlite and PostgreSQL alike (see the *.test.ts beside contract/).
import type { Store, StoreLog } from '../../../src/store';
import { loadMigrations } from '../../../src/store/migrate';
import { defineAuditTests } from './audit-tests';
import { defineCoordinationTests } from './coordination-tests';
import { defineNotifyAnnouncementTests } from './notify-announcement-tests';
import { defineNotifyTests } from './notify-tests';
import { definePendingLeaseTests } from './pending-lease-tests';
import { defineRecordTests } from './record-tests';

export interface StoreHarness {
  /** Opens a store on the same database every time, through openStore (so migrations run on each open). */
  open(log?: StoreLog): Promise<Store>;
  dispose(): Promise<void>;
}

export interface LogEntry {
  level: 'info' | 'warn';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

export function recordingLog(entries: LogEntry[]): StoreLog {
  return {
    info: (obj, msg) => entries.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  };
}

function appliedMigrations(entries: LogEntry[]): unknown {
  return entries.find((e) => e.msg === 'store ready')?.obj['migrationsApplied'];
}

export function describeStoreContract(label: string, createHarness: () => Promise<StoreHarness>): void {
  describe(label, () => {
    let harness: StoreHarness | undefined;
    let store: Store | undefined;
    const firstOpenLog: LogEntry[] = [];
    const getStore = (): Store => {
      if (!store) throw new Error('store did not open');
      return store;
    };

    beforeAll(async () => {
      harness = await createHarness();
      store = await harness.open(recordingLog(firstOpenLog));
    });
    afterAll(async () => {
      await store?.close();
      await harness?.dispose();
    });

    test('answers a readiness ping', async () => {
      await expect(getStore().ping()).resolves.toBeUndefined();
    });

    defineRecordTests(getStore);
    defineCoordinationTests(getStore);
    defineAuditTests(getStore);
    defineNotifyTests(getStore);
    defineNotifyAnnouncementTests(getStore);
    definePendingLeaseTests(getStore);

    // Last: it replaces the store the other tests use.
    test('keeps its data across close and reopen, and applies each migration once', async () => {
      const s = getStore();
      await s.setSetting('reopen-marker', { n: 1 });
      await s.upsertConversation({ platform: 'teams', conversationKey: 'reopen', reference: { id: 'c1' } });
      await s.appendAudit({ actor: { platform: 'teams', userId: 'reopen' }, action: 'retry', result: 'ok' });
      await s.close();
      await s.close(); // closing twice is harmless

      const secondOpenLog: LogEntry[] = [];
      store = await harness!.open(recordingLog(secondOpenLog));
      expect(await store.getSetting('reopen-marker')).toEqual({ n: 1 });
      expect((await store.getConversation('teams', 'reopen'))?.reference).toEqual({ id: 'c1' });
      expect(await store.queryAudit({ actor: { platform: 'teams', userId: 'reopen' } })).toHaveLength(1);
      expect(appliedMigrations(firstOpenLog)).toEqual(loadMigrations().map((m) => m.version));
      expect(appliedMigrations(secondOpenLog)).toEqual([]);
    });
  });
}
