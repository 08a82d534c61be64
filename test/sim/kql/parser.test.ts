// Syntax: what parses, ARG-style ParserFailure errors with positions, and constructs refused by name.
import { INVALID_QUERY_MESSAGE, KqlError, parseQuery } from '../../../src/sim/kql';
import { kqlError, rows } from './helpers';

const T = { Resources: [{ id: 'a', name: "it's", properties: { 'odd.key': 1, 'odd name': 2 } }] };

function parseError(query: string): KqlError {
  try {
    parseQuery(query);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error(`expected a parse error for: ${query}`);
}

describe('syntax errors', () => {
  it('reports a missing expression at the end of the query with its position', () => {
    const e = parseError('Resources | where');
    expect(e.code).toBe('ParserFailure');
    expect(e.position).toEqual({ line: 1, column: 18, offset: 17 });
    expect(e.message.startsWith(INVALID_QUERY_MESSAGE)).toBe(true);
    expect(e.detail).toBe("mismatched input '<EOF>' expecting an expression at line 1 col 18");
  });

  it('points at the offending token on a later line', () => {
    const e = parseError('Resources\n| project a,, b');
    expect(e.position).toEqual({ line: 2, column: 13, offset: 22 });
    expect(e.detail).toContain("mismatched input ','");
  });

  it('reports extraneous input after a complete operator', () => {
    const q = "Resources | where name == 'x' name";
    const e = parseError(q);
    expect(e.detail).toContain("extraneous input 'name'");
    expect(e.position?.offset).toBe(q.lastIndexOf('name'));
  });

  it('reports unterminated strings and unknown characters', () => {
    expect(parseError('Resources | where name == "x').detail).toContain('unterminated string literal at line 1 col 27');
    expect(parseError('Resources | where # ').detail).toContain("token recognition error at: '#'");
  });

  it('reports an unknown operator as a syntax error', () => {
    const e = parseError('Resources | frobnicate');
    expect(e.code).toBe('ParserFailure');
    expect(e.detail).toContain("no viable alternative at input 'frobnicate'");
  });

  it('rejects a bad datetime literal', () => {
    expect(parseError('Resources | where todatetime(id) > datetime(2024-13-45)').detail).toContain(
      'invalid datetime literal',
    );
  });
});

describe('constructs outside the subset are refused by name', () => {
  it.each([
    ['Resources | make-series count() on t step 1d', "the operator 'make-series'"],
    ['Resources | parse kind=relaxed name with a "-" b', 'parse kind=relaxed'],
    ['Resources | render table', "the operator 'render'"],
    ['Resources | evaluate bag_unpack(properties)', "the operator 'evaluate'"],
    ['Resources | sample 3', "the operator 'sample'"],
    ['Resources | as T', "the operator 'as'"],
    ['Resources | mv-apply x = properties on (take 1)', "the operator 'mv-apply'"],
    ['Resources | lookup (ResourceContainers) on id', "the operator 'lookup'"],
    ['Resources | project-keep id', "the operator 'project-keep'"],
    ['print 1', "the 'print' statement"],
    ['datatable(a:long)[1]', "the 'datatable' statement"],
    ['let T = Resources | take 1; T', 'a tabular let statement'],
    ['let f = (a:long) { a }; Resources', 'a user-defined function'],
    ['Resources | join kind=leftanti (Resources) on id', "the join kind 'leftanti'"],
    ['Resources | join hint.strategy=broadcast (Resources) on id', "the query hint 'hint.strategy'"],
    ['union isfuzzy=true Resources, ResourceContainers', "union's isfuzzy option"],
    ['Resources | summarize percentile(toint(properties.x), 50)', "the aggregate function 'percentile'"],
    ['Resources | extend u = parse_url(id)', "the function 'parse_url'"],
    ['Resources | extend c = hasPermission("x/action")', "the function 'hasPermission'"],
    ['Resources; ResourceContainers', 'more than one query statement'],
  ])('%s', (query, construct) => {
    const e = kqlError(query, T);
    expect(e.code).toBe('UnsupportedConstruct');
    expect(e.detail).toContain(`${construct} is not supported by this Resource Graph stand-in`);
    expect(e.position).toBeDefined();
  });
});

describe('lexical forms', () => {
  it('accepts comments, both quote styles, escapes, verbatim and obfuscated strings', () => {
    const q = `Resources // the table
      | project a = 'x\\'y', b = "tab\\there", c = @'c:\\dir', d = @"say ""hi""", e = h'secret', f = '\\u0041'`;
    expect(rows(q, T)).toEqual([{ a: "x'y", b: 'tab\there', c: 'c:\\dir', d: 'say "hi"', e: 'secret', f: 'A' }]);
  });

  it('accepts bracketed names and quoted property keys', () => {
    const q =
      "Resources | project ['my col'] = properties['odd.key'], o = properties['odd name'] | where ['my col'] == 1";
    expect(rows(q, T)).toEqual([{ 'my col': 1, o: 2 }]);
  });

  it('reads timespan literals in every unit', () => {
    const q =
      'Resources | project a = 1d, b = 2h, c = 30m, d = 10s, e = 100ms, f = 1.5h, g = time(1.02:03:04), h = timespan(10m)';
    expect(rows(q, T)).toEqual([
      {
        a: '1.00:00:00',
        b: '02:00:00',
        c: '00:30:00',
        d: '00:00:10',
        e: '00:00:00.1000000',
        f: '01:30:00',
        g: '1.02:03:04',
        h: '00:10:00',
      },
    ]);
  });

  it('produces a syntax tree for tests and tools', () => {
    const ast = parseQuery("let x = 5;\nResources | where name == 'a' | summarize count() by type");
    expect(ast.lets.map((l) => l.name)).toEqual(['x']);
    expect(ast.body.operators.map((o) => o.kind)).toEqual(['where', 'summarize']);
  });
});

describe('names', () => {
  it('accepts table names in any case, like ARG', () => {
    expect(rows('resources | count', T)).toEqual([{ Count: 1 }]);
    expect(rows('RESOURCES | count', T)).toEqual([{ Count: 1 }]);
  });

  it('names an unknown table and an unknown column with their positions', () => {
    const table = kqlError('Reosurces | take 1', T);
    expect(table.code).toBe('SemanticError');
    expect(table.detail).toContain("'Reosurces'");
    expect(table.position?.offset).toBe(0);
    const q = "Resources | where nme == 'x'";
    const column = kqlError(q, T);
    expect(column.code).toBe('SemanticError');
    expect(column.detail).toContain("Failed to resolve scalar expression named 'nme'");
    expect(column.position?.offset).toBe(q.indexOf('nme'));
  });

  it('treats column names as case-sensitive, like Kusto', () => {
    expect(kqlError("Resources | where Name == 'x'", T).detail).toContain("'Name'");
  });

  it('binds scalar let statements', () => {
    expect(
      rows("let n = 'a'; let since = ago(1d); Resources | where id == n and now() > since | project id", T),
    ).toEqual([{ id: 'a' }]);
  });

  it('refuses a bare null and points to typed nulls', () => {
    expect(kqlError('Resources | extend x = null', T).detail).toContain('dynamic(null)');
  });
});
