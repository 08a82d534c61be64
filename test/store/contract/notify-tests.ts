// Contract: failure notifications (subscriptions, scope polls under leases, announcements made once, messages under
// compare-and-set, the alert inbox and the purge). Times are the caller's clock, as the poller passes them.
import { randomUUID } from 'node:crypto';
import {
  type NotifyScopeFinish,
  type NotifySubscription,
  type NotifySubscriptionInput,
  type Store,
  StoreInputError,
} from '../../../src/store';
import { at, DAY, HOUR, later, MINUTE } from '../support/digests';

// One scope at a time through the batch calls (the poller claims, renews and finishes all of its scopes at once).
async function claimOne(s: Store, key: string, owner: string, now: Date, leaseMs: number, gapMs: number) {
  const state = (await s.claimNotifyScopes([key], owner, now, leaseMs, gapMs)).get(key);
  return state === undefined ? { claimed: false as const } : { claimed: true as const, state };
}
const renewOne = async (s: Store, key: string, owner: string, now: Date, leaseMs: number) =>
  (await s.renewNotifyScopes([key], owner, now, leaseMs)).includes(key);
const finishOne = async (s: Store, key: string, owner: string, result: NotifyScopeFinish) =>
  (await s.finishNotifyScopes(owner, [{ ...result, scopeKey: key }])).includes(key);

function notifyInput(overrides: Partial<NotifySubscriptionInput> = {}): NotifySubscriptionInput {
  const conversationKey = overrides.conversationKey ?? `notify-${randomUUID()}`;
  return {
    platform: 'teams',
    conversationKey,
    address: { conversation: { id: conversationKey }, serviceUrl: 'https://smba.example/emea/' },
    filters: { vault: 'rsv-prod' },
    scopeKey: 'vault=rsv-prod',
    timezone: 'Europe/Berlin',
    createdBy: { platform: 'teams', userId: 'aad-1', name: 'Ada' },
    since: at('2031-05-01T08:00:00.000Z'),
    at: at('2031-05-01T08:00:05.000Z'),
    ...overrides,
  };
}

