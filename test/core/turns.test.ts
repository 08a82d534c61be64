// Turns on the event loop: heavy steps waiting for turns let a request that arrives meanwhile be answered between
// them, not after all of them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { takeTurn } from '../../src/core/turns';

/** Synchronous work standing for mapping rows or rendering a card. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

test('a request arriving while 40 heavy steps wait for turns is answered before most of them ran', async () => {
  let stepsDone = 0;
  let doneWhenAnswered = -1;
  const server = createServer((_req, res) => {
    doneWhenAnswered = stepsDone;
    res.end('ok');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    const { port } = server.address() as AddressInfo;
    const steps = Array.from({ length: 40 }, async () => {
      await takeTurn();
      busy(25);
      stepsDone += 1;
    });
    const answered = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    await Promise.all(steps);
    expect(await answered).toBe('ok');
    expect(stepsDone).toBe(40);
    // Without turns all 40 steps (a second of work) would run before the request is even read.
    expect(doneWhenAnswered).toBeGreaterThanOrEqual(0);
    expect(doneWhenAnswered).toBeLessThan(20);
  } finally {
    await new Promise((closed) => server.close(closed));
  }
});

test('turns are given in the order they were asked for', async () => {
  const order: number[] = [];
  await Promise.all(
    [0, 1, 2, 3, 4].map(async (n) => {
      await takeTurn();
      order.push(n);
    }),
  );
  expect(order).toEqual([0, 1, 2, 3, 4]);
});
