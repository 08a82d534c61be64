// Contract: plain records (conversation references, digest subscriptions, snapshots and snoozes, settings, pending
// operations, the payload stash).
import { randomUUID } from 'node:crypto';
import { type DigestDays, type DigestSubscription, type Store, StoreInputError } from '../../../src/store';
import { at, DAY, digestInput, HOUR, later, MINUTE, runOf } from '../support/digests';

export function defineRecordTests(getStore: () => Store): void {
  test('upserts, lists and deletes conversation references', async () => {
    const s = getStore();
    const key = `conv-${randomUUID()}`;
    const first = await s.upsertConversation({
      platform: 'teams',
      conversationKey: key,
      reference: { serviceUrl: 'https://smba.example/emea/', conversation: { id: key } },
      tenantId: 'tenant-1',
      channel: 'General',
    });
    expect(first).toMatchObject({ platform: 'teams', conversationKey: key, tenantId: 'tenant-1', channel: 'General' });

    const second = await s.upsertConversation({ platform: 'teams', conversationKey: key, reference: { v: 2 } });
    expect(second.reference).toEqual({ v: 2 });
    expect(second.tenantId).toBeNull();
    expect(second.createdAt.getTime()).toBe(first.createdAt.getTime());
    expect(second.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());

    await s.upsertConversation({ platform: 'slack', conversationKey: key, reference: { channel: 'C1' } });
    expect(await s.getConversation('teams', key)).toEqual(second);
    expect((await s.listConversations('slack')).map((c) => c.conversationKey)).toContain(key);
    expect((await s.listConversations('teams')).every((c) => c.platform === 'teams')).toBe(true);
    expect((await s.listConversations()).filter((c) => c.conversationKey === key)).toHaveLength(2);

    expect(await s.deleteConversation('teams', key)).toBe(true);
    expect(await s.deleteConversation('teams', key)).toBe(false);
    expect(await s.getConversation('teams', key)).toBeUndefined();
    expect(await s.getConversation('slack', key)).toBeDefined();
  });

  test('creates and replaces a conversation digest, keeping what runs and the scheduler recorded', async () => {
    const s = getStore();
    const input = digestInput({ createdBy: { platform: 'slack', userId: 'U1' } });
    const created = await s.upsertDigestSubscription(input);
    const { at: createdAt, ...fields } = input;
    const expected: DigestSubscription = {
      ...fields,
      createdAt,
      updatedAt: createdAt,
      pausedAt: null,
      pausedReason: null,
      lastRun: null,
      lastSnapshotAt: null,
      notes: {},
    };
    expect(created).toEqual({ subscription: expected });
    expect(await s.getDigestSubscription('slack', input.conversationKey)).toEqual(expected);

    // A run records itself and its snapshot; the scheduler leaves a note; then the digest is paused.
    const run = runOf(created.subscription);
    await s.claimDigestRun(run, 'replica-a', later(run.dueAt, 1000), MINUTE);
    const finishedAt = later(run.dueAt, 5000);
    const nextRunAt = later(run.dueAt, DAY);
    const finish = { status: 'posted', late: false, finishedAt, nextRunAt, snapshotAt: run.dueAt } as const;
    expect(await s.finishDigestRun(run, 'replica-a', finish)).toBe(true);
    expect(await s.setDigestNotes('slack', input.conversationKey, { toldCreator: 'not-in-channel' })).toBe(true);
    const pausedAt = later(run.dueAt, HOUR);
    expect(await s.pauseDigestSubscription('slack', input.conversationKey, 'The bot was removed', pausedAt)).toBe(true);
    const before = await s.getDigestSubscription('slack', input.conversationKey);
    const lastRun = { dueAt: run.dueAt, finishedAt, status: 'posted', detail: null, late: false };
    expect(before).toEqual({
      ...expected,
      nextRunAt,
      pausedAt,
      pausedReason: 'The bot was removed',
      lastRun,
      lastSnapshotAt: run.dueAt,
      notes: { toldCreator: 'not-in-channel' },
    });

    const change = digestInput({
      platform: 'slack',
      conversationKey: input.conversationKey,
      address: { channel: 'C-moved' },
      time: '17:30',
      timezone: 'America/New_York',
      days: 'daily',
      quiet: true,
      filters: { vault: 'rsv-dev', workload: 'SQL' },
      scopeKey: 'vault=rsv-dev;workload=SQL',
      createdBy: { platform: 'slack', userId: 'U2', name: null },
      nextRunAt: at('2030-03-05T22:30:00.000Z'),
      at: at('2030-03-05T09:00:00.000Z'),
    });
    const replaced = await s.upsertDigestSubscription(change);
    const { at: changedAt, ...changed } = change;
    expect(replaced.previous).toEqual(before);
    expect(replaced.subscription).toEqual({
      ...before,
      ...changed,
      updatedAt: changedAt,
      pausedAt: null,
      pausedReason: null,
    });
    expect(await s.getDigestSubscription('slack', input.conversationKey)).toEqual(replaced.subscription);

    expect(await s.setDigestNotes('slack', `${input.conversationKey}-none`, {})).toBe(false);
    expect(await s.pauseDigestSubscription('teams', input.conversationKey, 'x', pausedAt)).toBe(false);
    expect(await s.getDigestSubscription('teams', input.conversationKey)).toBeUndefined();
  });

  test('lists digests by platform and conversation, and deletes one with its runs and snoozes', async () => {
    const s = getStore();
    const key = `list-${randomUUID()}`;
    for (const [platform, suffix] of [
      ['teams', 'b'],
      ['slack', 'b'],
      ['teams', 'a'],
    ] as const) {
      await s.upsertDigestSubscription(digestInput({ platform, conversationKey: `${key}-${suffix}` }));
    }
    const mine = (list: DigestSubscription[]) =>
      list.filter((d) => d.conversationKey.startsWith(key)).map((d) => `${d.platform}:${d.conversationKey}`);
    expect(mine(await s.listDigestSubscriptions())).toEqual([`slack:${key}-b`, `teams:${key}-a`, `teams:${key}-b`]);
    expect(mine(await s.listDigestSubscriptions({ platform: 'teams' }))).toEqual([`teams:${key}-a`, `teams:${key}-b`]);

    const sub = (await s.getDigestSubscription('teams', `${key}-a`))!;
    const run = runOf(sub);
    const now = later(run.dueAt, 1000);
    expect(await s.claimDigestRun(run, 'replica-a', now, MINUTE)).toEqual({ claimed: true, attempt: 1 });
    const snooze = {
      itemKey: '/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-01',
      itemName: 'vm-01',
      until: later(now, DAY),
      createdBy: { platform: 'teams', userId: 'u1' },
      createdAt: now,
    };
    await s.putSnooze({ platform: 'teams', conversationKey: `${key}-a`, ...snooze });
    await s.putSnooze({ platform: 'teams', conversationKey: `${key}-b`, ...snooze });

    expect(await s.deleteDigestSubscription('teams', `${key}-a`)).toBe(true);
    expect(await s.deleteDigestSubscription('teams', `${key}-a`)).toBe(false);
    expect(await s.getDigestSubscription('teams', `${key}-a`)).toBeUndefined();
    expect(await s.listSnoozes('teams', `${key}-a`, now)).toEqual([]);
    expect(await s.listSnoozes('teams', `${key}-b`, now)).toHaveLength(1);
    // The run record went too: the occurrence is a new one to claim (attempt 1), not replica-a's running run.
    expect(await s.claimDigestRun(run, 'replica-b', now, MINUTE)).toEqual({ claimed: true, attempt: 1 });
    expect(mine(await s.listDigestSubscriptions())).toEqual([`slack:${key}-b`, `teams:${key}-b`]);
  });

  test('rejects digest settings the user can fix, naming the problem, and stores nothing', async () => {
    const s = getStore();
    const input = digestInput();
    await expect(s.upsertDigestSubscription({ ...input, time: '8am' })).rejects.toThrow(
      new StoreInputError('time must be a 24-hour time like 08:00, not "8am"'),
    );
    await expect(s.upsertDigestSubscription({ ...input, time: '24:00' })).rejects.toBeInstanceOf(StoreInputError);
    await expect(s.upsertDigestSubscription({ ...input, timezone: 'Mars/Olympus' })).rejects.toThrow(
      /unknown time zone "Mars\/Olympus"/,
    );
    const monthly = { ...input, days: 'monthly' as DigestDays };
    await expect(s.upsertDigestSubscription(monthly)).rejects.toThrow(/days must be daily or weekdays/);
    const noDate = { ...input, nextRunAt: new Date(Number.NaN) };
    await expect(s.upsertDigestSubscription(noDate)).rejects.toThrow(/nextRunAt is not a valid Date/);
    const noUser = { ...input, createdBy: { platform: 'slack', userId: '' } };
    await expect(s.upsertDigestSubscription(noUser)).rejects.toBeInstanceOf(StoreInputError);
    expect(await s.getDigestSubscription(input.platform, input.conversationKey)).toBeUndefined();
  });

  test('keeps the digest snapshots a digest points at or that are recent, and reports their size', async () => {
    const s = getStore();
    // 1980s times: no other test has snapshots that old, so the purge below touches only these.
    const scopeKey = `scope-${randomUUID()}`;
    const [pointed, orphan, recent] = ['1985-01-01', '1985-01-02', '1985-01-03'].map((d) => at(`${d}T07:00:00Z`));
    const state = (n: number) => ({ failing: Array.from({ length: n }, (_, i) => `/vm-${i}`), vaults: { v: true } });
    const bytesBefore = await s.digestSnapshotBytes();
    await s.putDigestSnapshot(scopeKey, pointed!, state(1));
    await s.putDigestSnapshot(scopeKey, orphan!, state(2));
    await s.putDigestSnapshot(scopeKey, orphan!, state(3)); // the same snapshot again replaces it
    await s.putDigestSnapshot(scopeKey, recent!, state(4));
    expect(await s.getDigestSnapshot(scopeKey, orphan!)).toEqual(state(3));
    expect(await s.getDigestSnapshot(scopeKey, later(orphan!, 1))).toBeUndefined();
    const bytesWith = await s.digestSnapshotBytes();
    expect(bytesWith).toBeGreaterThan(bytesBefore);

    const sub = (await s.upsertDigestSubscription(digestInput({ scopeKey, nextRunAt: pointed! }))).subscription;
    const run = runOf(sub);
    await s.claimDigestRun(run, 'replica-a', pointed!, MINUTE);
    const finish = {
      status: 'quiet',
      late: false,
      finishedAt: pointed!,
      nextRunAt: orphan!,
      snapshotAt: pointed!,
    } as const;
    expect(await s.finishDigestRun(run, 'replica-a', finish)).toBe(true);

    expect(await s.purgeDigestSnapshots(recent!)).toBe(1);
    expect(await s.getDigestSnapshot(scopeKey, orphan!)).toBeUndefined();
    expect(await s.getDigestSnapshot(scopeKey, pointed!)).toEqual(state(1));
    expect(await s.getDigestSnapshot(scopeKey, recent!)).toEqual(state(4));
    const bytesAfter = await s.digestSnapshotBytes();
    expect(bytesAfter).toBeLessThan(bytesWith);
    expect(bytesAfter).toBeGreaterThan(bytesBefore);

    // Once no digest points at it, an old snapshot goes too.
    await s.deleteDigestSubscription(sub.platform, sub.conversationKey);
    expect(await s.purgeDigestSnapshots(later(recent!, 1))).toBe(2);
    expect(await s.digestSnapshotBytes()).toBe(bytesBefore);
  });

  test('snoozes items until a time, lists those in force soonest first, and purges the expired', async () => {
    const s = getStore();
    // 1980s times: purgeExpiredSnoozes below then deletes only this test's snoozes.
    const now = at('1986-05-01T12:00:00.000Z');
    const where = { platform: 'teams', conversationKey: `snooze-${randomUUID()}` };
    const createdBy = { platform: 'teams', userId: 'u1', name: 'Ada' };
    const snooze = (item: string, untilMs: number) => ({
      ...where,
      itemKey: `/subscriptions/s1/providers/microsoft.compute/virtualmachines/${item}`,
      itemName: item.toUpperCase(),
      until: later(now, untilMs),
      createdBy,
      createdAt: now,
    });
    const a = snooze('vm-a', 2 * DAY);
    const b = snooze('vm-b', HOUR);
    const gone = snooze('vm-c', 0);
    expect(await s.putSnooze(a)).toEqual(a);
    await s.putSnooze(b);
    await s.putSnooze(gone);
    await s.putSnooze({ ...a, conversationKey: `${where.conversationKey}-other` });
    expect(await s.listSnoozes(where.platform, where.conversationKey, now)).toEqual([b, a]);

    const again = { ...a, until: later(now, 30 * MINUTE), createdBy: { platform: 'teams', userId: 'u2' } };
    expect(await s.putSnooze(again)).toEqual(again);
    expect(await s.listSnoozes(where.platform, where.conversationKey, now)).toEqual([again, b]);
    expect(await s.listSnoozes(where.platform, where.conversationKey, later(now, HOUR))).toEqual([]);

    expect(await s.purgeExpiredSnoozes(now)).toBe(1);
    expect(await s.deleteSnooze(where.platform, where.conversationKey, gone.itemKey)).toBe(false);
    expect(await s.deleteSnooze(where.platform, where.conversationKey, b.itemKey)).toBe(true);
    expect(await s.listSnoozes(where.platform, where.conversationKey, now)).toEqual([again]);
    expect(await s.purgeExpiredSnoozes(later(now, 2 * DAY))).toBe(2);
    expect(await s.listSnoozes(where.platform, `${where.conversationKey}-other`, now)).toEqual([]);
  });

  test('stores JSON settings, telling a stored null from a missing key', async () => {
    const s = getStore();
    const key = `setting-${randomUUID()}`;
    expect(await s.getSetting(key)).toBeUndefined();
    await s.setSetting(key, { subscriptions: ['a', 'b'], limit: 3, nested: { ok: true } });
    expect(await s.getSetting(key)).toEqual({ subscriptions: ['a', 'b'], limit: 3, nested: { ok: true } });
    await s.setSetting(key, 'plain string');
    expect(await s.getSetting(key)).toBe('plain string');
    await s.setSetting(key, null);
    expect(await s.getSetting(key)).toBeNull();
    await expect(s.setSetting(key, undefined)).rejects.toBeInstanceOf(StoreInputError);
    expect(await s.deleteSetting(key)).toBe(true);
    expect(await s.deleteSetting(key)).toBe(false);
    expect(await s.getSetting(key)).toBeUndefined();
  });

  test('keeps pending operations until they are deleted', async () => {
    const s = getStore();
    const kind = `kind-${randomUUID()}`;
    const a = await s.upsertPendingOperation({ id: `op-a-${kind}`, kind, state: { jobId: 'j1', polls: 0 } });
    const b = await s.upsertPendingOperation({ id: `op-b-${kind}`, kind, state: { jobId: 'j2' } });
    await s.upsertPendingOperation({ id: `op-c-${kind}`, kind: `${kind}-other`, state: {} });

    const moved = await s.upsertPendingOperation({ id: a.id, kind, state: { jobId: 'j1', polls: 1 } });
    expect(moved.state).toEqual({ jobId: 'j1', polls: 1 });
    expect(moved.createdAt.getTime()).toBe(a.createdAt.getTime());
    expect(moved.updatedAt.getTime()).toBeGreaterThanOrEqual(a.updatedAt.getTime());
    expect(await s.getPendingOperation(a.id)).toEqual(moved);

    // Oldest update first: a was touched last. PostgreSQL's clock counts microseconds and a Date milliseconds, so
    // when both land in one millisecond the rows' order is the database's (by microsecond, then id), not ours to know.
    expect(moved.updatedAt.getTime()).toBeGreaterThanOrEqual(b.updatedAt.getTime());
    const listed = (await s.listPendingOperations(kind)).map((o) => o.id);
    if (moved.updatedAt.getTime() > b.updatedAt.getTime()) expect(listed).toEqual([b.id, a.id]);
    else expect([...listed].sort()).toEqual([a.id, b.id].sort());
    expect(await s.deletePendingOperation(a.id)).toBe(true);
    expect(await s.deletePendingOperation(a.id)).toBe(false);
    expect((await s.listPendingOperations(kind)).map((o) => o.id)).toEqual([`op-b-${kind}`]);
    expect((await s.listPendingOperations()).some((o) => o.kind === `${kind}-other`)).toBe(true);
  });

  test('stashes payloads behind ids until they expire, and bounds how many it keeps', async () => {
    const s = getStore();
    const id = `stash-${randomUUID()}`;
    await s.putStashEntry(id, { c: 'retry a b c', items: ['a', 'b'] }, 60_000);
    expect(await s.getStashEntry(id)).toEqual({ c: 'retry a b c', items: ['a', 'b'] });
    expect(await s.getStashEntry(`${id}-unknown`)).toBeUndefined();
    await s.putStashEntry(`${id}-short`, 'soon gone', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await s.getStashEntry(`${id}-short`)).toBeUndefined();
    await expect(s.putStashEntry(`${id}-bad`, 'x', 0)).rejects.toThrow(StoreInputError);
    expect(await s.purgeExpiredStash()).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await s.putStashEntry(`${id}-newest`, 'kept', 60_000);
    await s.purgeExpiredStash(1);
    expect(await s.getStashEntry(`${id}-newest`)).toBe('kept');
    expect(await s.getStashEntry(id)).toBeUndefined();
  });
}
