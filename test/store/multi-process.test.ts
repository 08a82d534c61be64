// Two bot processes sharing one PostgreSQL: nothing written is lost or doubled, and each key and digest run has one
// owner.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openStore, type Store } from '../../src/store';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const TSX = path.join(__dirname, '../../node_modules/.bin/tsx');
const WORKER = path.join(__dirname, 'fixtures/race-worker.ts');
const AUDITS = 150;
const KEYS = 60;
// The occurrence race-worker.ts claims for each key, at that same scheduler time.
const DUE_AT = new Date('2030-01-01T07:00:00.000Z');

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  done: Promise<string>;
}

function startWorker(url: string, name: string, keyPrefix: string): Worker {
  const child = spawn(TSX, [WORKER, url, name, String(AUDITS), String(KEYS), keyPrefix], { stdio: 'pipe' });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${name} exited ${code}: ${err}`))));
  });
  // If the worker dies before it is ready, let the test fail on `done` rather than hang on `ready`.
  done.catch(() => markReady());
  return { child, ready, done };
}

describe('two processes on one PostgreSQL', () => {
  let db: TestDatabase;
  let store: Store | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await store?.close();
    await db.drop();
  });

  test('race for idempotency keys and digest runs and append audits, losing, doubling or sharing nothing', async () => {
    const prefix = `race-${randomUUID()}`;
    // Both start on an empty database, so they also race to apply the migrations.
    const workers = [startWorker(db.url, 'alpha', prefix), startWorker(db.url, 'beta', prefix)];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin.end('go\n');
    const outputs = await Promise.all(workers.map((w) => w.done));
    const [alpha, beta] = outputs.map(
      (o) => JSON.parse(o.split('\n')[1]!) as { claimed: string[]; claimedRuns: string[] },
    );

    const allClaimed = [...alpha!.claimed, ...beta!.claimed].sort();
    const expectedKeys = Array.from({ length: KEYS }, (_, i) => `${prefix}:${i}`).sort();
    expect(allClaimed).toEqual(expectedKeys); // every key once, by exactly one of them
    expect([...alpha!.claimedRuns, ...beta!.claimedRuns].sort()).toEqual(expectedKeys); // every run once, too

    store = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' });
    for (const [name, claimed] of [
      ['alpha', alpha!.claimed],
      ['beta', beta!.claimed],
    ] as const) {
      const records = await store.queryAudit({ actor: { platform: 'test', userId: name }, limit: 1000 });
      const targets = records.map((r) => r.target).sort();
      expect(targets).toEqual(Array.from({ length: AUDITS }, (_, i) => `${name}:${i}`).sort());
      for (const key of claimed) expect((await store.getIdempotencyKey(key))?.owner).toBe(name);
    }
    for (const [name, runs] of [
      ['alpha', alpha!.claimedRuns],
      ['beta', beta!.claimedRuns],
    ] as const) {
      // Anyone claiming the run now is told which worker holds it.
      for (const key of runs) {
        const seen = await store.claimDigestRun(
          { platform: 'test', conversationKey: key, dueAt: DUE_AT },
          'check',
          DUE_AT,
          1,
        );
        expect(seen).toEqual({ claimed: false, state: 'running', owner: name, abandoned: false });
      }
    }
  }, 60_000);
});
