// Contract: records that coordinate replicas and time (idempotency keys, audit order, digest runs under leases).
import { randomUUID } from 'node:crypto';
import { type DigestRunResult, type DigestSubscription, type Store, StoreInputError } from '../../../src/store';
import { at, DAY, digestInput, HOUR, later, MINUTE, runOf } from '../support/digests';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineCoordinationTests(getStore: () => Store): void {
  test('grants an idempotency key once, shows the holder to everyone else, and frees it on release', async () => {
    const s = getStore();
    const key = `retry:${randomUUID()}`;
    const first = await s.claimIdempotencyKey(key, 'replica-a', 60_000, { command: 'retry vm-01' });
    expect(first.claimed).toBe(true);

    const second = await s.claimIdempotencyKey(key, 'replica-b', 60_000, { command: 'other' });
    expect(second).toMatchObject({
      claimed: false,
      existing: { key, owner: 'replica-a', payload: { command: 'retry vm-01' } },
    });
    expect(await s.claimIdempotencyKey(key, 'replica-a', 60_000)).toMatchObject({ claimed: false });

    expect(await s.setIdempotencyPayload(key, 'replica-b', { jobId: 'wrong' })).toBe(false);
    expect(await s.setIdempotencyPayload(key, 'replica-a', { jobId: 'job-42' })).toBe(true);
    expect((await s.getIdempotencyKey(key))?.payload).toEqual({ jobId: 'job-42' });

    expect(await s.releaseIdempotencyKey(key, 'replica-b')).toBe(false);
    expect(await s.releaseIdempotencyKey(key, 'replica-a')).toBe(true);
    expect(await s.getIdempotencyKey(key)).toBeUndefined();
    expect((await s.claimIdempotencyKey(key, 'replica-b', 60_000)).claimed).toBe(true);
    await expect(s.claimIdempotencyKey(key, 'replica-c', 0)).rejects.toBeInstanceOf(StoreInputError);
  });

  test('lets an expired idempotency key be claimed again and purges expired keys', async () => {
    const s = getStore();
    const key = `retry:${randomUUID()}`;
    const keeper = `retry:${randomUUID()}`;
    const claim = await s.claimIdempotencyKey(key, 'replica-a', 300);
    expect(claim.claimed).toBe(true);
    await s.claimIdempotencyKey(keeper, 'replica-a', 60_000);
    expect((await s.claimIdempotencyKey(key, 'replica-b', 300)).claimed).toBe(false);

    await sleep(450);
    expect(await s.getIdempotencyKey(key)).toBeUndefined();
    const again = await s.claimIdempotencyKey(key, 'replica-b', 300);
    expect(again.claimed).toBe(true);

    await sleep(450);
    expect(await s.purgeExpiredIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await s.releaseIdempotencyKey(key, 'replica-b')).toBe(false); // already purged
    expect((await s.getIdempotencyKey(keeper))?.owner).toBe('replica-a');
  });

  test('grants one of many simultaneous claims of the same key', async () => {
    const s = getStore();
    const key = `retry:${randomUUID()}`;
    const owners = Array.from({ length: 8 }, (_, i) => `replica-${i}`);
    const results = await Promise.all(owners.map((owner) => s.claimIdempotencyKey(key, owner, 60_000)));
    const winners = owners.filter((_, i) => results[i]!.claimed);
    expect(winners).toHaveLength(1);
    for (const r of results) if (!r.claimed) expect(r.existing.owner).toBe(winners[0]);
  });

  test('returns audit records newest first, filtered by actor, time and limit', async () => {
    const s = getStore();
    const actor = { platform: 'slack', userId: `U-${randomUUID()}`, name: 'Ada' };
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    for (const [offset, target] of [
      [2000, 'vm-c'],
      [0, 'vm-a'],
      [1000, 'vm-b'],
    ] as const) {
      await s.appendAudit({ at: new Date(t0.getTime() + offset), actor, action: 'retry', target, result: 'ok' });
    }
    // Same instant: the later insert counts as newer.
    const tie = new Date(t0.getTime() + 5000);
    await s.appendAudit({ at: tie, actor, action: 'retry', target: 'tie-1', result: 'denied' });
    const last = await s.appendAudit({
      at: tie,
      actor,
      channel: 'C42',
      action: 'retry',
      target: 'tie-2',
      result: 'failed',
      details: { error: 'UserErrorBackupOperationInProgress' },
      azureJobId: 'job-7',
    });
    expect(last).toMatchObject({ actor, channel: 'C42', azureJobId: 'job-7', at: tie });
    expect(last.details).toEqual({ error: 'UserErrorBackupOperationInProgress' });

    const all = await s.queryAudit({ actor });
    expect(all.map((r) => r.target)).toEqual(['tie-2', 'tie-1', 'vm-c', 'vm-b', 'vm-a']);
    const recent = await s.queryAudit({ actor, since: new Date(t0.getTime() + 1000) });
    expect(recent.map((r) => r.target)).toEqual(['tie-2', 'tie-1', 'vm-c', 'vm-b']);
    expect((await s.queryAudit({ actor, limit: 2 })).map((r) => r.target)).toEqual(['tie-2', 'tie-1']);
    expect(await s.queryAudit({ actor: { platform: 'teams', userId: actor.userId } })).toEqual([]);

    const stamped = await s.appendAudit({ actor: { platform: 'teams', userId: 'u' }, action: 'jobs', result: 'ok' });
    expect(Math.abs(stamped.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(stamped).toMatchObject({ channel: null, target: null, azureJobId: null, details: {} });
  });

  test('lists unpaused digests due at the given time, earliest first, up to a limit', async () => {
    const s = getStore();
    // 1975: earlier than any other test's digest, so the listing holds only these.
    const base = at('1975-06-02T06:00:00.000Z');
    const key = `due-${randomUUID()}`;
    const put = (name: string, nextRunAt: Date) =>
      s.upsertDigestSubscription(digestInput({ platform: 'teams', conversationKey: `${key}-${name}`, nextRunAt }));
    await put('last', later(base, 2 * HOUR));
    await put('first', base);
    await put('tie-b', later(base, HOUR));
    await put('tie-a', later(base, HOUR));
    await put('paused', base);
    await put('tomorrow', later(base, DAY));
    await s.pauseDigestSubscription('teams', `${key}-paused`, 'The bot was removed from the channel', base);
    const names = (list: DigestSubscription[]) => list.map((d) => d.conversationKey.slice(key.length + 1));

    const now = later(base, 2 * HOUR);
    expect(names(await s.listDueDigests(now))).toEqual(['first', 'tie-a', 'tie-b', 'last']);
    expect(names(await s.listDueDigests(now, 2))).toEqual(['first', 'tie-a']);
    expect(await s.listDueDigests(later(base, -1))).toEqual([]);
    await expect(s.listDueDigests(now, -1)).rejects.toBeInstanceOf(StoreInputError);

    // Setting the digest up again lifts the pause.
    await put('paused', base);
    expect(names(await s.listDueDigests(base))).toEqual(['first', 'paused']);
    for (const name of ['last', 'first', 'tie-b', 'tie-a', 'paused', 'tomorrow']) {
      await s.deleteDigestSubscription('teams', `${key}-${name}`);
    }
  });

  test('grants a digest run to exactly one of many simultaneous claims, and a lapsed one to one taker', async () => {
    const s = getStore();
    const run = runOf((await s.upsertDigestSubscription(digestInput())).subscription);
    const claimAll = async (owners: string[], now: Date) => {
      const results = await Promise.all(owners.map((owner) => s.claimDigestRun(run, owner, now, MINUTE)));
      const winners = owners.filter((_, i) => results[i]!.claimed);
      expect(winners).toHaveLength(1);
      const losers = results.filter((r) => !r.claimed);
      expect(losers).toEqual(
        losers.map(() => ({ claimed: false, state: 'running', owner: winners[0], abandoned: false })),
      );
      return results.find((r) => r.claimed);
    };
    const first = Array.from({ length: 8 }, (_, i) => `replica-${i}`);
    expect(await claimAll(first, later(run.dueAt, 1000))).toEqual({ claimed: true, attempt: 1 });
    // Everyone sees the lease run out at once: still one taker.
    const second = Array.from({ length: 8 }, (_, i) => `standby-${i}`);
    expect(await claimAll(second, later(run.dueAt, 2 * MINUTE))).toEqual({ claimed: true, attempt: 2 });
  });

  test('hands a run whose lease ran out to another replica; then the first cannot renew, send or finish', async () => {
    const s = getStore();
    const sub = (await s.upsertDigestSubscription(digestInput())).subscription;
    const run = runOf(sub);
    const t = (ms: number) => later(run.dueAt, ms);
    expect(await s.claimDigestRun(run, 'replica-a', t(0), MINUTE)).toEqual({ claimed: true, attempt: 1 });
    expect(await s.renewDigestRun(run, 'replica-a', t(30_000), MINUTE)).toBe(true); // now held until t(90 s)
    expect(await s.renewDigestRun(run, 'replica-b', t(30_000), MINUTE)).toBe(false);
    const heldByA = { claimed: false, state: 'running', owner: 'replica-a', abandoned: false };
    expect(await s.claimDigestRun(run, 'replica-b', t(90_000), MINUTE)).toEqual(heldByA);

    expect(await s.claimDigestRun(run, 'replica-b', t(91_000), MINUTE)).toEqual({ claimed: true, attempt: 2 });
    const finish = { status: 'posted', late: true, finishedAt: t(95_000), nextRunAt: t(DAY) } as const;
    expect(await s.renewDigestRun(run, 'replica-a', t(91_000), MINUTE)).toBe(false);
    expect(await s.markDigestRunSending(run, 'replica-a', t(91_000))).toBe(false);
    expect(await s.finishDigestRun(run, 'replica-a', finish)).toBe(false);

    expect(await s.markDigestRunSending(run, 'replica-b', t(92_000))).toBe(true);
    expect(await s.markDigestRunSending(run, 'replica-b', t(92_000))).toBe(false); // already sending
    expect(await s.renewDigestRun(run, 'replica-b', t(93_000), MINUTE)).toBe(true);
    expect(await s.finishDigestRun(run, 'replica-b', finish)).toBe(true);
    expect(await s.finishDigestRun(run, 'replica-b', finish)).toBe(false);
    expect(await s.getDigestSubscription(sub.platform, sub.conversationKey)).toMatchObject({
      nextRunAt: t(DAY),
      lastRun: { dueAt: run.dueAt, finishedAt: t(95_000), status: 'posted', detail: null, late: true },
    });
    // A finished run is never handed out again.
    const posted = { claimed: false, state: 'posted', owner: 'replica-b', abandoned: false };
    expect(await s.claimDigestRun(run, 'replica-c', t(10 * DAY), MINUTE)).toEqual(posted);
  });

  test('lets an owner whose lease ran out record how its run ended, but not start sending', async () => {
    const s = getStore();
    const sub = (await s.upsertDigestSubscription(digestInput())).subscription;
    const run = runOf(sub);
    const t = (ms: number) => later(run.dueAt, ms);
    await s.claimDigestRun(run, 'replica-a', t(0), MINUTE);
    expect(await s.renewDigestRun(run, 'replica-a', t(MINUTE + 1), MINUTE)).toBe(false);
    expect(await s.markDigestRunSending(run, 'replica-a', t(MINUTE + 1))).toBe(false);
    const failed = {
      status: 'failed',
      detail: 'Azure Resource Graph did not answer',
      late: false,
      finishedAt: t(2 * MINUTE),
      nextRunAt: t(DAY),
    } as const;
    expect(await s.finishDigestRun(run, 'replica-a', failed)).toBe(true);
    expect((await s.getDigestSubscription(sub.platform, sub.conversationKey))?.lastRun).toEqual({
      dueAt: run.dueAt,
      finishedAt: t(2 * MINUTE),
      status: 'failed',
      detail: 'Azure Resource Graph did not answer',
      late: false,
    });
  });

  test('closes a run left sending past its lease as unknown, once, and never hands it out again', async () => {
    const s = getStore();
    const sub = (await s.upsertDigestSubscription(digestInput())).subscription;
    const run = runOf(sub);
    const t = (ms: number) => later(run.dueAt, ms);
    await s.claimDigestRun(run, 'replica-a', t(0), MINUTE);
    expect(await s.markDigestRunSending(run, 'replica-a', t(1000))).toBe(true);
    const sending = { claimed: false, state: 'sending', owner: 'replica-a', abandoned: false };
    expect(await s.claimDigestRun(run, 'replica-b', t(30_000), MINUTE)).toEqual(sending);
    expect(await s.closeAbandonedDigestRun(run, t(30_000), t(DAY))).toBe(false); // still within its lease

    // replica-a died mid-post: its message may or may not have gone out.
    expect(await s.claimDigestRun(run, 'replica-b', t(61_000), MINUTE)).toEqual({ ...sending, abandoned: true });
    expect(await s.closeAbandonedDigestRun(run, t(61_000), t(DAY))).toBe(true);
    expect(await s.closeAbandonedDigestRun(run, t(62_000), t(2 * DAY))).toBe(false);
    const after = await s.getDigestSubscription(sub.platform, sub.conversationKey);
    expect(after?.nextRunAt).toEqual(t(DAY));
    expect(after?.lastRun).toEqual({
      dueAt: run.dueAt,
      finishedAt: t(61_000),
      status: 'unknown',
      detail: expect.stringMatching(/whether it was posted is unknown/),
      late: false,
    });
    const unknown = { claimed: false, state: 'unknown', owner: 'replica-a', abandoned: false };
    expect(await s.claimDigestRun(run, 'replica-c', t(62_000), MINUTE)).toEqual(unknown);
    expect(
      await s.finishDigestRun(run, 'replica-a', { status: 'posted', late: false, finishedAt: t(1), nextRunAt: t(1) }),
    ).toBe(false);

    // A run that lapsed while still running is not abandoned: another replica takes it over instead.
    const next = runOf(after!);
    await s.claimDigestRun(next, 'replica-a', next.dueAt, MINUTE);
    expect(await s.closeAbandonedDigestRun(next, later(next.dueAt, 2 * MINUTE), later(next.dueAt, DAY))).toBe(false);
  });

  test('moves a digest on only while it still waits for the finished run', async () => {
    const s = getStore();
    const input = digestInput();
    const sub = (await s.upsertDigestSubscription(input)).subscription;
    const first = runOf(sub);
    const d = (days: number) => later(first.dueAt, days * DAY);
    await s.claimDigestRun(first, 'replica-a', d(0), MINUTE);
    const posted = { status: 'posted', late: false, finishedAt: d(0), nextRunAt: d(1), snapshotAt: d(0) } as const;
    expect(await s.finishDigestRun(first, 'replica-a', posted)).toBe(true);

    // While the second run works, the user sets the digest to another time: the run must not move it back.
    const second = { ...first, dueAt: d(1) };
    await s.claimDigestRun(second, 'replica-a', d(1), MINUTE);
    const moved = later(d(2), -3 * HOUR);
    await s.upsertDigestSubscription({ ...input, time: '05:00', nextRunAt: moved, at: later(d(1), 1000) });
    const quiet = { status: 'quiet', late: false, finishedAt: d(1), nextRunAt: d(2), snapshotAt: d(1) } as const;
    expect(await s.finishDigestRun(second, 'replica-a', quiet)).toBe(true);
    const lastRun = { dueAt: d(0), finishedAt: d(0), status: 'posted', detail: null, late: false };
    expect(await s.getDigestSubscription(sub.platform, sub.conversationKey)).toMatchObject({
      nextRunAt: moved,
      lastRun,
      lastSnapshotAt: d(0),
    });

    // A run without a snapshot (skipped, failed) keeps the last one: the next digest still compares against it.
    const third = { ...first, dueAt: moved };
    await s.claimDigestRun(third, 'replica-b', moved, MINUTE);
    const skipped: DigestRunResult = {
      status: 'skipped',
      detail: 'Nothing in scope',
      late: false,
      finishedAt: moved,
      nextRunAt: d(3),
    };
    expect(await s.finishDigestRun(third, 'replica-b', skipped)).toBe(true);
    expect(await s.getDigestSubscription(sub.platform, sub.conversationKey)).toMatchObject({
      nextRunAt: d(3),
      lastRun: { dueAt: moved, finishedAt: moved, status: 'skipped', detail: 'Nothing in scope', late: false },
      lastSnapshotAt: d(0),
    });
  });

  test('purges finished digest runs and dead ones no digest waits for, never one a digest waits for', async () => {
    const s = getStore();
    // 1976: no other test has runs that early, so the counts below are this test's.
    const input = digestInput({ nextRunAt: at('1976-01-05T07:00:00.000Z') });
    const run = runOf((await s.upsertDigestSubscription(input)).subscription);
    const next = { ...run, dueAt: later(run.dueAt, DAY) };
    const dropped = { ...run, dueAt: later(next.dueAt, -HOUR) };
    await s.claimDigestRun(run, 'replica-a', run.dueAt, MINUTE);
    const done = { status: 'posted', late: false, finishedAt: run.dueAt, nextRunAt: dropped.dueAt } as const;
    await s.finishDigestRun(run, 'replica-a', done);
    // replica-a dies working on `dropped`; meanwhile the digest is set to another time, so nobody waits for it.
    await s.claimDigestRun(dropped, 'replica-a', dropped.dueAt, MINUTE);
    await s.upsertDigestSubscription({ ...input, nextRunAt: next.dueAt, at: later(dropped.dueAt, 1000) });
    // replica-b dies working on `next`, which the digest still waits for.
    await s.claimDigestRun(next, 'replica-b', next.dueAt, MINUTE);

    expect(await s.purgeDigestRuns(run.dueAt)).toBe(0); // finished at, not before
    expect(await s.purgeDigestRuns(at('1977-01-01T00:00:00.000Z'))).toBe(2);
    const lapsed = { claimed: false, state: 'running', owner: 'replica-b', abandoned: false };
    expect(await s.claimDigestRun(next, 'replica-c', next.dueAt, MINUTE)).toEqual(lapsed);
    expect(await s.claimDigestRun(next, 'replica-c', later(next.dueAt, DAY), MINUTE)).toEqual({
      claimed: true,
      attempt: 2,
    });
    await s.deleteDigestSubscription(input.platform, input.conversationKey);
  });
}
