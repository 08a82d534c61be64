// The binder: every value reaches KQL as one literal; hostile text is refused or stays a literal, never changes the query.
import fc from 'fast-check';
import {
  bindKql,
  KqlBindError,
  kqlDatetime,
  kqlString,
  kqlStringList,
  kqlTimespan,
  parseKqlTemplate,
} from '../../src/azure/kql-binder';
import { runQuery } from '../../src/sim/kql/run';
import { analyzeKql, syntaxShape } from '../support/kusto-analyzer';

const TEMPLATE = parseKqlTemplate(
  'probe.kql',
  [
    '// comment lines are dropped',
    'Resources',
    "| where type =~ 'microsoft.compute/virtualmachines'",
    '| where name =~ {{name:string}}  //? name',
    '| where resourceGroup in~ ({{groups:strings}})  //? groups',
    '| extend t = tostring(parse_json(tolower(tostring(tags)))[{{tagKey:string}}])',
    '| where todatetime(properties.timeCreated) > ago({{since:timespan}})',
    '| project id, name, t',
  ].join('\n'),
);

const bind = (name: string, group: string, tagKey = 'env') =>
  bindKql(TEMPLATE, { name, groups: [group, 'rg2'], tagKey, since: '7d' });

const FORBIDDEN = /[\p{Cc}\p{Cs}\u2028\u2029]/u;

describe('kqlString', () => {
  it('escapes backslashes and single quotes so the literal decodes to the input', () => {
    expect(kqlString("o'neil")).toBe("'o\\'neil'");
    expect(kqlString('a\\b')).toBe("'a\\\\b'");
    expect(kqlString('say "hi"')).toBe(`'say "hi"'`);
  });

  it.each([
    ['newline', 'rg\n| take 1'],
    ['carriage return', 'rg\r'],
    ['NUL', 'a\u0000b'],
    ['tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['C1 control', 'a\u0085b'],
    ['line separator', 'a\u2028b'],
    ['lone surrogate', 'a\ud800b'],
  ])('refuses %s with a user-facing error', (_what, value) => {
    expect(() => kqlString(value)).toThrow(KqlBindError);
  });

  it('refuses values longer than any Azure name', () => {
    expect(() => kqlString('x'.repeat(1025))).toThrow(/too long/);
    expect(kqlString('x'.repeat(1024))).toHaveLength(1026);
  });

  it('refuses an empty list (in~ () is not valid KQL) and timespans outside the whitelist', () => {
    expect(() => kqlStringList([])).toThrow();
    expect(() => kqlTimespan('30d')).toThrow();
    expect(() => kqlTimespan('1d) | take 1 | where ago(1d')).toThrow();
    expect(kqlTimespan('14d')).toBe('14d');
  });
});

describe('kqlDatetime and the datetime kind', () => {
  const probe = parseKqlTemplate(
    'when.kql',
    'Resources\n| where todatetime(properties.t) > {{since:datetime}}\n| project id, tenantId',
  );

  it('renders a Date as a datetime literal in UTC with milliseconds, which Kusto and the stand-in parse', () => {
    expect(kqlDatetime(new Date('2025-06-15T14:00:00+02:00'))).toBe('datetime(2025-06-15T12:00:00.000Z)');
    const query = bindKql(probe, { since: new Date('2025-06-15T12:00:00.123Z') });
    expect(query).toContain('> datetime(2025-06-15T12:00:00.123Z)');
    expect(analyzeKql(query)).toEqual([]);
    // One literal token, whatever the instant.
    const kinds = (q: string) => syntaxShape(q).tokens.map((t) => t.split(':')[0]);
    expect(kinds(query)).toEqual(kinds(bindKql(probe, { since: new Date(0) })));
    expect(kinds(query).filter((k) => k === 'DateTimeLiteralToken')).toHaveLength(1);
    const rows = [
      { id: 'a', properties: { t: '2025-06-15T12:00:00.124Z' } },
      { id: 'b', properties: { t: '2025-06-15T12:00:00.123Z' } },
    ];
    const answer = runQuery(query, (t) => (t === 'Resources' ? rows : undefined), { now: new Date() });
    expect(answer.rows.map((r) => r.id)).toEqual(['a']);
  });

  it("refuses anything but a valid Date within Kusto's range", () => {
    expect(() => kqlDatetime(new Date(Number.NaN))).toThrow(TypeError);
    expect(() => kqlDatetime(new Date('+010000-01-01T00:00:00Z'))).toThrow(/range/);
    expect(() => kqlDatetime(new Date('-000001-01-01T00:00:00Z'))).toThrow(/range/);
    expect(() => kqlDatetime('2025-01-01) | take 1' as unknown as Date)).toThrow(TypeError);
    expect(() => bindKql(probe, { since: '2025-06-15' })).toThrow(/must be a datetime/);
    expect(() => bindKql(probe, { since: 1_750_000_000_000 })).toThrow(/must be a datetime/);
    expect(() => bindKql(TEMPLATE, { tagKey: new Date(), since: '24h' })).toThrow(/must be a string/);
  });
});

describe('hostile filter values stay one literal', () => {
  const reference = syntaxShape(bind('x', 'y'));
  it.each([
    "x' or 1==1 //",
    "'; Resources | take 1",
    "x' | project id //",
    '\\',
    "\\'",
    "x\\' | take 1 | where name =~ '",
    '"',
    'a" or "b',
    "@'x'",
    "h'x'",
    "'''",
    '{{name:string}}',
    '}} | take 1 {{',
    '// comment',
    '/* block */',
    "') | union Resources | where ('",
    '\u202eevil',
    '😀 vm',
    "tag' ]) | project id //",
  ])('%j', (hostile) => {
    const query = bind(hostile, hostile, hostile);
    expect(analyzeKql(query)).toEqual([]);
    const shape = syntaxShape(query);
    expect(shape.tokens).toEqual(reference.tokens);
    // Literals in order: the type, name, first group, 'rg2', tag key.
    expect(shape.literals).toEqual([reference.literals[0], hostile, hostile, 'rg2', hostile]);
  });
});

describe('property: arbitrary strings', () => {
  const reference = syntaxShape(bind('x', 'y', 'z'));
  // Any UTF-16 code units, so lone surrogates and controls come up as well as quotes and backslashes.
  const anyText = fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    maxLength: 40,
  });
  const quoteHeavy = fc.string({
    unit: fc.constantFrom("'", '"', '\\', '|', '/', '{', '}', '(', ')', ' ', 'a', '@', 'h'),
    maxLength: 30,
  });

  it('bind to the same query structure with the value as a single literal, or are refused', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, quoteHeavy), fc.oneof(anyText, quoteHeavy), (name, group) => {
        if (FORBIDDEN.test(name) || FORBIDDEN.test(group)) {
          expect(() => bind(name, group, 'z')).toThrow(KqlBindError);
          return;
        }
        const query = bind(name, group, 'z');
        expect(analyzeKql(query).filter((d) => d.severity === 'Error')).toEqual([]);
        const shape = syntaxShape(query);
        expect(shape.tokens).toEqual(reference.tokens);
        expect(shape.literals).toEqual(reference.literals.map((l, i) => (i === 1 ? name : i === 2 ? group : l)));
      }),
      { numRuns: 150 },
    );
  });
});

