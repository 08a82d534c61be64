// The Resource Graph client's pure parts: quota headers and pacing, backoff, single-flight and cache expiry, the
// pageability check and subscription batching. The HTTP behaviour is tested against the stand-in in arg-client.test.ts.
import { SingleFlight, TtlCache } from '../../src/azure/arg/cache';
import { ArgQueryError } from '../../src/azure/arg/errors';
import { assertPageableKql } from '../../src/azure/arg/kql-check';
import { Limiter } from '../../src/azure/arg/limiter';
import { parseHms, QuotaGate, readQuotaHeaders } from '../../src/azure/arg/quota';
import { computeBackoffMs, DEFAULT_RETRY, nextRetryDelayMs, parseRetryAfterMs } from '../../src/azure/arg/retry';
import { chunk, planScope } from '../../src/azure/arg/scope';

describe('quota headers', () => {
  test('x-ms-user-quota-resets-after is hh:mm:ss', () => {
    expect(parseHms('00:00:03')).toBe(3000);
    expect(parseHms('01:02:03')).toBe(3_723_000);
    expect(parseHms('00:00:00.250')).toBe(250);
    expect(parseHms('1.00:00:00')).toBe(86_400_000);
    expect(parseHms('3 seconds')).toBeUndefined();
    expect(parseHms(undefined)).toBeUndefined();
  });

  test('both headers or nothing', () => {
    const headers: Record<string, string> = {
      'x-ms-user-quota-remaining': '10',
      'x-ms-user-quota-resets-after': '00:00:03',
    };
    expect(readQuotaHeaders((n) => headers[n])).toEqual({ remaining: 10, resetsAfterMs: 3000 });
    expect(readQuotaHeaders((n) => (n === 'x-ms-user-quota-remaining' ? '10' : undefined))).toBeUndefined();
    expect(readQuotaHeaders((n) => (n === 'x-ms-user-quota-remaining' ? 'lots' : '00:00:01'))).toBeUndefined();
  });
});

describe('quota pacing', () => {
  let clock = 0;
  const gate = (): QuotaGate => new QuotaGate({ lowWater: 2, minResetWaitMs: 0, now: () => clock });
  beforeEach(() => {
    clock = 1_000_000;
  });

  test('plenty left: no wait', () => {
    const g = gate();
    g.take();
    g.observe({ remaining: 10, resetsAfterMs: 5000 });
    expect(g.delayMs()).toBe(0);
  });

  test('few left: requests are spread over the rest of the window, before the quota reaches 0', () => {
    const g = gate();
    g.take();
    g.observe({ remaining: 2, resetsAfterMs: 3000 });
    // 2 left over 3 s: one every 1 s, not both at once.
    expect(g.delayMs()).toBe(1000);
    clock += 1000;
    expect(g.delayMs()).toBe(0);
    g.take();
    expect(g.delayMs()).toBeGreaterThan(0);
  });

  test('none left: wait for the reset, then go', () => {
    const g = gate();
    g.take();
    g.observe({ remaining: 0, resetsAfterMs: 4000 });
    expect(g.delayMs()).toBe(4000);
    clock += 4000;
    expect(g.delayMs()).toBe(0);
  });

  test('a 429 blocks the identity for the time asked', () => {
    const g = gate();
    g.take();
    g.observe(undefined);
    g.block(2500);
    expect(g.delayMs()).toBe(2500);
  });

  test('requests in flight count against what the answer says is left', () => {
    const g = gate();
    for (let i = 0; i < 4; i++) g.take();
    g.observe({ remaining: 4, resetsAfterMs: 5000 });
    // 3 still in flight: only 1 really left, so pace.
    expect(g.delayMs()).toBeGreaterThan(0);
  });
});

describe('retries', () => {
  const settings = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 5000 };

  test('backoff grows exponentially, is capped, and keeps a floor', () => {
    expect(computeBackoffMs(1, settings, () => 0)).toBe(50);
    expect(computeBackoffMs(1, settings, () => 1)).toBe(100);
    expect(computeBackoffMs(3, settings, () => 1)).toBe(400);
    expect(computeBackoffMs(10, settings, () => 1)).toBe(1000);
    expect(computeBackoffMs(10, settings, () => 0)).toBe(500);
  });

  test('Retry-After in seconds, ms headers, or an HTTP date', () => {
    const at = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs((n) => (n === 'retry-after' ? '3' : undefined))).toBe(3000);
    expect(parseRetryAfterMs((n) => (n === 'retry-after-ms' ? '1500' : undefined))).toBe(1500);
    expect(parseRetryAfterMs((n) => (n === 'retry-after' ? 'Wed, 01 Jan 2025 00:00:05 GMT' : undefined), at)).toBe(
      5000,
    );
    expect(parseRetryAfterMs(() => undefined)).toBeUndefined();
  });

  test('a throttled request waits at least what Azure asked', () => {
    const failure = { kind: 'throttled' as const, message: '', attempts: 1, retryAfterMs: 2000 };
    expect(nextRetryDelayMs(failure, 0, settings, () => 0)).toBe(2000);
    expect(nextRetryDelayMs(failure, 0, settings, () => 1)).toBe(2400);
  });

  test('gives up past the attempts, past the time budget, and at once for a bad query', () => {
    const server = { kind: 'server' as const, message: '', attempts: 1 };
    expect(nextRetryDelayMs(server, 0, settings)).toBeGreaterThan(0);
    expect(nextRetryDelayMs({ ...server, attempts: 4 }, 0, settings)).toBeUndefined();
    expect(nextRetryDelayMs(server, 4990, settings)).toBeUndefined();
    expect(nextRetryDelayMs({ ...server, kind: 'bad-request' }, 0, settings)).toBeUndefined();
    expect(
      nextRetryDelayMs({ kind: 'throttled', message: '', attempts: 1, retryAfterMs: 60_000 }, 0, settings),
    ).toBeUndefined();
    expect(DEFAULT_RETRY.maxAttempts).toBeGreaterThan(1);
  });
});

