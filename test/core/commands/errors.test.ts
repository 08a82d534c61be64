// What people see when a command is wrong: the closest command they can run, and for a bad filter exactly what is wrong.
import {
  decodeActionInline,
  OVERVIEW_USAGE,
  type ParseError,
  parseCommand,
  parseTypedCommand,
  usageOf,
} from '../../../src/core/commands';

function failed(text: string): ParseError {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected "${text}" to fail, got ${JSON.stringify(result.command)}`);
  return result.error;
}

describe('unknown commands get the closest command', () => {
  test.each([
    ['failed jobs', 'jobs failed'],
    ['failed', 'jobs failed'],
    ['show failures', 'jobs failed'],
    ['failures please', 'jobs failed'],
    ['faild jobs', 'jobs failed'],
    ['what failed', 'jobs failed'],
    ['running jobs', 'jobs running'],
    ['all jobs', 'jobs all'],
    ['vualt health', 'vaults'],
    ['not protected', 'unprotected'],
    ['backup health', 'summary'],
    ['jbos', 'jobs failed'],
    ['jbos running', 'jobs running'],
    ['vualts', 'vaults'],
    ['sumary', 'summary'],
    ['unprotectd vm', 'unprotected vm'],
    ['hlep', 'help'],
    ['what can you do', 'help'],
    ['any errors in my backups', 'jobs failed'],
  ])('%s → %s', (text, suggestion) => {
    const error = failed(text);
    expect(error.code).toBe('unknown-command');
    expect(error.suggestion).toBe(suggestion);
    expect(error.message).toContain(`Did you mean \`${suggestion}\`?`);
    expect(error.usage).toBe(OVERVIEW_USAGE);
  });

  test('the filters the user typed are kept in the suggestion', () => {
    expect(failed('failed jobs since:7d vault:rsv-prod').suggestion).toBe('jobs failed vault:rsv-prod since:7d');
    expect(failed('jbos running type:sql').suggestion).toBe('jobs running type:sql');
  });

  test('nothing close: no guess, a pointer to help and the usage line', () => {
    const error = failed('make me a sandwich');
    expect(error.suggestion).toBeUndefined();
    expect(error.message).toBe('I don\'t know "make me a sandwich". Try `help`.');
    expect(error.usage).toBe(OVERVIEW_USAGE);
  });

  test('"vault health" asks whether the vault list was meant, and how to name a vault "health"', () => {
    const error = failed('vault health');
    expect(error.suggestion).toBe('vaults');
    expect(error.message).toContain('vault "health"');
  });

  test('help on an unknown topic names the closest command', () => {
    expect(failed('help jbos').suggestion).toBe('help jobs');
  });
});

describe('bad words after a command', () => {
  test('a typo of a job state or workload is corrected, the rest kept', () => {
    const error = failed('jobs failde since:7d');
    expect(error.code).toBe('bad-argument');
    expect(error.suggestion).toBe('jobs failed since:7d');
    expect(error.usage).toBe(usageOf('jobs'));
    expect(failed('unprotected vmss').suggestion).toBe('unprotected vm');
  });

  test('conflicting states or workloads are refused', () => {
    expect(failed('jobs failed running').message).toContain('Pick one of failed, running or all');
    expect(failed('unprotected vm sql').message).toContain('Pick one workload');
  });

  test('a filter the command does not take is named, and the suggestion drops it', () => {
    const error = failed('unprotected vm since:7d');
    expect(error.message).toContain('since: does not apply to unprotected');
    expect(error.suggestion).toBe('unprotected vm');
    expect(failed('summary page:2').suggestion).toBe('summary');
    expect(failed('item vm1 type:vm').message).toContain('item takes sub: rg: vault:');
  });

  test('missing names say what to write', () => {
    expect(failed('item')).toMatchObject({ code: 'bad-argument', example: 'item vm-web-01', usage: usageOf('item') });
    expect(failed('retry vault:rsv-prod')).toMatchObject({ example: 'retry vm-web-01' });
  });

  test('retry refuses more than 500 items at once', () => {
    const items = Array.from({ length: 501 }, (_, i) => `vm${i}`).join(' ');
    expect(failed(`retry ${items}`).message).toContain('at most 500');
  });

  test('page numbers and confirmation codes are checked', () => {
    expect(failed('jobs page:0').message).toContain('not a page number');
    expect(failed('retry vm1 confirm:"a b"').message).toContain('confirmation code');
    expect(failed('jobs confirm:abc').message).toContain('retry only');
  });
});

