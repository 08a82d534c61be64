// Help is generated from the command table, so every command is documented and every example actually runs.
import {
  COMMAND_SPECS,
  type Command,
  type CommandHandlers,
  describeHelp,
  dispatchCommand,
  FILTER_NAMES,
  formatCommand,
  formatHelpText,
  parseCommand,
  toBackupFilters,
  VERBS,
} from '../../../src/core/commands';

test('every example in the table is canonical text that parses to a command of its verb', () => {
  for (const verb of VERBS) {
    const spec = COMMAND_SPECS[verb];
    expect(spec.examples.length).toBeGreaterThan(0);
    for (const text of spec.examples) {
      const result = parseCommand(text);
      expect(result.ok && result.command.verb).toBe(verb);
      expect(result.ok && formatCommand(result.command)).toBe(text);
    }
  }
});

test('help overview lists every command with usage and runnable examples, and every filter', () => {
  const help = describeHelp();
  if (help.kind !== 'overview') throw new Error('expected overview');
  expect(help.commands.map((c) => c.verb)).toEqual([...VERBS]);
  expect(help.filters.map((f) => f.name)).toEqual([...FILTER_NAMES]);
  const jobs = help.commands.find((c) => c.verb === 'jobs');
  expect(jobs?.examples[1]).toEqual({
    text: 'jobs failed vault:rsv-prod since:7d',
    command: { verb: 'jobs', status: 'failed', filters: { vault: 'rsv-prod', since: '7d' } },
  });
  const text = formatHelpText(help);
  for (const verb of VERBS) expect(text).toContain(COMMAND_SPECS[verb].usage);
  expect(text).toContain('tag:<key>=<value>');
});

test('help for one command shows its filters; restricted commands say who may use them', () => {
  const retry = describeHelp('retry');
  if (retry.kind !== 'command') throw new Error('expected command help');
  expect(retry.command).toMatchObject({ verb: 'retry', write: true, restricted: true });
  expect(retry.command.filters.map((f) => f.name)).toEqual(['sub', 'rg', 'vault']);
  expect(retry.tips.join(' ')).toContain('RETRY_ALLOW');
  const unprotected = describeHelp('unprotected');
  expect(unprotected.kind === 'command' && unprotected.tips).toEqual([]);
  expect(formatHelpText(describeHelp('jobs'))).toContain('jobs failed vault:rsv-prod since:7d');
});

test('help filters explains the 14-day limit and quoting', () => {
  const text = formatHelpText(describeHelp('filters'));
  expect(text).toContain('since:<24h|7d|14d>');
  expect(text).toContain('tag:"cost center"=ops');
  expect(text).toContain('14 days');
});

test('only retry writes; retry and audit are restricted', () => {
  expect(VERBS.filter((v) => COMMAND_SPECS[v].write)).toEqual(['retry']);
  expect(VERBS.filter((v) => COMMAND_SPECS[v].restricted)).toEqual(['retry', 'audit']);
});

test('dispatchCommand runs the handler of the command verb with its context', async () => {
  const seen: string[] = [];
  const handler = async (cmd: Command) => {
    seen.push(formatCommand(cmd));
    return { view: cmd.verb as string };
  };
  const handlers: CommandHandlers<{ view: string }> = {
    help: handler,
    summary: handler,
    jobs: async (cmd) => ({ view: `jobs ${cmd.status}` }),
    unprotected: handler,
    vaults: handler,
    vault: async (cmd) => handler(cmd).then((v) => ({ view: `${v.view} ${cmd.name}` })),
    items: handler,
    item: handler,
    retry: handler,
    audit: handler,
    digest: handler,
    notify: handler,
    snooze: handler,
    unsnooze: handler,
    policies: handler,
    compliance: handler,
    alerts: handler,
  };
  const ctx = { caller: { platform: 'cli' as const, userId: 'ops' }, now: new Date(0) };
  expect(await dispatchCommand(handlers, { verb: 'vault', name: 'rsv-prod', filters: {} }, ctx)).toEqual({
    view: 'vault rsv-prod',
  });
  expect(seen).toEqual(['vault rsv-prod']);
});

test('toBackupFilters hands every tag to the query layer, in the order typed', () => {
  expect(toBackupFilters({ vault: 'v', tags: [{ key: 'env', value: 'prod' }] })).toEqual({
    vault: 'v',
    tags: [{ key: 'env', value: 'prod' }],
  });
  const both = [
    { key: 'env', value: 'prod' },
    { key: 'team', value: '' },
  ];
  expect(toBackupFilters({ tags: both })).toEqual({ tags: both });
  expect(toBackupFilters({ tags: [] })).toEqual({});
});
