// The digest, notify, snooze and unsnooze grammar as people type it: the forms from the issue, times and zones in their usual
// spellings, and a clear sentence (with the fix) for everything else.
import { formatCommand, parseCommand } from '../../../src/core/commands';

function parsed(text: string) {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.command;
}

function refused(text: string) {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`${text} parsed as ${formatCommand(r.command)}`);
  return r.error;
}

test('the four forms of digest, with schedule words in any order', () => {
  expect(parsed('digest')).toEqual({ verb: 'digest', action: 'show', filters: {} });
  expect(parsed('digest off')).toEqual({ verb: 'digest', action: 'off', filters: {} });
  expect(parsed('digest now vault:rsv-prod')).toEqual({
    verb: 'digest',
    action: 'now',
    filters: { vault: 'rsv-prod' },
  });
  expect(parsed('@Backup digest on quiet weekdays tz:europe/berlin 7:30 vault:rsv-prod type:sql')).toEqual({
    verb: 'digest',
    action: 'on',
    time: '07:30',
    timeZone: 'Europe/Berlin',
    days: 'weekdays',
    quiet: true,
    filters: { vault: 'rsv-prod', workload: 'sql' },
  });
  expect(formatCommand(parsed('digest on quiet weekdays tz:europe/berlin 7:30 vault:rsv-prod'))).toBe(
    'digest on 07:30 tz:Europe/Berlin weekdays quiet vault:rsv-prod',
  );
  // "digest 9am" and "digest weekdays" can only mean "turn it on like this".
  expect(parsed('digest 9am')).toMatchObject({ action: 'on', time: '09:00' });
  expect(parsed('digest on at 6:15 pm every day')).toMatchObject({ action: 'on', time: '18:15' });
});

test('digest refuses what it cannot honour, saying what to write instead', () => {
  expect(refused('digest on tz:CET').message).toMatch(/not a time zone.*Europe\/Berlin/);
  expect(refused('digest on tz:+01:00').code).toBe('bad-filter');
  expect(refused('digest on 25:00').message).toMatch(/means nothing to digest/);
  expect(refused('digest on since:7d').message).toMatch(/since: does not apply to digest/);
  expect(refused('digest off vault:rsv-prod').message).toMatch(/one digest per conversation/);
  expect(refused('digest now 08:00').message).toMatch(/belong to digest on/);
  expect(refused('digest on 08:00 09:00').message).toMatch(/time is given twice/);
  expect(refused('digest on daily weekdays').message).toMatch(/daily or weekdays/);
  expect(refused('digest on tag:a=1 tag:A=2').message).toMatch(/given twice/);
  expect(refused('digets on').suggestion).toBe('digest on');
  expect(refused('digest noww').suggestion).toBe('digest now');
});

test('snooze and unsnooze: an item, a length (1d, 7d, 30d, or in words), a name that reads like a length quoted', () => {
  expect(parsed('snooze')).toEqual({ verb: 'snooze', filters: {} });
  expect(parsed('snooze vm-web-01')).toEqual({ verb: 'snooze', item: 'vm-web-01', filters: {} });
  expect(parsed('snooze vm-web-01 a week vault:rsv-prod')).toEqual({
    verb: 'snooze',
    item: 'vm-web-01 a',
    length: '7d',
    filters: { vault: 'rsv-prod' },
  });
  expect(parsed('snooze master on sqlvm-02 30d')).toEqual({
    verb: 'snooze',
    item: 'master on sqlvm-02',
    length: '30d',
    filters: {},
  });
  expect(parsed('mute vm-web-01 month')).toMatchObject({ verb: 'snooze', length: '30d' });
  expect(parsed('unmute vm-web-01')).toEqual({ verb: 'unsnooze', item: 'vm-web-01', filters: {} });
  expect(formatCommand({ verb: 'snooze', item: 'week', length: '1d', filters: {} })).toBe('snooze "week" 1d');
  expect(parsed('snooze "week" 1d')).toEqual({ verb: 'snooze', item: 'week', length: '1d', filters: {} });
  expect(refused('snooze vm-web-01 3d').message).toMatch(/1d, 7d or 30d/);
  expect(refused('snooze 7d').message).toMatch(/needs the item/);
  expect(refused('unsnooze').message).toMatch(/needs the item/);
  expect(refused('snooze vm-web-01 type:vm').message).toMatch(/type: does not apply to snooze/);
});

test('notify: show, on with the usual filters, off; anything else is refused with the fix', () => {
  expect(parsed('notify')).toEqual({ verb: 'notify', action: 'show', filters: {} });
  expect(parsed('Notify ON vault:rsv-prod type:sql')).toEqual({
    verb: 'notify',
    action: 'on',
    filters: { vault: 'rsv-prod', workload: 'sql' },
  });
  expect(parsed('notifications off')).toEqual({ verb: 'notify', action: 'off', filters: {} });
  expect(formatCommand(parsed('notify on tag:"cost center"=ops'))).toBe('notify on tag:"cost center"=ops');
  expect(refused('notify onn').message).toMatch(/`onn` means nothing to notify; write on or off/);
  expect(refused('notify off vault:rsv-prod').message).toMatch(/notify off takes no filters/);
  expect(refused('notify on 08:00').message).toMatch(/means nothing to notify on/);
  expect(refused('notify on since:7d').message).toMatch(/since:/);
});
