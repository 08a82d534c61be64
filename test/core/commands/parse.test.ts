// What people type becomes the command they meant: every form of the grammar, and the ways chat mangles it.
import { type Command, formatCommand, parseCommand } from '../../../src/core/commands';

function parsed(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.error.message}`);
  return result.command;
}

function failure(text: string) {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected "${text}" to be refused`);
  return result.error;
}

describe('grammar', () => {
  test.each<[string, Command]>([
    ['help', { verb: 'help' }],
    ['help jobs', { verb: 'help', topic: 'jobs' }],
    ['help filters', { verb: 'help', topic: 'filters' }],
    ['summary', { verb: 'summary', filters: {} }],
    ['jobs', { verb: 'jobs', status: 'failed', filters: {} }],
    ['jobs failed', { verb: 'jobs', status: 'failed', filters: {} }],
    ['jobs running', { verb: 'jobs', status: 'running', filters: {} }],
    ['jobs all', { verb: 'jobs', status: 'all', filters: {} }],
    ['unprotected', { verb: 'unprotected', filters: {} }],
    ['unprotected sql', { verb: 'unprotected', workload: 'sql', filters: {} }],
    ['unprotected type:aks', { verb: 'unprotected', workload: 'aks', filters: {} }],
    ['vaults', { verb: 'vaults', filters: {} }],
    ['vault rsv-prod', { verb: 'vault', name: 'rsv-prod', filters: {} }],
    ['item vm-web-01', { verb: 'item', ref: 'vm-web-01', filters: {} }],
    ['retry vm-web-01', { verb: 'retry', items: ['vm-web-01'], filters: {} }],
    ['audit', { verb: 'audit' }],
    ['audit since:30d', { verb: 'audit', since: '30d' }],
  ])('%s', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });

  test('every filter, in any order, lands in its field', () => {
    const cmd = parsed(
      'jobs running since:7d location:"West Europe" tag:env=prod tag:"cost center"=ops type:vm vault:rsv-prod rg:rg-app sub:Production',
    );
    expect(cmd).toEqual({
      verb: 'jobs',
      status: 'running',
      filters: {
        subscription: 'Production',
        resourceGroup: 'rg-app',
        vault: 'rsv-prod',
        workload: 'vm',
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'cost center', value: 'ops' },
        ],
        location: 'westeurope',
        since: '7d',
      },
    });
    expect(formatCommand(cmd)).toBe(
      'jobs running sub:Production rg:rg-app vault:rsv-prod type:vm tag:env=prod tag:"cost center"=ops location:westeurope since:7d',
    );
  });

  test('a subscription can be named by id, and quoted names keep their spaces', () => {
    expect(parsed('summary sub:0b2e9c1a-1111-2222-3333-444455556666')).toEqual({
      verb: 'summary',
      filters: { subscription: '0b2e9c1a-1111-2222-3333-444455556666' },
    });
    expect(parsed('vaults sub:"Contoso Production"')).toEqual({
      verb: 'vaults',
      filters: { subscription: 'Contoso Production' },
    });
  });

  test('tag:key= matches any value of the key; a value may contain =', () => {
    expect(parsed('unprotected tag:env=')).toMatchObject({ filters: { tags: [{ key: 'env', value: '' }] } });
    expect(parsed('unprotected tag:expr=a=b')).toMatchObject({ filters: { tags: [{ key: 'expr', value: 'a=b' }] } });
  });

  test.each(['summary', 'jobs failed', 'unprotected vm', 'digest on', 'notify on'])(
    '%s takes several tag: filters, all kept in order and printed back the same',
    (head) => {
      const cmd = parsed(`${head} tag:env=prod tag:team=payments tag:owner=`);
      expect(cmd).toMatchObject({
        filters: {
          tags: [
            { key: 'env', value: 'prod' },
            { key: 'team', value: 'payments' },
            { key: 'owner', value: '' },
          ],
        },
      });
      const text = formatCommand(cmd);
      expect(text).toContain('tag:env=prod tag:team=payments tag:owner=');
      expect(parsed(text)).toEqual(cmd);
    },
  );

  test('policies: a name, "unused" and a workload word, with the vault filters; printed back the same', () => {
    expect(parsed('policies')).toEqual({ verb: 'policies', filters: {} });
    expect(parsed('policy unused for vms vault:rsv-prod tag:env=prod tag:team= page:2')).toEqual({
      verb: 'policies',
      unused: true,
      filters: {
        vault: 'rsv-prod',
        workload: 'vm',
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: '' },
        ],
      },
      page: 2,
    });
    expect(parsed('policies DefaultPolicy sub:Production')).toEqual({
      verb: 'policies',
      name: 'DefaultPolicy',
      filters: { subscription: 'Production' },
    });
    // A policy named like a keyword is written in quotes, and printed that way.
    for (const name of ['vm', 'unused', 'for', 'Daily Policy', 'a:b']) {
      const cmd = { verb: 'policies' as const, name, filters: {} };
      expect(parsed(formatCommand(cmd))).toEqual(cmd);
    }
    expect(formatCommand(parsed('policies unused type:sql rg:rg-backup'))).toBe(
      'policies unused rg:rg-backup type:sql',
    );
    expect(failure('policies since:7d').message).toContain('since');
  });

  test('items: a workload, one state word (synonyms land on the four states), filters and paging; printed back', () => {
    expect(parsed('items')).toEqual({ verb: 'items', filters: {} });
    expect(parsed('show items stale for vms in vault:rsv-prod page:2')).toEqual({
      verb: 'items',
      state: 'stale',
      filters: { workload: 'vm', vault: 'rsv-prod' },
      page: 2,
    });
    for (const [word, state] of [
      ['protected', 'protected'],
      ['active', 'protected'],
      ['suspended', 'stopped'],
      ['soft-deleted', 'stopped'],
      ['failed', 'failing'],
      ['overdue', 'stale'],
    ] as const) {
      expect(parsed(`items ${word}`)).toEqual({ verb: 'items', state, filters: {} });
    }
    expect(parsed('instances failing type:sql')).toEqual({
      verb: 'items',
      state: 'failing',
      filters: { workload: 'sql' },
    });
    expect(formatCommand(parsed('items type:disks stale tag:env=prod sub:Production'))).toBe(
      'items stale sub:Production type:disks tag:env=prod',
    );
    expect(failure('items stale failing').message).toBe(
      'Pick one of protected, stopped, failing, stale (you wrote stale and failing).',
    );
    expect(failure('items since:7d').message).toContain('since');
    expect(failure('items 7d').message).toContain('7d');
    expect(failure('items stael').suggestion).toBe('items stale');
    // No command word at all: the closest command, by phrase or by keyword.
    expect(failure('overdue backups').suggestion).toBe('items stale');
    expect(failure('which backups are stale?').suggestion).toBe('items stale');
    expect(parsed('backup instances')).toEqual({ verb: 'items', filters: {} });
    expect(failure('protected items').suggestion).toBe('items');
  });

  test('since accepts 1d and 168h as the windows they equal', () => {
    expect(parsed('jobs since:1d')).toMatchObject({ filters: { since: '24h' } });
    expect(parsed('jobs since:168h')).toMatchObject({ filters: { since: '7d' } });
  });

  test('jobs failed code:<error code> picks one error code; other lists and other verbs refuse it', () => {
    expect(parsed('jobs failed code:UserErrorVmNotInDesirableState page:2')).toEqual({
      verb: 'jobs',
      status: 'failed',
      code: 'UserErrorVmNotInDesirableState',
      filters: {},
      page: 2,
    });
    expect(parsed('jobs error:400239 since:7d')).toEqual({
      verb: 'jobs',
      status: 'failed',
      code: '400239',
      filters: { since: '7d' },
    });
    expect(failure('jobs running code:400239').message).toContain('does not apply to running or all jobs');
    expect(failure('vaults code:400239').message).toBe('code: belongs to jobs failed only.');
    expect(failure('jobs failed code:"two words"').message).toContain('"two words" is not an error code');
  });

  test('paging: page:<n> or "page <n>", and an opaque cursor', () => {
    expect(parsed('jobs failed page:3')).toEqual({ verb: 'jobs', status: 'failed', filters: {}, page: 3 });
    expect(parsed('vaults page 2')).toEqual({ verb: 'vaults', filters: {}, page: 2 });
    expect(parsed('unprotected vm cursor:abc123==')).toEqual({
      verb: 'unprotected',
      workload: 'vm',
      filters: {},
      cursor: 'abc123==',
    });
  });

  test('item takes a multi-word name or an ARM id; vault:/rg:/sub: narrow it', () => {
    expect(parsed('item SQL Server 2019 vault:rsv-prod')).toEqual({
      verb: 'item',
      ref: 'SQL Server 2019',
      filters: { vault: 'rsv-prod' },
    });
    const id =
      '/subscriptions/0b2e/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/' +
      'protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg;vm1/protectedItems/VM;iaasvmcontainerv2;rg;vm1';
    expect(parsed(`item ${id}`)).toEqual({ verb: 'item', ref: id, filters: {} });
  });

  test('retry takes several items and the confirmation token from the Confirm button', () => {
    expect(parsed('retry vm1 "my vm" confirm:tok_123-x')).toEqual({
      verb: 'retry',
      items: ['vm1', 'my vm'],
      filters: {},
      confirm: 'tok_123-x',
    });
  });

  test('audit takes a bare window too, and keeps longer windows than ARG', () => {
    expect(parsed('audit 90d')).toEqual({ verb: 'audit', since: '90d' });
    expect(parsed('audit since:48h')).toEqual({ verb: 'audit', since: '2d' });
  });
});

