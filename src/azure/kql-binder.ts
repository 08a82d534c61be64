// The one way any value reaches KQL: typed placeholders in .kql templates, filled with escaped literals.
// Template convention: `{{name:kind}}` is a value; a line ending in `//? name` is kept only when `name` is set; a line
// ending in `//* name` is written once per record of the list `name` (its placeholders read that record's fields);
// whole-line `//` comments document the .kql file and are dropped from the bound query.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserFacingError } from '../core/errors';

/**
 * string: one quoted literal; strings: `'a', 'b'` for in~ (...); timespan: from a whitelist; int: a safe integer;
 * datetime: a `Date`, as `datetime(2025-06-15T12:00:00.000Z)`.
 */
export type KqlParamKind = 'string' | 'strings' | 'timespan' | 'int' | 'datetime';
/** One record of a `//* name` list: the fields its repeated line's placeholders read (string values only). */
export type KqlRecord = Readonly<Record<string, string>>;
export type KqlValue = string | readonly string[] | number | Date | readonly KqlRecord[] | undefined;
export type KqlParams = Readonly<Record<string, KqlValue>>;

/** The only timespans a query may use: ARG keeps 14 days of jobs, and windows come from user filters. */
const TIMESPANS = new Set(['1h', '24h', '7d', '14d']);
/** Longer than any Azure name, tag or id we filter on; keeps queries small. */
const MAX_LITERAL_LENGTH = 1024;
const MAX_LIST_LENGTH = 1000;
// C0/C1 controls (newline, NUL, DEL, …), lone surrogates and line/paragraph separators never occur in Azure names,
// and KQL string literals cannot hold a raw line break: refuse them instead of trying to escape them.
// With the `u` flag, \p{Cs} matches exactly the unpaired surrogates of a JS string.
const FORBIDDEN = /[\p{Cc}\p{Cs}\u2028\u2029]/u;

/** A value that cannot be put into a query; what the user typed is refused, never reinterpreted. */
export class KqlBindError extends UserFacingError {
  override name = 'KqlBindError';
}

/** `value` as a single-quoted KQL literal: backslash and quote escaped, nothing else can end the literal. */
export function kqlString(value: string): string {
  if (typeof value !== 'string') throw new TypeError('kqlString expects a string');
  if (value.length > MAX_LITERAL_LENGTH) {
    throw new KqlBindError(`A value is too long to search for (over ${MAX_LITERAL_LENGTH} characters).`);
  }
  if (FORBIDDEN.test(value)) {
    throw new KqlBindError('A value contains control characters, which Azure names never contain.', {
      hint: 'Check the filter for pasted line breaks or tabs.',
    });
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function kqlStringList(values: readonly string[]): string {
  if (!Array.isArray(values) || values.length === 0) throw new TypeError('a KQL list needs at least one value');
  if (values.length > MAX_LIST_LENGTH)
    throw new KqlBindError(`Too many values in one filter (over ${MAX_LIST_LENGTH}).`);
  return values.map(kqlString).join(', ');
}

export function kqlTimespan(value: string): string {
  if (!TIMESPANS.has(value)) throw new TypeError(`timespan ${JSON.stringify(value)} is not in the whitelist`);
  return value;
}

export function kqlInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${value} is not a safe integer`);
  return String(value);
}

/** ISO 8601 UTC with milliseconds, years 0001-9999 (Kusto's datetime range): nothing else reaches the literal. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A Date as a KQL datetime literal; the text is toISOString's, checked, so no caller text is ever inside it. */
export function kqlDatetime(value: Date): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new TypeError('kqlDatetime expects a valid Date');
  const iso = value.toISOString();
  if (!ISO_UTC.test(iso) || iso.startsWith('0000')) throw new TypeError(`${iso} is outside KQL's datetime range`);
  return `datetime(${iso})`;
}

interface Placeholder {
  name: string;
  kind: KqlParamKind;
}

interface TemplateLine {
  text: string;
  /** Kept only when this parameter is set. */
  when?: string;
  /** Written once per record of this list parameter (none when it is unset or empty). */
  each?: string;
}

export interface KqlTemplate {
  /** File name, for errors and logs. */
  name: string;
  lines: TemplateLine[];
  params: ReadonlyMap<string, KqlParamKind>;
  /** Names of the `//* name` lists; their records' fields are in `params` too. */
  lists: ReadonlySet<string>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*:\s*([a-z]+)\s*\}\}/g;
const NAME_ONLY = /^[A-Za-z][A-Za-z0-9]*$/;
const KINDS: readonly KqlParamKind[] = ['string', 'strings', 'timespan', 'int', 'datetime'];