export function defineNotifyTests(getStore: () => Store): void {
  test('creates and replaces a notify subscription, keeping createdAt, since, what the poller found and its notes', async () => {
    const s = getStore();
    const input = notifyInput();
    const { platform, conversationKey } = input;
    const { at: createdAt, ...fields } = input;
    const expected: NotifySubscription = {
      ...fields,
      createdAt,
      updatedAt: createdAt,
      pausedAt: null,
      pausedReason: null,
      lastFoundAt: null,
      notes: {},
    };
    expect(await s.upsertNotifySubscription(input)).toEqual({ subscription: expected });
    expect(await s.getNotifySubscription(platform, conversationKey)).toEqual(expected);

    const found = later(createdAt, HOUR);
    await s.setNotifyFound(platform, conversationKey, found);
    await s.setNotifyFound(platform, conversationKey, later(found, -MINUTE)); // a slower replica: never back
    expect(await s.setNotifyNotes(platform, conversationKey, { toldCreator: 'not-in-channel' })).toBe(true);
    const pausedAt = later(found, HOUR);
    expect(await s.pauseNotifySubscription(platform, conversationKey, 'The bot was removed', pausedAt)).toBe(true);
    expect(await s.pauseNotifySubscription(platform, conversationKey, 'again', later(pausedAt, 1))).toBe(false);
    const before = await s.getNotifySubscription(platform, conversationKey);
    expect(before).toEqual({
      ...expected,
      lastFoundAt: found,
      pausedAt,
      pausedReason: 'The bot was removed',
      notes: { toldCreator: 'not-in-channel' },
    });

    const change = notifyInput({
      conversationKey,
      address: { conversation: { id: 'moved' } },
      filters: { vault: 'rsv-dev', workload: 'SQL' },
      scopeKey: 'vault=rsv-dev;workload=SQL',
      timezone: 'America/New_York',
      createdBy: { platform: 'teams', userId: 'aad-2', name: null },
      since: later(pausedAt, DAY),
      at: later(pausedAt, DAY),
    });
    const replaced = await s.upsertNotifySubscription(change);
    expect(replaced.previous).toEqual(before);
    expect(replaced.subscription).toEqual({
      ...before,
      address: change.address,
      filters: change.filters,
      scopeKey: change.scopeKey,
      timezone: 'America/New_York',
      createdBy: change.createdBy,
      updatedAt: change.at,
      pausedAt: null,
      pausedReason: null,
    });
    expect(await s.getNotifySubscription(platform, conversationKey)).toEqual(replaced.subscription);

    expect(await s.pauseNotifySubscription('slack', conversationKey, 'x', pausedAt)).toBe(false);
    expect(await s.setNotifyNotes('slack', conversationKey, {})).toBe(false);
    await s.setNotifyFound('slack', conversationKey, found);
    expect(await s.getNotifySubscription('slack', conversationKey)).toBeUndefined();
  });

  test('rejects notify settings the caller can fix and stores nothing', async () => {
    const s = getStore();
    const input = notifyInput();
    await expect(s.upsertNotifySubscription({ ...input, since: new Date(Number.NaN) })).rejects.toThrow(
      /since is not a valid Date/,
    );
    const noUser = { ...input, createdBy: { platform: 'teams', userId: '' } };
    await expect(s.upsertNotifySubscription(noUser)).rejects.toBeInstanceOf(StoreInputError);
    await expect(s.upsertNotifySubscription({ ...input, scopeKey: '' })).rejects.toBeInstanceOf(StoreInputError);
    expect(await s.getNotifySubscription(input.platform, input.conversationKey)).toBeUndefined();
  });

  test('of two replicas setting up the same conversation at once, one creates it and the other replaces it', async () => {
    const s = getStore();
    const input = notifyInput();
    const results = await Promise.all([
      s.upsertNotifySubscription(input),
      s.upsertNotifySubscription({ ...input, filters: { vault: 'other' }, at: later(input.at, 1000) }),
    ]);
    const created = results.filter((r) => r.previous === undefined);
    const replacing = results.filter((r) => r.previous !== undefined);
    expect(created).toHaveLength(1);
    expect(replacing).toHaveLength(1);
    expect(replacing[0]!.previous).toEqual(created[0]!.subscription);
    expect(await s.getNotifySubscription(input.platform, input.conversationKey)).toEqual(replacing[0]!.subscription);
  });

  test('lists notify subscriptions oldest first, by platform, scope and whether active, and deletes one', async () => {
    const s = getStore();
    const scopeKey = `scope-${randomUUID()}`;
    const t0 = at('2031-06-01T00:00:00.000Z');
    const put = (platform: string, name: string, offset: number) =>
      s.upsertNotifySubscription(
        notifyInput({ platform, conversationKey: `${scopeKey}-${name}`, scopeKey, at: later(t0, offset) }),
      );
    await put('teams', 'c', 2000);
    await put('slack', 'a', 0);
    await put('teams', 'b', 1000);
    await put('teams', 'tie', 1000);
    await s.upsertNotifySubscription(notifyInput({ conversationKey: `${scopeKey}-elsewhere` }));
    expect(await s.pauseNotifySubscription('teams', `${scopeKey}-b`, 'Not in the channel', later(t0, HOUR))).toBe(true);
    const names = (list: NotifySubscription[]) => list.map((n) => n.conversationKey.slice(scopeKey.length + 1));

    expect(names(await s.listNotifySubscriptions({ scopeKey }))).toEqual(['a', 'b', 'tie', 'c']);
    expect(names(await s.listNotifySubscriptions({ scopeKey, active: true }))).toEqual(['a', 'tie', 'c']);
    expect(names(await s.listNotifySubscriptions({ scopeKey, active: false }))).toEqual(['b']);
    expect(names(await s.listNotifySubscriptions({ scopeKey, platform: 'teams' }))).toEqual(['b', 'tie', 'c']);
    const everyone = await s.listNotifySubscriptions();
    expect(everyone.filter((n) => n.conversationKey.startsWith(scopeKey))).toHaveLength(5);
    expect((await s.listNotifySubscriptions({ platform: 'slack' })).every((n) => n.platform === 'slack')).toBe(true);

    expect(await s.deleteNotifySubscription('teams', `${scopeKey}-b`)).toBe(true);
    expect(await s.deleteNotifySubscription('teams', `${scopeKey}-b`)).toBe(false);
    expect(await s.getNotifySubscription('teams', `${scopeKey}-b`)).toBeUndefined();
    expect(names(await s.listNotifySubscriptions({ scopeKey }))).toEqual(['a', 'tie', 'c']);
  });

  test('grants a new scope to exactly one of many simultaneous claims, and a lapsed lease to another owner', async () => {
    const s = getStore();
    const scopeKey = `scope-${randomUUID()}`;
    const t = (ms: number) => later(at('2031-07-01T10:00:00.000Z'), ms);
    expect(await s.getNotifyScope(scopeKey)).toBeUndefined();
    const owners = Array.from({ length: 8 }, (_, i) => `replica-${i}`);
    const claims = await Promise.all(owners.map((o) => claimOne(s, scopeKey, o, t(0), MINUTE, 5 * MINUTE)));
    const winners = owners.filter((_, i) => claims[i]!.claimed);
    expect(winners).toHaveLength(1);
    const fresh = {
      scopeKey,
      watermark: null,
      alertsSeen: null,
      lastPollAt: null,
      lastPollOk: null,
      lastPollDetail: null,
    };
    expect(claims.find((c) => c.claimed)).toEqual({ claimed: true, state: fresh });
    expect(await s.getNotifyScope(scopeKey)).toEqual(fresh);
    const [a] = winners as [string];

    expect(await renewOne(s, scopeKey, 'replica-x', t(30_000), MINUTE)).toBe(false);
    expect(await renewOne(s, scopeKey, a, t(30_000), MINUTE)).toBe(true); // now held until t(90 s)
    expect(await claimOne(s, scopeKey, 'replica-x', t(89_999), MINUTE, 0)).toEqual({ claimed: false });
    // A lease is over at its end.
    expect(await claimOne(s, scopeKey, 'replica-x', t(90_000), MINUTE, 0)).toEqual({
      claimed: true,
      state: fresh,
    });
    expect(await renewOne(s, scopeKey, a, t(90_000), MINUTE)).toBe(false);
    const late = { polledAt: t(0), ok: true, watermark: t(0), alertsSeen: t(0) };
    expect(await finishOne(s, scopeKey, a, late)).toBe(false);
    expect(await s.getNotifyScope(scopeKey)).toEqual(fresh); // nothing recorded for the lost lease

    const done = { polledAt: t(90_000), ok: true, detail: null, watermark: t(80_000), alertsSeen: t(85_000) };
    expect(await finishOne(s, scopeKey, 'replica-x', done)).toBe(true);
    expect(await finishOne(s, scopeKey, 'replica-x', done)).toBe(false); // the lease ended with the first
    expect(await s.getNotifyScope(scopeKey)).toEqual({
      scopeKey,
      watermark: t(80_000),
      alertsSeen: t(85_000),
      lastPollAt: t(90_000),
      lastPollOk: true,
      lastPollDetail: null,
    });
    await expect(claimOne(s, scopeKey, a, t(0), 0, 0)).rejects.toBeInstanceOf(StoreInputError);
    await expect(claimOne(s, scopeKey, a, t(0), MINUTE, -1)).rejects.toBeInstanceOf(StoreInputError);
  });

  test('lets an owner whose lease ran out finish while nobody took the scope over', async () => {
    const s = getStore();
    const scopeKey = `scope-${randomUUID()}`;
    const t = (ms: number) => later(at('2031-07-02T10:00:00.000Z'), ms);
    expect((await claimOne(s, scopeKey, 'replica-a', t(0), MINUTE, MINUTE)).claimed).toBe(true);
    expect(await renewOne(s, scopeKey, 'replica-a', t(MINUTE), MINUTE)).toBe(false);
    const slow = { polledAt: t(0), ok: false, detail: 'Resource Graph throttled the poll' };
    expect(await finishOne(s, scopeKey, 'replica-a', slow)).toBe(true);
    expect(await s.getNotifyScope(scopeKey)).toMatchObject({
      watermark: null,
      alertsSeen: null,
      lastPollAt: t(0),
      lastPollOk: false,
      lastPollDetail: 'Resource Graph throttled the poll',
    });
  });

  test('keeps a minimum gap between polls of a scope and never moves its watermark back', async () => {
    const s = getStore();
    const scopeKey = `scope-${randomUUID()}`;
    const t = (ms: number) => later(at('2031-07-03T10:00:00.000Z'), ms);
    const gap = 5 * MINUTE;
    const claim = (owner: string, now: Date) => claimOne(s, scopeKey, owner, now, MINUTE, gap);
    await claim('replica-a', t(0));
    const first = { polledAt: t(0), ok: true, watermark: t(-MINUTE), alertsSeen: t(0) };
    expect(await finishOne(s, scopeKey, 'replica-a', first)).toBe(true);

    // Another replica just polled it: too soon, though no lease is held.
    expect(await claim('replica-b', t(gap - 1))).toEqual({ claimed: false });
    const state = { scopeKey, watermark: t(-MINUTE), alertsSeen: t(0), lastPollAt: t(0), lastPollOk: true };
    expect(await claim('replica-b', t(gap))).toEqual({ claimed: true, state: { ...state, lastPollDetail: null } });
    // A poll whose window ended earlier (an older watermark) leaves the newer one, but records itself.
    const older = { polledAt: t(gap), ok: true, detail: 'partial', watermark: t(-HOUR), alertsSeen: t(gap) };
    expect(await finishOne(s, scopeKey, 'replica-b', older)).toBe(true);
    expect(await s.getNotifyScope(scopeKey)).toEqual({
      ...state,
      alertsSeen: t(gap),
      lastPollAt: t(gap),
      lastPollDetail: 'partial',
    });

    // An incomplete poll gives no watermark: both stay; then a later one moves them on.
    const owners = Array.from({ length: 6 }, (_, i) => `standby-${i}`);
    const claims = await Promise.all(owners.map((o) => claim(o, t(2 * gap))));
    const winner = owners.find((_, i) => claims[i]!.claimed)!;
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    expect(await finishOne(s, scopeKey, winner, { polledAt: t(2 * gap), ok: false, detail: 'timeout' })).toBe(true);
    expect(await s.getNotifyScope(scopeKey)).toMatchObject({ watermark: t(-MINUTE), alertsSeen: t(gap) });
    await claim('replica-c', t(3 * gap));
    const next = { polledAt: t(3 * gap), ok: true, watermark: t(3 * gap - MINUTE), alertsSeen: t(3 * gap) };
    expect(await finishOne(s, scopeKey, 'replica-c', next)).toBe(true);
    expect(await s.getNotifyScope(scopeKey)).toMatchObject({
      watermark: t(3 * gap - MINUTE),
      alertsSeen: t(3 * gap),
      lastPollOk: true,
      lastPollDetail: null,
    });
  });

  test('claims, renews and finishes many scopes in one call; replicas claiming overlapping sets split them', async () => {
    const s = getStore();
    const t = (ms: number) => later(at('2031-07-04T10:00:00.000Z'), ms);
    const keys = Array.from({ length: 12 }, (_, i) => `scope-${String(i).padStart(2, '0')}-${randomUUID()}`);
    // One scope is another replica's already.
    expect((await claimOne(s, keys[5] as string, 'replica-z', t(0), HOUR, 0)).claimed).toBe(true);
    const [a, b] = await Promise.all([
      s.claimNotifyScopes(keys, 'replica-a', t(0), MINUTE, 0),
      s.claimNotifyScopes([...keys].reverse(), 'replica-b', t(0), MINUTE, 0),
    ]);
    expect([...a.keys(), ...b.keys()].sort()).toEqual(keys.filter((k) => k !== keys[5]).sort());
    expect([...a.keys()].filter((k) => b.has(k))).toEqual([]);
    const mine = [...a.keys()];
    expect(await s.renewNotifyScopes([...keys, 'unknown'], 'replica-a', t(1_000), MINUTE)).toEqual([...mine].sort());
    const finished = await s.finishNotifyScopes(
      'replica-a',
      keys.map((scopeKey) => ({ scopeKey, polledAt: t(2_000), ok: true, watermark: t(2_000), alertsSeen: t(2_000) })),
    );
    expect(finished).toEqual([...mine].sort());
    for (const key of mine) expect((await s.getNotifyScope(key))?.watermark).toEqual(t(2_000));
    expect((await s.getNotifyScope(keys[5] as string))?.watermark).toBeNull();
    expect(await s.claimNotifyScopes([], 'replica-a', t(0), MINUTE, 0)).toEqual(new Map());
    expect(await s.finishNotifyScopes('replica-a', [])).toEqual([]);
  });
}
