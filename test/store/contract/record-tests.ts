// Contract: plain records (conversation references, digest subscriptions, settings, pending operations).
import { randomUUID } from 'node:crypto';
import { type Store, StoreInputError } from '../../../src/store';

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

  test('creates, lists, updates and deletes digest subscriptions', async () => {
    const s = getStore();
    const key = `digest-${randomUUID()}`;
    const created = await s.createDigestSubscription({
      platform: 'slack',
      conversationKey: key,
      schedule: '08:00',
      timezone: 'Europe/Berlin',
      filters: { vault: 'rsv-prod', since: '24h' },
      createdBy: 'U123',
    });
    expect(created).toMatchObject({ schedule: '08:00', timezone: 'Europe/Berlin', createdBy: 'U123', lastRunAt: null });
    expect(created.filters).toEqual({ vault: 'rsv-prod', since: '24h' });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

    const other = await s.createDigestSubscription({
      platform: 'slack',
      conversationKey: key,
      schedule: '17:30',
      timezone: 'UTC',
      createdBy: 'U9',
    });
    expect(other.filters).toEqual({});
    expect((await s.listDigestSubscriptions({ conversationKey: key })).map((d) => d.id)).toEqual([
      created.id,
      other.id,
    ]);
    expect((await s.listDigestSubscriptions({ platform: 'teams', conversationKey: key })).length).toBe(0);

    const updated = await s.updateDigestSubscription(created.id, { filters: { vault: 'rsv-dev' } });
    expect(updated).toMatchObject({ schedule: '08:00', filters: { vault: 'rsv-dev' } });
    expect(await s.getDigestSubscription(created.id)).toEqual(updated);
    expect(await s.updateDigestSubscription(randomUUID(), { schedule: '09:00' })).toBeUndefined();

    expect(await s.deleteDigestSubscription(created.id)).toBe(true);
    expect(await s.deleteDigestSubscription(created.id)).toBe(false);
    expect(await s.getDigestSubscription(created.id)).toBeUndefined();
  });

  test('rejects a digest schedule or time zone the user can fix, naming the problem', async () => {
    const s = getStore();
    const base = { platform: 'slack', conversationKey: `bad-${randomUUID()}`, createdBy: 'U1' };
    await expect(s.createDigestSubscription({ ...base, schedule: '8am', timezone: 'UTC' })).rejects.toThrow(
      new StoreInputError('schedule must be a 24-hour time like 08:00, not "8am"'),
    );
    await expect(s.createDigestSubscription({ ...base, schedule: '24:00', timezone: 'UTC' })).rejects.toBeInstanceOf(
      StoreInputError,
    );
    await expect(s.createDigestSubscription({ ...base, schedule: '08:00', timezone: 'Mars/Olympus' })).rejects.toThrow(
      /unknown time zone "Mars\/Olympus"/,
    );
    const ok = await s.createDigestSubscription({ ...base, schedule: '08:00', timezone: 'UTC' });
    await expect(s.updateDigestSubscription(ok.id, { timezone: 'Nowhere' })).rejects.toBeInstanceOf(StoreInputError);
    expect((await s.getDigestSubscription(ok.id))?.timezone).toBe('UTC');
    expect(await s.listDigestSubscriptions({ conversationKey: base.conversationKey })).toHaveLength(1);
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
    await s.upsertPendingOperation({ id: `op-b-${kind}`, kind, state: { jobId: 'j2' } });
    await s.upsertPendingOperation({ id: `op-c-${kind}`, kind: `${kind}-other`, state: {} });

    const moved = await s.upsertPendingOperation({ id: a.id, kind, state: { jobId: 'j1', polls: 1 } });
    expect(moved.state).toEqual({ jobId: 'j1', polls: 1 });
    expect(moved.createdAt.getTime()).toBe(a.createdAt.getTime());
    expect(moved.updatedAt.getTime()).toBeGreaterThanOrEqual(a.updatedAt.getTime());
    expect(await s.getPendingOperation(a.id)).toEqual(moved);

    // Oldest update first: a was touched last.
    expect((await s.listPendingOperations(kind)).map((o) => o.id)).toEqual([`op-b-${kind}`, a.id]);
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