describe('forgiving input', () => {
  test.each([
    ['<at>Backup</at> jobs failed since:7d', 'jobs failed since:7d'],
    ['<at id="0">Backup Center</at>&nbsp;jobs&nbsp;failed', 'jobs failed'],
    ['<p><at>Backup</at> vaults</p>', 'vaults'],
    ['<@U123ABC> unprotected vms', 'unprotected vm'],
    ['<@U123ABC|backup> jobs running', 'jobs running'],
    ['@Backup jobs', 'jobs failed'],
    ['/backup jobs failed since:7d vault:rsv-prod', 'jobs failed vault:rsv-prod since:7d'],
    ['backup vaults', 'vaults'],
    ['JOBS   Failed\n  SINCE:7D', 'jobs failed since:7d'],
    ['  jobs\tfailed  ', 'jobs failed'],
    ['jobs failed?', 'jobs failed'],
    ['jobs failed since:7d.', 'jobs failed since:7d'],
    ['vaults!', 'vaults'],
    ['unprotected tag:“cost center”=ops', 'unprotected tag:"cost center"=ops'],
    ['vaults sub:‘Contoso Prod’', 'vaults sub:"Contoso Prod"'],
    ['jobs vault:&quot;rsv prod&quot;', 'jobs failed vault:"rsv prod"'],
    ['unprotected tag:R&amp;D=yes', 'unprotected tag:R&D=yes'],
    ['retry vm1, vm2, vm3', 'retry vm1 vm2 vm3'],
    ['show jobs running', 'jobs running'],
    ['list vaults', 'vaults'],
    ['jobs failed in the last 7 days for vms', 'jobs failed type:vm since:7d'],
    ['jobs 14d', 'jobs failed since:14d'],
    ['job failures', 'jobs failed'],
    ['jobs in-progress', 'jobs running'],
    ['overview', 'summary'],
    ['status sub:Production', 'summary sub:Production'],
    ['rerun vm1', 'retry vm1'],
    ['vault', 'vaults'],
    ['vault rg:rg-app', 'vaults rg:rg-app'],
    ['item\u200b vm1', 'item vm1'],
    ['jobs --help', 'help jobs'],
    ['retry -h', 'help retry'],
    ['', 'help'],
    ['<at>Backup</at>', 'help'],
    ['?', 'help'],
  ])('%j → %s', (text, canonical) => {
    const result = parseCommand(text);
    expect(result.ok && formatCommand(result.command)).toBe(canonical);
  });

  test('workload synonyms', () => {
    const synonyms: Record<string, string[]> = {
      vm: ['vm', 'vms', 'virtualmachine', 'VirtualMachines', 'iaasvm'],
      sql: ['sql', 'sqldb', 'SQLDB'],
      hana: ['hana', 'saphana', 'sap-hana'],
      files: ['files', 'fileshare', 'fileshares', 'file-share'],
      blobs: ['blobs', 'blob'],
      disks: ['disks', 'disk', 'manageddisks'],
      postgres: ['postgres', 'postgresql', 'pg'],
      aks: ['aks', 'kubernetes', 'k8s'],
    };
    for (const [workload, words] of Object.entries(synonyms)) {
      for (const word of words) {
        expect(parsed(`unprotected ${word}`)).toMatchObject({ workload });
        expect(parsed(`jobs type:${word}`)).toMatchObject({ filters: { workload } });
      }
    }
  });

  test('filter keys accept their long names', () => {
    expect(formatCommand(parsed('jobs subscription:Prod resourcegroup:rg1 region:westeurope workload:sql'))).toBe(
      'jobs failed sub:Prod rg:rg1 type:sql location:westeurope',
    );
  });

  test('a name that clashes with a keyword is reachable by quoting it', () => {
    expect(parsed('vault "health"')).toEqual({ verb: 'vault', name: 'health', filters: {} });
    expect(parsed('item "help"')).toEqual({ verb: 'item', ref: 'help', filters: {} });
    expect(parsed('item "a:b"')).toEqual({ verb: 'item', ref: 'a:b', filters: {} });
  });

  test('apostrophes inside a value are literal; an unclosed quote runs to the end', () => {
    expect(parsed("vaults sub:Bob's")).toEqual({ verb: 'vaults', filters: { subscription: "Bob's" } });
    expect(parsed('vaults sub:"Contoso Prod')).toEqual({ verb: 'vaults', filters: { subscription: 'Contoso Prod' } });
  });

  test('a quoted value keeps trailing punctuation that an unquoted one loses', () => {
    expect(parsed('item "vm.01."')).toMatchObject({ ref: 'vm.01.' });
    expect(parsed('item vm.01.')).toMatchObject({ ref: 'vm.01' });
  });

  test('Slack auto-links are unwrapped to the text the user typed', () => {
    expect(parsed('item <http://vm.contoso.com|vm.contoso.com>')).toMatchObject({ ref: 'vm.contoso.com' });
  });
});
