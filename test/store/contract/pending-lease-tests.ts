// Contract: pending operations under a lease on the caller's clock (who follows a backup job or an unconfirmed backup
// request): claimed by one replica at a time, renewed by its holder, taken over once the lease runs out.
import { randomUUID } from 'node:crypto';
import { type Store, StoreInputError } from '../../../src/store';

const T0 = new Date('2026-03-02T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

export function definePendingLeaseTests(getStore: () => Store): void {
  test('a pending operation is held by one replica until its lease runs out, then taken over', async () => {
    const s = getStore();
    const kind = `lease-${randomUUID()}`;
    const held = await s.upsertPendingOperation({
      id: `${kind}-1`,
      kind,
      state: { step: 'starting' },
      lease: { owner: 'replica-a', until: at(10_000) },
    });
    expect(held).toMatchObject({ owner: 'replica-a', leaseUntil: at(10_000) });
    await s.upsertPendingOperation({ id: `${kind}-free`, kind, state: {} });

    // Before the lease ends only the free row can be claimed.
    const first = await s.claimPendingOperations([kind], 'replica-b', at(5_000), 10_000);
    expect(first.map((o) => [o.id, o.owner, o.leaseUntil])).toEqual([[`${kind}-free`, 'replica-b', at(15_000)]]);
    expect(await s.claimPendingOperations([kind], 'replica-c', at(5_000), 10_000)).toEqual([]);
    // A lease that ran out cannot be renewed, even when nobody took it yet: the next claim decides.
    expect(await s.renewPendingOperations([`${kind}-free`], 'replica-b', at(15_000), 10_000)).toEqual([]);
    expect(await s.deletePendingOperation(`${kind}-free`)).toBe(true);

    // The holder renews; an updated state keeps its holder; a stranger renews nothing.
    expect(await s.renewPendingOperations([`${kind}-1`], 'replica-a', at(9_000), 10_000)).toEqual([`${kind}-1`]);
    await s.upsertPendingOperation({ id: `${kind}-1`, kind, state: { step: 'still starting' } });
    expect(await s.getPendingOperation(`${kind}-1`)).toMatchObject({ owner: 'replica-a', leaseUntil: at(19_000) });
    expect(await s.renewPendingOperations([`${kind}-1`], 'replica-b', at(9_000), 10_000)).toEqual([]);
    expect(await s.claimPendingOperations([kind], 'replica-b', at(18_000), 10_000)).toEqual([]);

    // replica-a stops renewing: at the lease's end replica-b takes it over, and replica-a can neither renew nor delete.
    const taken = await s.claimPendingOperations([kind], 'replica-b', at(19_000), 10_000);
    expect(taken.map((o) => [o.id, o.owner, o.state])).toEqual([
      [`${kind}-1`, 'replica-b', { step: 'still starting' }],
    ]);
    expect(await s.renewPendingOperations([`${kind}-1`], 'replica-a', at(19_500), 10_000)).toEqual([]);
    expect(await s.deletePendingOperation(`${kind}-1`, 'replica-a')).toBe(false);
    expect(await s.deletePendingOperation(`${kind}-1`, 'replica-b')).toBe(true);
    await expect(s.claimPendingOperations([kind], 'replica-b', at(0), 0)).rejects.toBeInstanceOf(StoreInputError);

    // A replica stopping gives its leases up: the next claim takes them at once, whatever the clock says.
    await s.upsertPendingOperation({
      id: `${kind}-2`,
      kind,
      state: {},
      lease: { owner: 'replica-a', until: at(90_000) },
    });
    expect(await s.releasePendingOperations([`${kind}-2`], 'replica-b')).toBe(0);
    expect(await s.releasePendingOperations([`${kind}-2`], 'replica-a')).toBe(1);
    expect((await s.claimPendingOperations([kind], 'replica-c', at(0), 10_000)).map((o) => o.id)).toEqual([
      `${kind}-2`,
    ]);
  });

  test('replicas claiming at once each get a different share, and every row goes to someone', async () => {
    const s = getStore();
    const kind = `race-${randomUUID()}`;
    const ids = Array.from({ length: 12 }, (_, i) => `${kind}-${String(i).padStart(2, '0')}`);
    for (const id of ids) await s.upsertPendingOperation({ id, kind, state: { id } });
    const claims = await Promise.all(
      ['a', 'b', 'c', 'd'].map((r) => s.claimPendingOperations([kind, `${kind}-other`], `replica-${r}`, T0, 60_000)),
    );
    const got = claims.flat().map((o) => o.id);
    expect(got.sort()).toEqual(ids);
    const owners = await s.listPendingOperations(kind);
    for (const [i, claim] of claims.entries()) {
      for (const op of claim) expect(owners.find((o) => o.id === op.id)?.owner).toBe(`replica-${'abcd'[i]}`);
    }
    // A limit bounds one claim; the rest wait for the next.
    const kind2 = `${kind}-limited`;
    for (const id of ['x', 'y', 'z']) await s.upsertPendingOperation({ id: `${kind2}-${id}`, kind: kind2, state: {} });
    expect(await s.claimPendingOperations([kind2], 'replica-a', T0, 60_000, 2)).toHaveLength(2);
    expect(await s.claimPendingOperations([kind2], 'replica-b', T0, 60_000, 2)).toHaveLength(1);
  });

  test('a backup request becomes its job in one step, only for the replica that still holds the request', async () => {
    const s = getStore();
    const kind = `replace-${randomUUID()}`;
    const lease = { owner: 'replica-a', until: at(10_000) };
    await s.upsertPendingOperation({ id: `${kind}-intent`, kind, state: { step: 'starting' }, lease });
    const job = {
      id: `${kind}-job`,
      kind: `${kind}-job`,
      state: { jobId: 'j-1' },
      lease: { ...lease, until: at(20_000) },
    };
    expect(await s.replacePendingOperation(`${kind}-intent`, 'replica-b', job)).toBe(false);
    expect(await s.getPendingOperation(`${kind}-job`)).toBeUndefined();
    expect(await s.replacePendingOperation(`${kind}-intent`, 'replica-a', job)).toBe(true);
    expect(await s.getPendingOperation(`${kind}-intent`)).toBeUndefined();
    expect(await s.getPendingOperation(`${kind}-job`)).toMatchObject({
      kind: `${kind}-job`,
      state: { jobId: 'j-1' },
      owner: 'replica-a',
      leaseUntil: at(20_000),
    });
    // Done once: a second replace of the same request writes nothing.
    expect(await s.replacePendingOperation(`${kind}-intent`, 'replica-a', { ...job, state: { jobId: 'other' } })).toBe(
      false,
    );
    expect((await s.getPendingOperation(`${kind}-job`))?.state).toEqual({ jobId: 'j-1' });
    await expect(s.replacePendingOperation(job.id, 'replica-a', job)).rejects.toBeInstanceOf(StoreInputError);
  });
}
