// Tolerant readers for ARG row values: unverified fields may be absent, null, another type or another casing.
import type { ArgRow } from './arg-types';

/** A non-empty string, or undefined (numbers are stringified: RSV error codes are ints). */
export function str(row: ArgRow | undefined, key: string): string | undefined {
  const v = row?.[key];
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

export function num(row: ArgRow | undefined, key: string): number | undefined {
  const v = row?.[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** true/false from a bool or a 'true'/'True'/'false' string. */
export function bool(row: ArgRow | undefined, key: string): boolean | undefined {
  const v = row?.[key];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

/** An ISO-8601 UTC timestamp from a datetime column (ISO string, Date or epoch ms); undefined when unreadable. */
export function isoTime(row: ArgRow | undefined, key: string): string | undefined {
  const v = row?.[key];
  if (v === null || v === undefined || v === '') return undefined;
  const d = v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.getTime() <= 0) return undefined;
  return d.toISOString();
}

/** A dynamic column that may arrive as a value or as JSON text. */
export function dyn(row: ArgRow | undefined, key: string): unknown {
  return dynValue(row?.[key]);
}

/** A dynamic value as dyn() reads it: JSON text of an object or array is parsed (undefined when it does not parse). */
export function dynValue(v: unknown): unknown {
  if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return v ?? undefined;
}

/** A string array from a dynamic value (non-strings and empties dropped; a single string becomes one element). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
}

/** A property of a plain object, matched case-insensitively (Azure payload casing is not uniform). */
export function prop(obj: unknown, key: string): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const record = obj as Record<string, unknown>;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : record[found];
}

/** A tags object with string values only. */
export function tagsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    }
  }
  return out;
}

/** Equal ignoring case (ARG `type` is lower-case, ids and enum values are not). */
export function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
