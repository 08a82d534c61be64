// `alerts [active|all] [workload] [filters]`: what people type becomes the alerts command, printed back the same.
import { type Command, formatCommand, parseCommand } from '../../../src/core/commands';

function parsed(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.error.message}`);
  return result.command;
}

function refused(text: string) {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected "${text}" to be refused`);
  return result.error;
}

test.each<[string, Command]>([
  ['alerts', { verb: 'alerts', kind: 'active', filters: {} }],
  ['alert', { verb: 'alerts', kind: 'active', filters: {} }],
  ['alerts open', { verb: 'alerts', kind: 'active', filters: {} }],
  ['alerts all since:7d', { verb: 'alerts', kind: 'all', filters: { since: '7d' } }],
  ['alerts all 14 days', { verb: 'alerts', kind: 'all', filters: { since: '14d' } }],
  ['alerts sql vault:rsv-prod', { verb: 'alerts', kind: 'active', filters: { workload: 'sql', vault: 'rsv-prod' } }],
  [
    'alerts active tag:env=prod tag:team=payments page:2',
    {
      verb: 'alerts',
      kind: 'active',
      filters: {
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'payments' },
        ],
      },
      page: 2,
    },
  ],
])('%s', (text, want) => {
  expect(parsed(text)).toEqual(want);
});

test('printed in canonical form, which parses back to the same command', () => {
  for (const text of ['alerts', 'alerts all vms rg:rg-backup since:24h', 'alert open location:westeurope']) {
    const cmd = parsed(text);
    expect(parsed(formatCommand(cmd))).toEqual(cmd);
  }
  expect(formatCommand(parsed('alerts all vms rg:rg-backup'))).toBe('alerts all rg:rg-backup type:vm');
});

test('active and all together, or an unknown word, are refused with a way out', () => {
  expect(refused('alerts active all').message).toContain('Pick active or all');
  expect(refused('alerts actve').suggestion).toBe('alerts active');
  expect(refused('alerts since:30d').message).toContain('14 days');
});

test('"active alerts" and "security alerts" lead to alerts', () => {
  expect(refused('active alerts').suggestion).toBe('alerts active');
  expect(refused('show me security alerts').suggestion).toBe('alerts active');
});
