// Contract: what notifications said (announcements made once across replicas, messages updated in place under
// compare-and-set), the alert inbox, and the purge of all three. Times are the caller's clock.
import { randomUUID } from 'node:crypto';
import { type NotifyMessage, type Store, StoreInputError } from '../../../src/store';
import { at, DAY, HOUR, later, MINUTE } from '../support/digests';

const item = (name: string) =>
  `/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/${name}`;
const job = (n: number) =>
  `/subscriptions/s1/resourcegroups/rg/providers/microsoft.recoveryservices/vaults/v/jobs/${n}`;

export function defineNotifyAnnouncementTests(getStore: () => Store): void {
  test('records each failure once per conversation, returning only the keys it recorded', async () => {
    const s = getStore();
    const conversation = `notify-${randomUUID()}`;
    const now = at('2031-08-01T09:00:00.000Z');
    const entry = (n: number) => ({ eventKey: job(n), itemKey: item(`vm-${n}`), failedAt: later(now, -n * MINUTE) });

    expect(await s.recordNotifyAnnouncements('teams', conversation, [entry(1), entry(2)], now)).toEqual([
      job(1),
      job(2),
    ]);
    expect(await s.recordNotifyAnnouncements('teams', conversation, [entry(2), entry(1)], now)).toEqual([]);
    // New ones come back in the caller's order; a key repeated within one call counts once.
    const mixed = [entry(5), entry(1), entry(3), entry(5)];
    expect(await s.recordNotifyAnnouncements('teams', conversation, mixed, later(now, MINUTE))).toEqual([
      job(5),
      job(3),
    ]);
    // Another conversation (or platform) announces the same failure on its own.
    expect(await s.recordNotifyAnnouncements('teams', `${conversation}-2`, [entry(1)], now)).toEqual([job(1)]);
    expect(await s.recordNotifyAnnouncements('slack', conversation, [entry(1)], now)).toEqual([job(1)]);
    expect(await s.recordNotifyAnnouncements('teams', conversation, [], now)).toEqual([]);
    const bad = { ...entry(9), failedAt: new Date(Number.NaN) };
    await expect(s.recordNotifyAnnouncements('teams', conversation, [bad], now)).rejects.toBeInstanceOf(
      StoreInputError,
    );
    expect(await s.recordNotifyAnnouncements('teams', conversation, [entry(9)], now)).toEqual([job(9)]);
  });

  test('splits overlapping announcements of two simultaneous replicas exactly', async () => {
    const s = getStore();
    const conversation = `notify-${randomUUID()}`;
    const now = at('2031-08-02T09:00:00.000Z');
    const entry = (n: number) => ({ eventKey: job(n), itemKey: item(`vm-${n % 7}`), failedAt: now });
    // Enough keys that the two statements overlap in time on PostgreSQL; in opposite orders, which would deadlock if
    // the store took them in the order given.
    const size = 1000;
    const shift = 600;
    for (let round = 0; round < 3; round++) {
      const base = round * 10_000;
      const a = Array.from({ length: size }, (_, i) => entry(base + i));
      const b = Array.from({ length: size }, (_, i) => entry(base + shift + i)).reverse();
      const [gotA, gotB] = await Promise.all([
        s.recordNotifyAnnouncements('teams', conversation, a, now),
        s.recordNotifyAnnouncements('teams', conversation, b, now),
      ]);
      const setB = new Set(gotB);
      expect(gotA.filter((k) => setB.has(k))).toEqual([]);
      const all = Array.from({ length: size + shift }, (_, i) => job(base + i));
      expect([...gotA, ...gotB].sort()).toEqual([...all].sort());
      const setA = new Set(gotA);
      expect(all.filter((k, i) => i < shift && !setA.has(k))).toEqual([]); // only A had these
      expect(all.filter((k, i) => i >= size && !setB.has(k))).toEqual([]); // only B had these
    }
  });

  test('finds the announcements of items since a time, newest first, and attaches their message', async () => {
    const s = getStore();
    const conversation = `notify-${randomUUID()}`;
    const t = (ms: number) => later(at('2031-08-03T09:00:00.000Z'), ms);
    const rec = (n: number, name: string, announcedAt: Date) =>
      s.recordNotifyAnnouncements(
        'teams',
        conversation,
        [{ eventKey: job(n), itemKey: item(name), failedAt: later(announcedAt, -MINUTE) }],
        announcedAt,
      );
    await rec(1, 'vm-a', t(0));
    await rec(2, 'vm-b', t(HOUR));
    await rec(3, 'vm-a', t(2 * HOUR));
    await rec(4, 'vm-c', t(3 * HOUR));
    await rec(5, 'vm-a', t(2 * HOUR)); // same instant as 3: ties go by event key
    await s.recordNotifyAnnouncements(
      'teams',
      `${conversation}-other`,
      [{ eventKey: job(6), itemKey: item('vm-a'), failedAt: t(0) }],
      t(4 * HOUR),
    );
    const announced = (n: number, name: string, announcedAt: Date, messageId: string | null = null) => ({
      eventKey: job(n),
      itemKey: item(name),
      failedAt: later(announcedAt, -MINUTE),
      messageId,
      announcedAt,
    });

    const found = await s.findNotifyAnnouncements('teams', conversation, [item('vm-a'), item('vm-b')], t(HOUR));
    expect(found).toEqual([
      announced(3, 'vm-a', t(2 * HOUR)),
      announced(5, 'vm-a', t(2 * HOUR)),
      announced(2, 'vm-b', t(HOUR)),
    ]);
    expect(await s.findNotifyAnnouncements('teams', conversation, [item('vm-a')], t(0))).toHaveLength(3);
    expect(await s.findNotifyAnnouncements('teams', conversation, [], t(0))).toEqual([]);
    expect(await s.findNotifyAnnouncements('slack', conversation, [item('vm-a')], t(0))).toEqual([]);

    await s.attachNotifyMessage('teams', conversation, [job(3), job(2), job(99)], 'message-1');
    await s.attachNotifyMessage('teams', `${conversation}-other`, [job(5)], 'message-x'); // not this conversation's
    expect(await s.findNotifyAnnouncements('teams', conversation, [item('vm-a'), item('vm-b')], t(HOUR))).toEqual([
      announced(3, 'vm-a', t(2 * HOUR), 'message-1'),
      announced(5, 'vm-a', t(2 * HOUR)),
      announced(2, 'vm-b', t(HOUR), 'message-1'),
    ]);
  });

  test('creates notify messages and updates one only from the version it was read at', async () => {
    const s = getStore();
    const conversation = `notify-${randomUUID()}`;
    const t0 = at('2031-08-04T09:00:00.000Z');
    const created = await s.createNotifyMessage({
      platform: 'slack',
      conversationKey: conversation,
      ref: null,
      state: { items: [item('vm-a')], fixed: [] },
      open: true,
      at: t0,
    });
    const expected: NotifyMessage = {
      id: created.id,
      platform: 'slack',
      conversationKey: conversation,
      ref: null,
      state: { items: [item('vm-a')], fixed: [] },
      open: true,
      postedAt: t0,
      updatedAt: t0,
      version: 1,
    };
    expect(created).toEqual(expected);
    expect(await s.getNotifyMessage(created.id)).toEqual(expected);
    expect(await s.getNotifyMessage(randomUUID())).toBeUndefined();

    const ref = { channel: 'C1', ts: '1717171717.000100' };
    const t1 = later(t0, MINUTE);
    expect(await s.updateNotifyMessage(created.id, 1, { state: { step: 1 }, open: true, at: t1, ref })).toBe(true);
    // A replica that read version 1 too must re-read: nothing of its change is written.
    expect(await s.updateNotifyMessage(created.id, 1, { state: { stale: true }, open: false, at: t1 })).toBe(false);
    const t2 = later(t0, HOUR);
    expect(await s.updateNotifyMessage(created.id, 2, { state: { step: 2 }, open: false, at: t2 })).toBe(true);
    expect(await s.getNotifyMessage(created.id)).toEqual({
      ...expected,
      ref, // kept when an update gives none
      state: { step: 2 },
      open: false,
      updatedAt: t2,
      version: 3,
    });

    const racers = await Promise.all(
      ['a', 'b', 'c'].map((r) => s.updateNotifyMessage(created.id, 3, { state: { by: r }, open: true, at: t2 })),
    );
    expect(racers.filter(Boolean)).toHaveLength(1);
    const after = await s.getNotifyMessage(created.id);
    expect(after?.version).toBe(4);
    expect(after?.state).toEqual({ by: ['a', 'b', 'c'][racers.indexOf(true)] });
    expect(await s.updateNotifyMessage(randomUUID(), 1, { state: {}, open: true, at: t2 })).toBe(false);
    await expect(s.updateNotifyMessage(created.id, 4, { state: undefined, open: true, at: t2 })).rejects.toBeInstanceOf(
      StoreInputError,
    );
  });

  test("lists every conversation's open messages posted from a time on, newest first", async () => {
    const s = getStore();
    const conversation = `notify-${randomUUID()}`;
    const t = (ms: number) => later(at('2031-08-05T09:00:00.000Z'), ms);
    const post = (name: string, postedAt: Date, conversationKey = conversation) =>
      s.createNotifyMessage({
        platform: 'teams',
        conversationKey,
        ref: { id: name },
        state: { name },
        open: true,
        at: postedAt,
      });
    const old = await post('old', t(0));
    const mid = await post('mid', t(HOUR));
    const closed = await post('closed', t(2 * HOUR));
    const newest = await post('newest', t(3 * HOUR));
    const elsewhere = await post('elsewhere', t(3 * HOUR), `${conversation}-other`);
    expect(await s.updateNotifyMessage(closed.id, 1, { state: { fixed: true }, open: false, at: t(4 * HOUR) })).toBe(
      true,
    );
    const ids = (list: NotifyMessage[]) => list.map((m) => m.id);
    // Other tests' messages may be listed too: only these are compared.
    const mine = new Set([old.id, mid.id, closed.id, newest.id, elsewhere.id]);
    const listed = async (since: Date) => (await s.listAllOpenNotifyMessages(since)).filter((m) => mine.has(m.id));
    expect(ids(await listed(t(0))).slice(2)).toEqual([mid.id, old.id]);
    expect(new Set(ids(await listed(t(0))).slice(0, 2))).toEqual(new Set([newest.id, elsewhere.id]));
    expect(ids(await listed(t(HOUR))).sort()).toEqual([newest.id, elsewhere.id, mid.id].sort());
    expect(await listed(t(3 * HOUR + 1))).toEqual([]);
    expect((await listed(t(3 * HOUR))).find((m) => m.id === newest.id)).toEqual(newest);
  });

  test('accepts each alert once and lists those received after one time and up to another, oldest first', async () => {
    const s = getStore();
    // 1992: no other test has alerts then, so the listings hold only these.
    const t = (ms: number) => later(at('1992-03-01T12:00:00.000Z'), ms);
    const alert = (name: string, receivedAt: Date) => ({
      id: `/subscriptions/s1/providers/Microsoft.AlertsManagement/alerts/${name}-${randomUUID()}`,
      receivedAt,
      event: { eventKey: `alert:${name}`, source: 'alert', itemKey: item(name), failedAt: receivedAt.toISOString() },
    });
    const a = alert('a', t(0));
    const b = alert('b', t(MINUTE));
    const c = alert('c', t(2 * MINUTE));
    const tie = alert('tie', t(MINUTE));
    for (const x of [c, a, b, tie]) expect(await s.putNotifyAlert(x)).toBe(true);
    expect(await s.putNotifyAlert({ ...a, receivedAt: t(5 * MINUTE), event: { replayed: true } })).toBe(false);

    const byId = [b, tie].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(await s.listNotifyAlerts(t(-1), t(2 * MINUTE))).toEqual([a, ...byId, c]);
    expect(await s.listNotifyAlerts(t(0), t(MINUTE))).toEqual(byId); // after is exclusive, upTo inclusive
    expect(await s.listNotifyAlerts(t(MINUTE), t(10 * MINUTE))).toEqual([c]);
    expect(await s.listNotifyAlerts(t(2 * MINUTE), t(10 * MINUTE))).toEqual([]);
  });

  test('purges announcements, messages and alerts older than a time and counts them', async () => {
    const s = getStore();
    // 1990: no other test has notify records then, so the counts are this test's.
    const t = (ms: number) => later(at('1990-04-01T12:00:00.000Z'), ms);
    const cut = t(DAY);
    const conversation = `notify-${randomUUID()}`;
    const entry = (n: number) => ({ eventKey: job(n), itemKey: item('vm-a'), failedAt: t(0) });
    await s.recordNotifyAnnouncements('teams', conversation, [entry(1), entry(2)], t(0));
    await s.recordNotifyAnnouncements('teams', conversation, [entry(3)], cut);
    const message = (at: Date) =>
      s.createNotifyMessage({ platform: 'teams', conversationKey: conversation, ref: null, state: {}, open: true, at });
    const gone = await message(t(0));
    const touched = await message(t(0));
    await s.updateNotifyMessage(touched.id, 1, { state: { still: 'failing' }, open: true, at: cut });
    const kept = await message(later(cut, 1));
    const alert = (receivedAt: Date) => ({ id: `alert-${randomUUID()}`, receivedAt, event: {} });
    const oldAlert = alert(later(cut, -1));
    const newAlert = alert(cut);
    await s.putNotifyAlert(oldAlert);
    await s.putNotifyAlert(newAlert);

    expect(await s.purgeNotify(t(0))).toBe(0); // strictly before
    expect(await s.purgeNotify(cut)).toBe(2 + 1 + 1);
    expect(await s.purgeNotify(cut)).toBe(0);
    const left = await s.findNotifyAnnouncements('teams', conversation, [item('vm-a')], t(0));
    expect(left.map((a) => a.eventKey)).toEqual([job(3)]);
    expect(await s.getNotifyMessage(gone.id)).toBeUndefined();
    expect((await s.getNotifyMessage(touched.id))?.version).toBe(2);
    expect(await s.getNotifyMessage(kept.id)).toEqual(kept);
    expect(await s.listNotifyAlerts(t(0), t(2 * DAY))).toEqual([newAlert]);
    // A purged announcement can be recorded again: the purge horizon must lie beyond the poll's overlap.
    expect(await s.recordNotifyAnnouncements('teams', conversation, [entry(1)], cut)).toEqual([job(1)]);
    expect(await s.purgeNotify(later(cut, DAY))).toBe(2 + 2 + 1);
  });
}
