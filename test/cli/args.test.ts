// The CLI's argument reading: shell words become the chat grammar's command, flags are the CLI's own.
import { parseCliArgs, UsageError } from '../../src/cli/args';

const query = (...words: string[]) => {
  const args = parseCliArgs(words);
  if (args.kind !== 'query') throw new Error('expected a query');
  return args;
};

test('shell-split values with spaces stay one filter value; tag keys and values keep their text', () => {
  const { command } = query('query', 'jobs', 'all', 'sub:Contoso Prod', 'tag:cost center=ops team', 'since:7d');
  expect(command).toMatchObject({
    verb: 'jobs',
    status: 'all',
    filters: { subscription: 'Contoso Prod', tags: [{ key: 'cost center', value: 'ops team' }], since: '7d' },
  });
});

test('Azure item names with semicolons, quotes and trailing punctuation reach the item lookup unchanged', () => {
  for (const ref of ['VM;iaasvmcontainerv2;rg-app;vm-web-01', 'SQLDataBase;mssqlserver;sales.', 'db \'quoted\' "x"']) {
    expect(query('query', 'item', ref).command).toMatchObject({ verb: 'item', ref });
  }
});

test('items is the chat verb: a workload, one state word and the filters; instances stays the CLI view', () => {
  expect(query('query', 'items', 'stale', 'vm', 'vault:rsv-prod').command).toEqual({
    verb: 'items',
    state: 'stale',
    filters: { workload: 'vm', vault: 'rsv-prod' },
  });
  expect(query('query', 'items', 'soft-deleted').command).toEqual({ verb: 'items', state: 'stopped', filters: {} });
  expect(query('query', 'instances').command).toEqual({ verb: 'instances', filters: {} });
  expect(() => parseCliArgs(['query', 'items', 'stale', 'failing'])).toThrow(/Pick one of protected, stopped/);
});

test('instances takes the summary filters; page:<n> and --limit set the page', () => {
  const args = query('query', 'instances', 'type:sql', 'rg:rg-db', '--limit', '20');
  expect(args.command).toEqual({ verb: 'instances', filters: { workload: 'sql', resourceGroup: 'rg-db' } });
  expect(args.flags).toEqual({ json: false, showQuery: false, limit: 20, all: false });
  expect(query('query', 'unprotected', 'vm', 'page:3', '--json').command).toMatchObject({ workload: 'vm', page: 3 });
});

test('--help, or no words at all, asks for the usage text', () => {
  expect(parseCliArgs(['--help']).kind).toBe('help');
  expect(parseCliArgs([]).kind).toBe('help');
});

test.each([
  [['query', 'retry', 'vm-web-01'], /not a view the CLI can query/],
  [['query', 'jobs', '--wide'], /unknown option --wide/],
  [['query', 'jobs', '--limit', '0'], /--limit takes a whole number from 1 to 5000/],
  [['query', 'jobs', 'failed', 'sinse:7d'], /Did you mean: jobs failed since:7d\?/],
])('%j is a usage error', (words, message) => {
  expect(() => parseCliArgs(words)).toThrow(UsageError);
  expect(() => parseCliArgs(words)).toThrow(message);
});

test('--all streams jobs only, and takes neither --limit nor page:', () => {
  expect(query('query', 'jobs', 'all', 'since:14d', '--all').flags.all).toBe(true);
  expect(() => parseCliArgs(['query', 'instances', '--all'])).toThrow(/--all applies to the jobs view only/);
  expect(() => parseCliArgs(['query', 'jobs', '--all', '--limit', '5'])).toThrow(/leave out --limit and page:/);
  expect(() => parseCliArgs(['query', 'jobs', 'page:2', '--all'])).toThrow(/leave out --limit and page:/);
});

test('digest reads the chat filters and refuses the flags of a list', () => {
  const args = parseCliArgs(['digest', 'vault:rsv-prod', 'type:sql', '--json']);
  expect(args).toMatchObject({
    kind: 'digest',
    filters: { vault: 'rsv-prod', workload: 'sql' },
    flags: { json: true },
  });
  expect(() => parseCliArgs(['digest', '--all'])).toThrow(/digest takes no --all or --limit/);
  expect(() => parseCliArgs(['digest', 'on', '08:00'])).toThrow(UsageError);
});

test('several tag: words are all kept, in order (all must match)', () => {
  const { command } = query('query', 'unprotected', 'vm', 'tag:env=prod', 'tag:cost center=', 'tag:team=payments');
  expect(command).toMatchObject({
    filters: {
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'cost center', value: '' },
        { key: 'team', value: 'payments' },
      ],
    },
  });
});
