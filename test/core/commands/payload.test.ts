// A button click carries the same command a user could type: short, versioned, and within Slack's 2,000-char value.
import {
  type ActionPayload,
  type Command,
  decodeAction,
  decodeActionInline,
  encodeAction,
  encodeActionInline,
  type PayloadStash,
  PayloadTooLargeError,
  parseCommand,
  SLACK_VALUE_MAX_CHARS,
  serializeAction,
} from '../../../src/core/commands';

/** The stash port as the store will implement it: JSON values under short ids, forgotten after their TTL. */
function memoryStash(now: () => number = Date.now): PayloadStash & { puts: { value: unknown; ttlMs: number }[] } {
  const values = new Map<string, { json: string; until: number }>();
  const puts: { value: unknown; ttlMs: number }[] = [];
  return {
    puts,
    put: async (value, ttlMs) => {
      puts.push({ value, ttlMs });
      const id = `st_${values.size + 1}`;
      values.set(id, { json: JSON.stringify(value), until: now() + ttlMs });
      return id;
    },
    get: async (id) => {
      const entry = values.get(id);
      return entry === undefined || entry.until < now() ? undefined : JSON.parse(entry.json);
    },
  };
}

function command(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.command;
}

test('a typical button is the canonical text with the page beside it', async () => {
  const payload = await encodeAction(command('jobs failed since:7d vault:x page:2'));
  expect(payload).toEqual({ v: 1, c: 'jobs failed vault:x since:7d', p: 2 });
  expect(serializeAction(payload)).toBe('{"v":1,"c":"jobs failed vault:x since:7d","p":2}');
  expect(await decodeAction(serializeAction(payload))).toEqual({
    ok: true,
    command: command('jobs failed vault:x since:7d page:2'),
  });
});

test('Slack sends the value as a string, Teams the data as an object with extra keys: both decode', async () => {
  const slack = '{"v":1,"c":"unprotected vm tag:\\"cost center\\"=ops"}';
  const teams = { v: 1, c: 'unprotected vm tag:"cost center"=ops', msteams: { type: 'messageBack' }, comment: 'typed' };
  const expected = { ok: true, command: command('unprotected vm tag:"cost center"=ops') };
  expect(await decodeAction(slack)).toEqual(expected);
  expect(await decodeAction(teams)).toEqual(expected);
  expect(decodeActionInline(teams)).toEqual(expected);
});

test('the retry confirmation travels in the payload and comes back on the command', async () => {
  const confirm = command('retry vm-web-01 vault:rsv-prod confirm:k7Q2-x');
  expect(await decodeAction(await encodeAction(confirm))).toEqual({ ok: true, command: confirm });
});

test('huge filters and "retry all" go to the stash; what the button carries stays under 2,000 chars', async () => {
  const stash = memoryStash();
  const longTag = 'x'.repeat(250);
  const tags = Array.from({ length: 16 }, (_, i) => `tag:k${i}-${longTag}="${longTag} ${i}"`).join(' ');
  const bigFilters = command(`jobs all sub:"${'Contoso '.repeat(30)}" ${tags} since:14d page:7`);
  const ids = Array.from(
    { length: 500 },
    (_, i) =>
      `/subscriptions/0b2e9c1a-1111-2222-3333-444455556666/resourceGroups/rg-app-${i}/providers/Microsoft.RecoveryServices/` +
      `vaults/rsv-prod/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-app-${i};vm${i}/` +
      `protectedItems/VM;iaasvmcontainerv2;rg-app-${i};vm${i}`,
  );
  const retryAll = command(`retry ${ids.join(' ')}`);
  for (const cmd of [bigFilters, retryAll]) {
    expect(encodeActionInline(cmd)).toBeUndefined();
    const payload = await encodeAction(cmd, { stash });
    expect(payload).toEqual({ v: 1, s: expect.any(String) });
    expect(serializeAction(payload).length).toBeLessThanOrEqual(SLACK_VALUE_MAX_CHARS);
    expect(await decodeAction(serializeAction(payload), stash)).toEqual({ ok: true, command: cmd });
  }
  expect(stash.puts.map((p) => p.ttlMs)).toEqual([14 * 24 * 3_600_000, 14 * 24 * 3_600_000]);
});

test('a smaller limit can be asked for (e.g. to leave room in a Teams card)', async () => {
  const stash = memoryStash();
  const cmd = command('jobs failed vault:rsv-production-westeurope since:7d');
  expect((await encodeAction(cmd, { maxChars: 2000 })).c).toBeDefined();
  const small = await encodeAction(cmd, { stash, maxChars: 30, ttlMs: 1000 });
  expect(serializeAction(small).length).toBeLessThanOrEqual(30);
  expect(stash.puts[0]?.ttlMs).toBe(1000);
});

test('too large with no stash is a programming error, not a broken button', async () => {
  const cmd = command(`item ${'y'.repeat(1000)} vault:${'z'.repeat(250)} rg:${'w'.repeat(250)} sub:${'v'.repeat(250)}`);
  await expect(encodeAction(cmd, { maxChars: 500 })).rejects.toBeInstanceOf(PayloadTooLargeError);
});

test('an expired stash entry, or a stashed button decoded without the stash, says to run the command again', async () => {
  let clock = 0;
  const stash = memoryStash(() => clock);
  const payload = await encodeAction(command(`item ${'q'.repeat(1000)}`), { stash, maxChars: 100, ttlMs: 60_000 });
  clock = 61_000;
  const expired = await decodeAction(payload, stash);
  expect(expired).toMatchObject({ ok: false, error: { code: 'expired' } });
  expect(!expired.ok && expired.error.message).toBe('This button has expired; run the command again.');
  expect(decodeActionInline(payload)).toMatchObject({ ok: false, error: { code: 'expired' } });
});

describe('versions and damaged data', () => {
  test.each<[unknown, string]>([
    [{ v: 0, c: 'jobs failed' }, 'This button is from an older version of the bot; run the command again.'],
    [{ c: 'jobs failed' }, 'This button is from an older version of the bot; run the command again.'],
    [{ v: '1', c: 'jobs failed' }, 'This button is from an older version of the bot; run the command again.'],
    [{ v: 2, c: 'jobs failed' }, 'This button is from a newer version of the bot; run the command again.'],
  ])('%j', async (data, message) => {
    expect(await decodeAction(data)).toEqual({
      ok: false,
      error: { code: 'old-version', message, usage: expect.any(String) },
    });
  });

  test.each<unknown>([
    undefined,
    null,
    42,
    'not json',
    '[1,2]',
    {},
    { v: 1 },
    { v: 1, c: 7 },
    { v: 1, c: 'jobs failed', p: 0 },
    { v: 1, c: 'jobs failed', p: 1.5 },
    { v: 1, c: 'summary', p: 2 },
  ])('%j is refused as damaged', async (data) => {
    expect(await decodeAction(data)).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
  });

  test('a payload whose text no longer parses reports the parse error like typed text', async () => {
    const payload: ActionPayload = { v: 1, c: 'jobs since:30d' };
    expect(await decodeAction(payload)).toMatchObject({
      ok: false,
      error: { code: 'bad-filter', suggestion: 'jobs failed since:14d' },
    });
  });
});
