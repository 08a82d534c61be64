// Contract: the audit log filtered by scope inside the query (so other records cannot push a reader's out of the
// newest rows), and refusals limited per person and window, the rest counted in one summary record.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../../src/store';

export function defineAuditTests(getStore: () => Store): void {
  test('filters audit records by scope before the limit: vault or datasource scope, or the ARM id in target', async () => {
    const s = getStore();
    const sub = randomUUID();
    const other = randomUUID();
    const actor = { platform: 'slack', userId: `U-${randomUUID()}` };
    const base = { actor, action: 'retry', result: 'started' };
    const t0 = Date.parse('2026-03-01T10:00:00.000Z');
    const mine = [
      { target: 'a', details: { subscriptionId: sub.toUpperCase(), resourceGroup: 'RG-App' } },
      {
        target: 'b',
        details: { subscriptionId: other, datasourceScope: { subscriptionId: sub, resourceGroup: 'rg-app' } },
      },
      { target: `/subscriptions/${sub}/resourceGroups/rg-app/providers/x/y/z` },
    ];
    for (const [i, m] of mine.entries()) await s.appendAudit({ ...base, ...m, at: new Date(t0 + i) });
    // Newer records elsewhere, more than the limit: a reader of rg-app still gets all three of theirs.
    for (let i = 0; i < 5; i++) {
      await s.appendAudit({
        ...base,
        target: `x${i}`,
        details: { subscriptionId: sub, resourceGroup: 'rg-db' },
        at: new Date(t0 + 10 + i),
      });
    }
    await s.appendAudit({ ...base, target: 'denied-by-name', result: 'denied', at: new Date(t0 + 20) });
    const rgApp = await s.queryAudit({ actor, scopes: [{ subscriptionId: sub, resourceGroup: 'rg-app' }], limit: 3 });
    expect(rgApp.map((r) => r.target)).toEqual([mine[2]!.target, 'b', 'a']);
    const wholeSub = await s.queryAudit({ actor, scopes: [{ subscriptionId: sub.toUpperCase() }] });
    expect(wholeSub).toHaveLength(8);
    expect(await s.queryAudit({ actor, scopes: [] })).toEqual([]);
    expect(await s.queryAudit({ actor })).toHaveLength(9);
  });

  test('writes at most max refusals per person and window; the rest are counted in one summary record', async () => {
    const s = getStore();
    const eve = { platform: 'slack', userId: `U-${randomUUID()}`, name: 'Eve' };
    const ana = { platform: 'slack', userId: `U-${randomUUID()}`, name: 'Ana' };
    const t0 = Date.parse('2026-03-01T10:00:00.000Z');
    const limit = { max: 3, windowMs: 60_000 };
    const refuse = (actor: typeof eve, ms: number) =>
      s.appendAuditLimited(
        {
          actor,
          action: 'retry',
          result: 'denied',
          target: 'vm',
          details: { reason: 'not listed' },
          at: new Date(t0 + ms),
        },
        limit,
      );
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await refuse(eve, i * 100));
    expect(answers.filter((a) => a === 'recorded')).toHaveLength(3);
    expect(await refuse(ana, 5_000)).toBe('recorded'); // per person
    const eves = await s.queryAudit({ actor: eve });
    expect(eves.map((r) => r.result)).toEqual(['denied-repeated', 'denied', 'denied', 'denied']);
    expect(eves[0]?.details).toMatchObject({
      reason: 'not listed',
      count: 47,
      first: new Date(t0 + 300).toISOString(),
      last: new Date(t0 + 4_900).toISOString(),
    });
    // A minute after the first refusals, they are written one by one again.
    expect(await refuse(eve, 61_000)).toBe('recorded');
    // Together, from two connections at once: still max per window.
    const later = t0 + 10 * 60_000;
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => refuse(eve, later + i)));
    expect(burst.filter((a) => a === 'recorded')).toHaveLength(3);
    const since = new Date(later);
    const window = await s.queryAudit({ actor: eve, since });
    expect(window.filter((r) => r.result === 'denied')).toHaveLength(3);
    expect(
      window.filter((r) => r.result === 'denied-repeated').map((r) => (r.details as { count: number }).count),
    ).toEqual([9]);
  });
}
