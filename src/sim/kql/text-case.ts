// Strings without a new copy per row: job rows repeat a handful of values (statuses, types, workloads, vaults), and
// `=~`, `in~`, `tolower()`, `split()[i]` over a million of them otherwise allocate a copy each time.

/** Distinct values a call site caches before it decides its input is not repetitive and stops caching. */
const CACHE_LIMIT = 4096;

/**
 * `f` for one call site, remembering the answer per distinct input; a site that sees more than CACHE_LIMIT distinct
 * values (ids, names) drops its cache and calls `f` directly.
 */
function memoized(f: (s: string) => string): (s: string) => string {
  let cache: Map<string, string> | undefined = new Map();
  return (s) => {
    if (cache === undefined) return f(s);
    let out = cache.get(s);
    if (out === undefined) {
      out = f(s);
      cache.set(s, out);
      if (cache.size > CACHE_LIMIT) cache = undefined;
    }
    return out;
  };
}

/** toLowerCase for one call site, without a new string for each repeat of a value. */
export function lowerCaser(): (s: string) => string {
  return memoized((s) => s.toLowerCase());
}

/**
 * One string per distinct value for one call site: the parts of ids a query cuts out (vault, subscription, resource
 * group) repeat across a million job rows, and a result that keeps them then holds one copy of each, not one per row.
 */
export function interner(): (s: string) => string {
  return memoized((s) => s);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * `(h) => h.toLowerCase() === lower` for a fixed, already lower-cased `lower`, comparing ASCII letters in place.
 * Any non-ASCII character in `h` falls back to toLowerCase (Unicode case mapping can change length, e.g. 'İ').
 */
export function equalsLowerCased(lower: string): (h: string) => boolean {
  if (!isAscii(lower)) return (h) => h.toLowerCase() === lower;
  const n = lower.length;
  return (h) => {
    if (h === lower) return true;
    // Lower-casing never shortens a string, and only a non-ASCII character can lengthen it (into non-ASCII text,
    // which cannot equal an ASCII `lower`): a length mismatch is a mismatch.
    if (h.length !== n) return false;
    for (let i = 0; i < n; i++) {
      let c = h.charCodeAt(i);
      if (c > 127) return h.toLowerCase() === lower;
      if (c >= 65 && c <= 90) c += 32;
      if (c !== lower.charCodeAt(i)) return false;
    }
    return true;
  };
}
