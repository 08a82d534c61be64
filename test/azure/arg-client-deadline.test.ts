// The Resource Graph client under an asker's deadline (ArgQuery.deadline), against the stand-in's faults over real
// HTTP: a hang and a long Retry-After end by the deadline (nothing came: DeadlineExceededError, for core's timed-out
// card), a server that stops mid-way gives the pages it sent labelled partial, and what a query held is freed.
import type { ArgDeadline, ArgResult } from '../../src/azure/arg-types';
import { DeadlineExceededError } from '../../src/core/deadline';
import type { SimHandle } from '../../src/sim/server/types';
import { createStandInArgClient, useArgStandIn } from './arg-client-estate';

const ROWS = 'Resources | project id, name, subscriptionId, tenantId';
let sim: SimHandle;
useArgStandIn(
  (started) => {
    sim = started;
  },
  () => sim,
);

/** A deadline `ms` from now, on real time (the stand-in answers on real time). */
function deadlineIn(ms: number): ArgDeadline & { dispose(): void } {
  const at = Date.now() + ms;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('deadline')), ms);
  return {
    signal: controller.signal,
    remainingMs: () => Math.max(0, at - Date.now()),
    dispose: () => clearTimeout(timer),
  };
}

/**
 * Waits until the stand-in has logged every request sent so far: a connection the client gave up on at the deadline
 * is still logged by the stand-in when its fault ends, and would land in the next test's request log.
 */
async function standInQuiet(): Promise<void> {
  let seen = -1;
  for (;;) {
    const now = sim.admin.requests().length;
    if (now === seen) return;
    seen = now;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const client = (overrides = {}) =>
  createStandInArgClient(
    sim,
    { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 5, budgetMs: 60_000 },
    // Request timeout and retry budget far beyond the deadline: only the deadline can end these answers early.
    { requestTimeoutMs: 30_000, verifySubscriptions: false, ...overrides },
  );
const kinds = (r: ArgResult): string[] => r.partial.map((p) => p.kind);

test('Resource Graph hangs: at the deadline the query gives up (nothing came), and its slot is free again', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', timeoutMs: 'forever' }] });
  const arg = client({ concurrency: 1 });
  const deadline = deadlineIn(1_500);
  const started = Date.now();
  await expect(arg.query({ kql: ROWS, deadline })).rejects.toThrow(DeadlineExceededError);
  deadline.dispose();
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(1_400);
  expect(took).toBeLessThan(6_000);

  // With one concurrency slot, a query that still held it would wait 30 s behind the hung request.
  sim.admin.clearFaults();
  const next = Date.now();
  const healthy = await arg.query({ kql: `${ROWS} | where name == 'vm-7'` });
  expect(healthy.rows).toHaveLength(1);
  expect(Date.now() - next).toBeLessThan(5_000);
  arg.close();
});

test('Resource Graph trickles its answer (headers, then a few bytes at a time for 30 s): the query gives up at the deadline', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', trickleMs: 30_000 }] });
  const deadline = deadlineIn(1_500);
  const started = Date.now();
  await expect(client().query({ kql: ROWS, deadline })).rejects.toThrow(DeadlineExceededError);
  deadline.dispose();
  expect(Date.now() - started).toBeLessThan(6_000);
});

test('Resource Graph drops every connection: retried until the deadline, never past it', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', timeoutMs: 50 }] });
  const deadline = deadlineIn(1_500);
  const started = Date.now();
  await expect(
    client({ retry: { baseDelayMs: 100, maxDelayMs: 200, maxAttempts: 100, budgetMs: 60_000 } }).query({
      kql: ROWS,
      deadline,
    }),
  ).rejects.toThrow(DeadlineExceededError);
  deadline.dispose();
  expect(Date.now() - started).toBeLessThan(6_000);
  expect(sim.admin.requests({ endpoint: 'arg' }).length).toBeGreaterThan(1);
  await standInQuiet();
});

test('a 429 with Retry-After: 120 is not waited out: the query gives up at once, saying how long Azure asked', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', throttleNext: 1, retryAfterSeconds: 120 }] });
  const deadline = deadlineIn(5_000);
  const started = Date.now();
  const arg = client();
  const failed = await arg.query({ kql: ROWS, deadline }).catch((err: unknown) => err);
  deadline.dispose();
  // Waiting would pass the deadline, so the answer does not wait for the deadline either.
  expect(Date.now() - started).toBeLessThan(4_000);
  expect(failed).toBeInstanceOf(DeadlineExceededError);
  expect((failed as DeadlineExceededError).retryAfterMs).toBe(120_000);
  expect(sim.admin.requests({ endpoint: 'arg' }).map((r) => r.status)).toEqual([429]);

  // The next question of the same identity is held back by that pause: told at once, without asking Azure again.
  const next = deadlineIn(5_000);
  const held = await arg.query({ kql: `${ROWS} | where name == 'vm-9'`, deadline: next }).catch((err: unknown) => err);
  next.dispose();
  expect(held).toBeInstanceOf(DeadlineExceededError);
  expect((held as DeadlineExceededError).retryAfterMs).toBeGreaterThan(100_000);
  expect(sim.admin.requests({ endpoint: 'arg' })).toHaveLength(1);
});

