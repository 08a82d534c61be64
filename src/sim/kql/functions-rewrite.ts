// Functions that rewrite or digest text, used by Microsoft's Backup workbooks: replace_regex, the deprecated replace
// (same operation, arguments in another order), and hash (xxhash64, as Kusto documents).
import { type CallContext, constantArg, type FunctionTable } from './functions-base';
import { type Compiled, dynamicToString, finish, toNumberOf, toStringOf } from './values';

function text(c: Compiled): (row: unknown) => string {
  const conv = toStringOf(c.type);
  const ev = c.ev;
  return (row) => conv(ev(row));
}

/** Kusto writes regex groups in a rewrite as `\1` (`\0`: the whole match); JavaScript as `$1` (`$&`). */
export function rewriteToJs(rewrite: string): string {
  let out = '';
  for (let i = 0; i < rewrite.length; i++) {
    const ch = rewrite[i] as string;
    const next = rewrite[i + 1];
    if (ch === '\\' && next !== undefined && /[0-9]/.test(next)) {
      out += next === '0' ? '$&' : `$${next}`;
      i++;
    } else if (ch === '$') {
      out += '$$';
    } else {
      out += ch;
    }
  }
  return out;
}

/** A regex argument that must be constant (the stand-in compiles it once); Kusto's RE2 syntax read as JavaScript's. */
function globalRegex(call: CallContext, args: Compiled[], index: number): RegExp {
  const pattern = dynamicToString(constantArg(call, args, index, 'regular expression'));
  try {
    return new RegExp(pattern, 'g');
  } catch {
    return call.report.semantic(`invalid regular expression '${pattern}'`, call.pos);
  }
}

/** Replaces every match of `re` in the source with the rewrite (which may be computed per row). */
function replacer(call: CallContext, args: Compiled[], source: number, regex: number, rewrite: number): Compiled {
  const re = globalRegex(call, args, regex);
  const s = text(args[source] as Compiled);
  const r = args[rewrite] as Compiled;
  const fixed = r.constant ? rewriteToJs(toStringOf(r.type)(r.value)) : undefined;
  const perRow = text(r);
  return finish('string', (row) => s(row).replace(re, fixed ?? rewriteToJs(perRow(row))), args);
}

const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK;
}

function round(acc: bigint, lane: bigint): bigint {
  return (rotl((acc + lane * P2) & MASK, 31n) * P1) & MASK;
}

function merge(acc: bigint, v: bigint): bigint {
  return (((acc ^ round(0n, v)) * P1 + P4) & MASK) as bigint;
}

function lane64(b: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[at + k] as number);
  return v;
}

function lane32(b: Uint8Array, at: number): bigint {
  return (
    BigInt(((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16)) >>> 0) +
    BigInt(b[at + 3] as number) * 16777216n
  );
}

/** XXH64 with seed 0 over the bytes; the signed 64-bit result. */
export function xxhash64(b: Uint8Array): bigint {
  const n = b.length;
  let i = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (MASK + 1n - P1) & MASK;
    for (; i + 32 <= n; i += 32) {
      v1 = round(v1, lane64(b, i));
      v2 = round(v2, lane64(b, i + 8));
      v3 = round(v3, lane64(b, i + 16));
      v4 = round(v4, lane64(b, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(n)) & MASK;
  for (; i + 8 <= n; i += 8) h = ((rotl(h ^ round(0n, lane64(b, i)), 27n) * P1 + P4) & MASK) as bigint;
  if (i + 4 <= n) {
    h = ((rotl(h ^ ((lane32(b, i) * P1) & MASK), 23n) * P2 + P3) & MASK) as bigint;
    i += 4;
  }
  for (; i < n; i++) h = (rotl(h ^ ((BigInt(b[i] as number) * P5) & MASK), 11n) * P1) & MASK;
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return BigInt.asIntN(64, h);
}

const encoder = new TextEncoder();

/**
 * hash(source [, mod]) = hash_xxhash64: xxhash64 of a string's UTF-8 bytes, as Kusto documents (its example
 * hash_xxhash64("World") = 1846988464401551951, mod 100 = 51, holds here). Other types hash their text (unverified:
 * Kusto hashes a datetime's own bytes). A long in JavaScript holds 53 bits, so a hash beyond ±2^53 is rounded;
 * equal inputs still give equal hashes, which is what queries rely on.
 */
function hashFn(args: Compiled[]): Compiled {
  const s = text(args[0] as Compiled);
  const modArg = args[1];
  const mod = modArg ? toNumberOf(modArg.type) : undefined;
  return finish(
    'long',
    (row) => {
      const h = xxhash64(encoder.encode(s(row)));
      if (!modArg || !mod) return Number(h);
      const m = mod(modArg.ev(row));
      if (m === null || m <= 0) return null;
      const r = h % BigInt(Math.trunc(m));
      return Number(r < 0n ? r + BigInt(Math.trunc(m)) : r);
    },
    args,
  );
}

export const REWRITE_FUNCTIONS: FunctionTable = {
  replace_regex: { min: 3, max: 3, impl: (args, call) => replacer(call, args, 0, 1, 2) },
  // Deprecated spelling still used by Microsoft's workbooks: replace(regex, rewrite, source).
  replace: { min: 3, max: 3, impl: (args, call) => replacer(call, args, 2, 0, 1) },
  hash: { min: 1, max: 2, impl: hashFn },
  hash_xxhash64: { min: 1, max: 2, impl: hashFn },
};