describe('template convention', () => {
  it('drops comment lines and keeps an optional line only when its parameter is set', () => {
    const text = bindKql(TEMPLATE, { tagKey: 'k', since: '24h' });
    expect(text).not.toContain('//');
    expect(text).not.toContain('where name');
    expect(text).not.toContain('resourceGroup');
    expect(text.split('\n')[0]).toBe('Resources');
    expect(bindKql(TEMPLATE, { tagKey: 'k', since: '24h', name: 'vm1' })).toContain("| where name =~ 'vm1'");
  });

  it('refuses unknown parameters, missing required ones and values of the wrong kind', () => {
    expect(() => bindKql(TEMPLATE, { tagKey: 'k', since: '24h', nmae: 'typo' })).toThrow(/unknown parameter nmae/);
    expect(() => bindKql(TEMPLATE, { since: '24h' })).toThrow(/tagKey is required/);
    expect(() => bindKql(TEMPLATE, { tagKey: ['k'], since: '24h' })).toThrow(/must be a string/);
    expect(() => bindKql(TEMPLATE, { tagKey: 'k', since: 7 })).toThrow(/must be a timespan/);
  });

  it('refuses malformed templates', () => {
    expect(() => parseKqlTemplate('t', 'T | where a == {{x:sql}}')).toThrow(/unknown placeholder kind/);
    expect(() => parseKqlTemplate('t', 'T | where a == {{x}}')).toThrow(/malformed placeholder/);
    expect(() => parseKqlTemplate('t', 'T | where a == 1 // why')).toThrow(/trailing comments/);
    expect(() => parseKqlTemplate('t', 'T | where a == {{x:string}} and b in ({{x:strings}})')).toThrow(/used as/);
    expect(() => parseKqlTemplate('t', 'T | take 1  //? nothing')).toThrow(/names no placeholder/);
  });

  it('a value that looks like a placeholder is not expanded again', () => {
    const text = bindKql(TEMPLATE, { tagKey: '{{since:timespan}}', since: '24h' });
    expect(text).toContain("['{{since:timespan}}']");
  });
});

describe('repeated lines (`//* list`)', () => {
  const LISTED = parseKqlTemplate(
    'tags.kql',
    [
      'Resources',
      '| extend bag = parse_json(tolower(tostring(tags)))  //? ifTags',
      '| where tostring(bag[{{key:string}}]) =~ {{value:string}}  //* pairs',
      '| where isnotempty(tostring(bag[{{key:string}}]))  //* keys',
      '| project id',
    ].join('\n'),
  );

  it('writes the line once per record, in order, each record bound through the escaping binder', () => {
    const text = bindKql(LISTED, {
      ifTags: '',
      pairs: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: "o'neil" },
      ],
      keys: [{ key: 'owner' }],
    });
    expect(text.split('\n')).toEqual([
      'Resources',
      '| extend bag = parse_json(tolower(tostring(tags)))',
      "| where tostring(bag['env']) =~ 'prod'",
      "| where tostring(bag['team']) =~ 'o\\'neil'",
      "| where isnotempty(tostring(bag['owner']))",
      '| project id',
    ]);
    expect(analyzeKql(text)).toEqual([]);
  });

  it('an unset or empty list writes no line; a record missing a field or holding a non-string is refused', () => {
    expect(bindKql(LISTED, {})).toBe('Resources\n| project id');
    expect(bindKql(LISTED, { pairs: [] })).toBe('Resources\n| project id');
    expect(() => bindKql(LISTED, { pairs: [{ key: 'env' }] })).toThrow(/value is required/);
    expect(() => bindKql(LISTED, { keys: [{ key: 7 }] as never })).toThrow(/list of records of strings/);
    expect(() => bindKql(LISTED, { keys: ['owner'] })).toThrow(/list of records of strings/);
    expect(() => bindKql(LISTED, { keys: [{ key: 'a\nb' }] })).toThrow(KqlBindError);
  });

  it('a list name cannot also be a placeholder', () => {
    expect(() => parseKqlTemplate('t', 'T | where a == {{k:string}}  //* k')).toThrow(/both a list and a placeholder/);
  });
});