test('a 429 storm with a short Retry-After is still waited out within the deadline: a complete answer', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', throttleNext: 2, retryAfterSeconds: 1 }] });
  const deadline = deadlineIn(10_000);
  const result = await client().query({ kql: `${ROWS} | where name startswith 'vm-1'`, deadline });
  deadline.dispose();
  expect(result.partial).toEqual([]);
  expect(result.rows.length).toBeGreaterThan(0);
});

test('pages read before Resource Graph stops answering are kept: a partial answer saying how many were read', async () => {
  // The first page (1,000 of 2,500 rows) comes; every request after it hangs.
  sim.admin.setFaults({ rules: [{ target: 'arg', afterRequests: 1, timeoutMs: 'forever' }] });
  const deadline = deadlineIn(3_000);
  const result = await client().query({ kql: ROWS, deadline });
  deadline.dispose();
  expect(result.rows).toHaveLength(1_000);
  expect(kinds(result)).toEqual(['timeout']);
  expect(result.partial[0]?.detail).toMatch(/only its first 1000 rows were read/);
});

test('streamed pages stop at the deadline too, ending with the timed-out note', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', afterRequests: 1, timeoutMs: 'forever' }] });
  const deadline = deadlineIn(3_000);
  let rows = 0;
  const notes: string[] = [];
  for await (const item of client().stream({ kql: ROWS, deadline })) {
    if (item.kind === 'page') rows += item.rows.length;
    else notes.push(...item.partial.map((p) => p.kind));
  }
  deadline.dispose();
  expect(rows).toBe(1_000);
  expect(notes).toEqual(['timeout']);
});

test('the shared list of visible subscriptions hangs: each asker stops waiting for it at its own deadline or signal', async () => {
  // Verifying subscriptions reads the identity's subscription list first (shared and cached); here it never answers.
  sim.admin.setFaults({ rules: [{ target: 'arg', timeoutMs: 'forever' }] });
  const arg = client({ verifySubscriptions: true });
  const first = deadlineIn(1_500);
  let started = Date.now();
  await expect(arg.query({ kql: ROWS, deadline: first })).rejects.toThrow(DeadlineExceededError);
  first.dispose();
  expect(Date.now() - started).toBeLessThan(6_000);

  // A second question joins the list's fetch still in flight, and stops at its own deadline too.
  const second = deadlineIn(1_500);
  started = Date.now();
  await expect(arg.query({ kql: `${ROWS} | where name == 'vm-7'`, deadline: second })).rejects.toThrow(
    DeadlineExceededError,
  );
  second.dispose();
  expect(Date.now() - started).toBeLessThan(6_000);

  // A streamed answer (an export) with only a signal, no deadline, stops waiting for the list when it aborts.
  started = Date.now();
  const consume = async () => {
    for await (const _ of arg.stream({ kql: ROWS, signal: AbortSignal.timeout(1_500) })) {
      // nothing comes
    }
  };
  await expect(consume()).rejects.toThrow();
  expect(Date.now() - started).toBeLessThan(6_000);
  // So does the list itself, asked for directly (the CLI's subscription names).
  started = Date.now();
  await expect(arg.listSubscriptions({ signal: AbortSignal.timeout(1_500) })).rejects.toThrow();
  expect(Date.now() - started).toBeLessThan(6_000);
  arg.close();
});

test("a question joining an identical one in flight is answered by its own deadline, not cut at the first asker's", async () => {
  // Every answer takes 2 s: longer than the first asker waits, well within the second's deadline.
  sim.admin.setFaults({ rules: [{ target: 'arg', latencyMs: 2_000 }] });
  const arg = client();
  const first = deadlineIn(1_000);
  const second = deadlineIn(8_000);
  const one = `${ROWS} | where name == 'vm-7'`;
  const asked = arg.query({ kql: one, deadline: first });
  const firstDone = expect(asked).rejects.toThrow(DeadlineExceededError);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const joined = await arg.query({ kql: one, deadline: second });
  await firstDone;
  first.dispose();
  second.dispose();
  expect(joined.partial).toEqual([]);
  expect(joined.rows).toHaveLength(1);
  arg.close();
});
