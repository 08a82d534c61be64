// Contract: records that coordinate replicas and time (idempotency keys, audit order, due digests).
import { randomUUID } from 'node:crypto';
import { type Store, StoreInputError } from '../../../src/store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

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

  test('makes a digest due at its local time once a day, and lets one replica claim each run', async () => {
    const s = getStore();
    const sub = await s.createDigestSubscription({
      platform: 'teams',
      conversationKey: `due-${randomUUID()}`,
      schedule: '08:00',
      timezone: 'Asia/Kolkata', // UTC+05:30, no daylight saving: 08:00 there is 02:30 UTC
      createdBy: 'u1',
    });
    const dueFor = async (now: Date) => (await s.listDueDigests(now)).find((d) => d.id === sub.id);

    expect(await dueFor(new Date())).toBeUndefined(); // a new subscription waits for its next 08:00
    const later = new Date(Date.now() + 2 * DAY);
    const due = await dueFor(later);
    const expected = new Date(later);
    expected.setUTCHours(2, 30, 0, 0);
    if (expected > later) expected.setTime(expected.getTime() - DAY);
    expect(due?.dueAt).toEqual(expected);

    const claims = await Promise.all([s.claimDigestRun(sub.id, expected), s.claimDigestRun(sub.id, expected)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await dueFor(later)).toBeUndefined();
    expect((await s.getDigestSubscription(sub.id))?.lastRunAt).toEqual(expected);
    expect((await dueFor(new Date(later.getTime() + DAY)))?.dueAt).toEqual(new Date(expected.getTime() + DAY));

    // A new time restarts the clock from the change, rather than firing for a past occurrence.
    await s.updateDigestSubscription(sub.id, { schedule: '09:15' });
    expect(await dueFor(new Date(Date.now() + 1000))).toBeUndefined();
  });

  test('follows daylight saving: 08:00 in Berlin is 07:00 UTC in winter and 06:00 UTC in summer', async () => {
    const s = getStore();
    const sub = await s.createDigestSubscription({
      platform: 'slack',
      conversationKey: `dst-${randomUUID()}`,
      schedule: '08:00',
      timezone: 'Europe/Berlin',
      createdBy: 'u1',
    });
    const year = new Date().getUTCFullYear() + 1;
    const winter = (await s.listDueDigests(new Date(Date.UTC(year, 0, 15, 12)))).find((d) => d.id === sub.id);
    expect(winter?.dueAt).toEqual(new Date(Date.UTC(year, 0, 15, 7)));
    const summer = (await s.listDueDigests(new Date(Date.UTC(year, 6, 15, 12)))).find((d) => d.id === sub.id);
    expect(summer?.dueAt).toEqual(new Date(Date.UTC(year, 6, 15, 6)));
  });
}