describe('single-flight and cache', () => {
  test('concurrent identical work runs once; the others share it', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    const work = async (): Promise<number> => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return 42;
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => flights.run('k', work)));
    expect(runs).toBe(1);
    expect(results.filter((r) => !r.shared)).toHaveLength(1);
    expect(results.every((r) => r.value === 42)).toBe(true);
    await flights.run('k', work);
    expect(runs).toBe(2);
  });

  test('a failure reaches every waiter and is not remembered', async () => {
    const flights = new SingleFlight<number>();
    const boom = async (): Promise<number> => {
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('boom');
    };
    const settled = await Promise.allSettled([flights.run('k', boom), flights.run('k', boom)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect((await flights.run('k', async () => 1)).value).toBe(1);
  });

  test('entries expire after the TTL and the oldest go first when full', () => {
    let clock = 0;
    const cache = new TtlCache<string>({ ttlMs: 30_000, maxEntries: 2, now: () => clock });
    cache.set('a', 'A');
    clock = 29_999;
    expect(cache.get('a')).toBe('A');
    clock = 30_000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('c', 'C');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe('C');
  });
});

describe('limiter', () => {
  test('never more than its capacity at once', async () => {
    const limiter = new Limiter(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const release = await limiter.acquire();
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        release();
      }),
    );
    expect(peak).toBe(2);
    expect(limiter.inUse).toBe(0);
  });
});

describe('pageability check', () => {
  const ok = (kql: string): void => expect(() => assertPageableKql(kql, 1000)).not.toThrow();
  const refused = (kql: string): void => expect(() => assertPageableKql(kql, 1000)).toThrow(ArgQueryError);

  test('queries that keep id or a typed column page', () => {
    ok(
      "RecoveryServicesResources | where type =~ 'microsoft.recoveryservices/vaults/backupjobs' | project id, properties",
    );
    ok('Resources | project vault = tostring(properties.vault), properties');
    ok('Resources | summarize count() by type');
    ok('Resources');
    ok("Resources | where name == 'a|b' | project id // , x");
    ok('Resources | project properties | extend n = tostring(properties.name)');
    ok('Resources | take 5');
  });

  test('queries that would stop silently are refused before any request', () => {
    refused('Resources | project properties, tags');
    refused('Resources | project p = properties.x');
    refused('Resources | project id, properties | project-away id');
    refused('Resources | project id | take 5000');
    refused('Resources | limit 2000');
  });
});

describe('subscription batching', () => {
  const identity = [{ tenantId: undefined, label: 'bot' }];
  const subs = Array.from({ length: 7 }, (_, i) => `0000000${i}-0000-0000-0000-000000000000`);

  test('chunks respect the batch size and the ARG cap of 1000', () => {
    expect(chunk(subs, 3).map((c) => c.length)).toEqual([3, 3, 1]);
    expect(
      chunk(
        Array.from({ length: 2500 }, (_, i) => i),
        5000,
      ).map((c) => c.length),
    ).toEqual([1000, 1000, 500]);
  });

  test('requested subscriptions the identity cannot see are reported, the rest batched', async () => {
    const visible = new Map(subs.slice(0, 5).map((s) => [s, { subscriptionId: s, tenantId: 't1', name: s }]));
    const plan = await planScope({ subscriptions: [...subs, subs[0] as string] }, identity, 2, async () => visible);
    expect(plan.units.map((u) => u.subscriptions?.length)).toEqual([2, 2, 1]);
    expect(plan.partial).toHaveLength(1);
    expect(plan.partial[0]?.kind).toBe('inaccessible-subscriptions');
    expect(plan.partial[0]?.subscriptions).toEqual(subs.slice(5));
  });

  test('no scope: one request per identity, no subscription list, nothing looked up', async () => {
    let lookups = 0;
    const plan = await planScope(undefined, [...identity, { tenantId: 't2', label: 'b' }], 100, async () => {
      lookups++;
      return undefined;
    });
    expect(plan.units).toHaveLength(2);
    expect(plan.units.every((u) => u.subscriptions === undefined)).toBe(true);
    expect(lookups).toBe(0);
  });

  test('subscriptions and management groups together are a programming error', async () => {
    await expect(
      planScope({ subscriptions: ['a'], managementGroups: ['m'] }, identity, 10, async () => undefined),
    ).rejects.toThrow(ArgQueryError);
  });
});
