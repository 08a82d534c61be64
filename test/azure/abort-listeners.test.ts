// Many waits on one signal leave one 'abort' listener on it, and none once they end: the units of a query over many
// subscription batches queue for the client's slots on the same signal, and many questions of one answer share its
// signal. A listener each piled up past Node's limit of 10 (MaxListenersExceededWarning) on long scopes.
import { getEventListeners } from 'node:events';
import { Limiter } from '../../src/azure/arg/limiter';
import { abortable, sleep, unlessAborted } from '../../src/azure/arg/retry';
import type { SimHandle } from '../../src/sim/server/types';
import { createStandInArgClient, SUBS, useArgStandIn } from './arg-client-estate';

const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;
const never = new Promise<never>(() => {});

test('fifty waiters for a slot on one signal: one listener while they wait, none once served', async () => {
  const limiter = new Limiter(1);
  const hold = await limiter.acquire();
  const controller = new AbortController();
  const waiting = Array.from({ length: 50 }, () => limiter.acquire(controller.signal));
  expect(listeners(controller.signal)).toBe(1);
  hold();
  for (const wait of waiting) (await wait)();
  expect(listeners(controller.signal)).toBe(0);
});

test('aborting the shared signal ends every wait on it (slots, sleeps, shared answers) and leaves no listener', async () => {
  const limiter = new Limiter(1);
  await limiter.acquire();
  const controller = new AbortController();
  const { signal } = controller;
  const waits = [
    ...Array.from({ length: 20 }, () => limiter.acquire(signal)),
    ...Array.from({ length: 20 }, () => sleep(60_000, signal)),
    ...Array.from({ length: 20 }, () => abortable(never, signal)),
  ];
  const stopped = Array.from({ length: 20 }, () => unlessAborted(never, signal));
  expect(listeners(signal)).toBe(1);
  controller.abort(new Error('given up'));
  for (const wait of waits) await expect(wait).rejects.toThrow('given up');
  expect(await Promise.all(stopped)).toEqual(stopped.map(() => undefined));
  expect(listeners(signal)).toBe(0);
  expect(limiter.inUse).toBe(1);
});

test('sleeps that end on their own take their listener with them', async () => {
  const controller = new AbortController();
  await Promise.all(Array.from({ length: 30 }, () => sleep(5, controller.signal)));
  expect(listeners(controller.signal)).toBe(0);
});

describe('through the Resource Graph client', () => {
  let sim: SimHandle;
  useArgStandIn(
    (started) => {
      sim = started;
    },
    () => sim,
  );

  test('many questions on one signal, queued behind one slot over many batches: one listener at most, none after', async () => {
    // Every answer takes a while, so the questions and their batches really queue.
    sim.admin.setFaults({ rules: [{ target: 'arg', latencyMs: 20 }] });
    const arg = createStandInArgClient(sim, { baseDelayMs: 5, maxDelayMs: 20 }, { concurrency: 1, batchSize: 1 });
    const controller = new AbortController();
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, listeners(controller.signal));
    }, 2);
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        arg.query({
          kql: `Resources | project id, name | where name == 'vm-${i}'`,
          scope: { subscriptions: SUBS },
          signal: controller.signal,
        }),
      ),
    );
    clearInterval(sampler);
    expect(answers.every((a) => a.partial.length === 0)).toBe(true);
    expect(most).toBe(1);
    expect(listeners(controller.signal)).toBe(0);
    arg.close();
  });
});

test('a wait registered on a signal already aborted ends at once and leaves no listener', async () => {
  const limiter = new Limiter(1);
  await limiter.acquire();
  const signal = AbortSignal.abort(new Error('too late'));
  await expect(limiter.acquire(signal)).rejects.toThrow('too late');
  await expect(abortable(never, signal)).rejects.toThrow('too late');
  expect(await unlessAborted(never, signal)).toBeUndefined();
  expect(listeners(signal)).toBe(0);
});
