// Case-insensitive text without a new string per row: job rows repeat a handful of values (statuses, types,
// workloads), and `=~`, `in~`, `tolower()` over a million of them otherwise allocate a lower-cased copy each time.

/** Distinct values a call site caches before it decides its input is not repetitive and stops caching. */
const CACHE_LIMIT = 4096;

/**
 * toLowerCase for one call site, remembering the answer per distinct input; a site that sees more than CACHE_LIMIT
 * distinct values (ids, names) drops its cache and lower-cases directly.
 */
export function lowerCaser(): (s: string) => string {
  let cache: Map<string, string> | undefined = new Map();
  return (s) => {
    if (cache === undefined) return s.toLowerCase();
    let lower = cache.get(s);
    if (lower === undefined) {
      lower = s.toLowerCase();
      cache.set(s, lower);
      if (cache.size > CACHE_LIMIT) cache = undefined;
    }
    return lower;
  };
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