describe('bad filters say exactly what is wrong and show an example', () => {
  test('since beyond 14 days: ARG keeps jobs 14 days; the suggestion uses 14d', () => {
    const error = failed('jobs failed since:30d vault:rsv-prod');
    expect(error.code).toBe('bad-filter');
    expect(error.message).toContain('keeps backup jobs for 14 days');
    expect(error.message).toContain('since:14d');
    expect(error.suggestion).toBe('jobs failed vault:rsv-prod since:14d');
    expect(error.example).toBe('since:7d');
  });

  test('a window ARG has but we do not offer lists the ones we do', () => {
    expect(failed('jobs since:3d').message).toContain('Use since:24h, since:7d or since:14d.');
    expect(failed('jobs since:yesterday').message).toContain('is not a time window');
  });

  test('an unknown workload lists the workloads, and a close one is suggested', () => {
    const error = failed('jobs type:foo');
    expect(error.message).toBe(
      '"foo" is not a workload. Use one of: vm, sql, hana, files, blobs, disks, postgres, aks.',
    );
    expect(error.suggestion).toBeUndefined();
    expect(failed('jobs type:postgress').suggestion).toBe('jobs failed type:postgres');
  });

  test('a tag without = shows the form to use', () => {
    const error = failed('unprotected tag:env');
    expect(error.message).toBe('tag:env has no value: write tag:<key>=<value> (or tag:env= for any value).');
    expect(error.example).toBe('tag:env=prod');
  });

  test('the same tag twice, or too many tags, are refused', () => {
    expect(failed('jobs tag:env=a tag:ENV=b').message).toContain('given twice');
    const tags = Array.from({ length: 17 }, (_, i) => `tag:k${i}=v`).join(' ');
    expect(failed(`jobs ${tags}`).message).toContain('At most 16 tag filters');
  });

  test('an unknown filter key names the closest one; empty and duplicate filters are refused', () => {
    const error = failed('jobs valut:rsv-prod');
    expect(error.message).toContain('valut: is not a filter. Did you mean vault:?');
    expect(error.suggestion).toBe('jobs failed vault:rsv-prod');
    expect(failed('jobs foo:bar').message).toContain('foo: is not a filter. Filters are sub: rg: vault:');
    expect(failed('jobs vault:').message).toContain('The vault filter is empty');
    expect(failed('jobs vault:a vault:b').message).toContain('vault: is given twice');
  });

  test('control characters in a value are refused with the domain wording', () => {
    expect(failed('jobs vault:"a\u0007b"').message).toContain('control characters');
  });

  test('an absurdly long message is refused without being parsed', () => {
    expect(failed(`jobs ${'x'.repeat(400_000)}`).code).toBe('too-long');
  });

  test('typed text over 4,000 characters is refused by its length alone, before tokenizing or suggesting', () => {
    // Each text below would parse (or get a suggestion) if it were read: the refusal shows it was not.
    const padded = (text: string, length: number) => text + ' '.repeat(length - text.length);
    for (const text of [padded('jobs failed', 200_000), padded('jbos', 4_001), padded('help', 4_001)]) {
      const result = parseTypedCommand(text);
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'too-long',
          message: `That message is too long to be a command (${text.length.toLocaleString('en-US')} characters; commands are at most 4,000).`,
          usage: usageOf(undefined),
        },
      });
    }
    expect(parseTypedCommand(padded('jobs failed', 4_000))).toEqual(parseCommand('jobs failed'));
  });

  test('a click carrying an inline command longer than the bot ever writes is refused as damaged, unparsed', () => {
    const click = JSON.stringify({ v: 1, c: `jobs failed ${' '.repeat(5_000)}` });
    expect(decodeActionInline(click)).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    expect(decodeActionInline(JSON.stringify({ v: 1, c: 'jobs failed' }))).toMatchObject({ ok: true });
  });
});