/** Parses template text; throws on a malformed placeholder or marker (a programming error, caught by tests). */
export function parseKqlTemplate(name: string, text: string): KqlTemplate {
  const params = new Map<string, KqlParamKind>();
  const lists = new Set<string>();
  const lines: TemplateLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*\/\//.test(raw) || raw.trim() === '') continue;
    let body = raw;
    let when: string | undefined;
    let each: string | undefined;
    const marker = /\s*\/\/([?*])\s*(\S*)\s*$/.exec(raw);
    if (marker) {
      const target = marker[2] ?? '';
      if (!NAME_ONLY.test(target)) throw new Error(`${name}: bad condition marker in line: ${raw}`);
      if (marker[1] === '*') {
        each = target;
        lists.add(target);
      } else when = target;
      body = raw.slice(0, marker.index);
    }
    if (body.includes('//')) throw new Error(`${name}: trailing comments are not allowed (only \`//? param\`): ${raw}`);
    const stripped = body.replace(PLACEHOLDER, (_m, p: string, kind: string) => {
      if (!KINDS.includes(kind as KqlParamKind)) throw new Error(`${name}: unknown placeholder kind ${kind}`);
      const seen = params.get(p);
      if (seen !== undefined && seen !== kind) throw new Error(`${name}: {{${p}}} used as ${seen} and ${kind}`);
      params.set(p, kind as KqlParamKind);
      return '';
    });
    if (stripped.includes('{{') || stripped.includes('}}')) throw new Error(`${name}: malformed placeholder: ${raw}`);
    lines.push({
      text: body.trimEnd(),
      ...(when === undefined ? {} : { when }),
      ...(each === undefined ? {} : { each }),
    });
  }
  for (const line of lines) {
    if (line.when !== undefined && !params.has(line.when) && !lists.has(line.when) && !isFlagName(line.when)) {
      throw new Error(`${name}: condition ${line.when} names no placeholder (flags must start with "if")`);
    }
  }
  for (const list of lists) {
    if (params.has(list)) throw new Error(`${name}: ${list} is both a list and a placeholder`);
  }
  return { name, lines, params, lists };
}

/** A condition that is not a placeholder is a flag (`//? ifTags`): set by passing any value, usually ''. */
function isFlagName(name: string): boolean {
  return /^if[A-Z]/.test(name);
}

const cache = new Map<string, KqlTemplate>();

/** Loads `file` from `dir` (a module's __dirname) once per process. */
export function loadKqlTemplate(dir: string, file: string): KqlTemplate {
  const path = join(dir, file);
  let template = cache.get(path);
  if (!template) {
    template = parseKqlTemplate(file, readFileSync(path, 'utf8'));
    cache.set(path, template);
  }
  return template;
}

/** Fills the template. Unknown or missing parameters are programming errors; bad values are KqlBindErrors. */
export function bindKql(template: KqlTemplate, params: KqlParams): string {
  for (const key of Object.keys(params)) {
    if (!template.params.has(key) && !template.lists.has(key) && !template.lines.some((l) => l.when === key)) {
      throw new Error(`${template.name}: unknown parameter ${key}`);
    }
  }
  const out: string[] = [];
  const fill = (text: string, values: KqlParams): string =>
    text.replace(PLACEHOLDER, (_m, p: string, kind: string) => render(template.name, p, kind, values[p]));
  for (const line of template.lines) {
    if (line.when !== undefined && params[line.when] === undefined) continue;
    if (line.each === undefined) {
      out.push(fill(line.text, params));
      continue;
    }
    // A record's fields shadow the outer parameters of the same name on its own line only.
    for (const record of recordsOf(template.name, line.each, params[line.each])) {
      out.push(fill(line.text, { ...params, ...record }));
    }
  }
  return out.join('\n');
}

function recordsOf(file: string, name: string, value: KqlValue): readonly KqlRecord[] {
  if (value === undefined) return [];
  const ok =
    Array.isArray(value) &&
    value.every((r) => typeof r === 'object' && r !== null && Object.values(r).every((v) => typeof v === 'string'));
  if (!ok) throw new TypeError(`${file}: parameter ${name} must be a list of records of strings`);
  if (value.length > MAX_LIST_LENGTH)
    throw new KqlBindError(`Too many values in one filter (over ${MAX_LIST_LENGTH}).`);
  return value as readonly KqlRecord[];
}

function render(file: string, name: string, kind: string, value: KqlValue): string {
  if (value === undefined) throw new Error(`${file}: parameter ${name} is required by a kept line`);
  const expect = (ok: boolean): void => {
    if (!ok) throw new TypeError(`${file}: parameter ${name} must be a ${kind}`);
  };
  switch (kind as KqlParamKind) {
    case 'string':
      expect(typeof value === 'string');
      return kqlString(value as string);
    case 'strings':
      expect(Array.isArray(value));
      return kqlStringList(value as readonly string[]);
    case 'timespan':
      expect(typeof value === 'string');
      return kqlTimespan(value as string);
    case 'int':
      expect(typeof value === 'number');
      return kqlInt(value as number);
    case 'datetime':
      expect(value instanceof Date);
      return kqlDatetime(value as Date);
  }
  throw new Error(`${file}: unknown kind ${kind}`);
}

/** For tests and docs: the placeholders of a template. */
export function listPlaceholders(template: KqlTemplate): Placeholder[] {
  return [...template.params].map(([name, kind]) => ({ name, kind }));
}

/** A head template followed by tails that continue its pipeline (e.g. jobs-filtered.kql + job-list.kql). */
export function concatTemplates(head: KqlTemplate, ...tails: KqlTemplate[]): KqlTemplate {
  const params = new Map(head.params);
  for (const tail of tails) {
    for (const [name, kind] of tail.params) {
      const seen = params.get(name);
      if (seen !== undefined && seen !== kind) throw new Error(`${head.name}+${tail.name}: {{${name}}} kinds differ`);
      params.set(name, kind);
    }
  }
  return {
    name: [head, ...tails].map((t) => t.name).join('+'),
    lines: [head, ...tails].flatMap((t) => t.lines),
    params,
    lists: new Set([head, ...tails].flatMap((t) => [...t.lists])),
  };
}
