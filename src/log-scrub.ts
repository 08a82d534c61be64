// Keeps secrets out of logs: scrubs token-shaped text (bearer tokens, Slack tokens, JWTs, passwords in URLs) and
// redacts fields whose names say they hold a secret, at any depth (pino's redact paths only reach fixed depths).

export const REDACTED = '[Redacted]';

// Patterns must not match '"' or '\', so that scrubbing a serialized JSON line keeps it valid JSON.
const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\bxox[abposre]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
  // JWT: base64url header starting with '{"' (eyJ), payload, and a signature that may be empty (alg none).
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // user:password@ in any URL (postgres://, https://).
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s"\\]+):[^@/?#\s"\\]+@/gi, `$1:${REDACTED}@`],
  // Secrets in query strings and form bodies (OAuth, SAS signatures); short names only right after ? or &.
  [/\b(client_secret|client_assertion|password|access_token|refresh_token|id_token)=[^&\s"\\]+/gi, `$1=${REDACTED}`],
  [/([?&](?:code|sig|token|key)=)[^&\s"\\]+/gi, `$1${REDACTED}`],
  // PEM blocks (keys, certificates): botframework-connector prints the keys it knows when a token fails. Inside the
  // block a serialized line has only \n escapes, which go with it whole.
  [/-----BEGIN ([A-Z0-9 ]{1,40})-----[A-Za-z0-9+/=\s\\]*?-----END \1-----/g, REDACTED],
  // The alert webhook's secret is its URL's last path segment (/api/alerts/<secret>); request lines log the path.
  [/(\/api\/alerts\/)[^/?#&\s"\\]+/gi, `$1${REDACTED}`],
];

// Key names are compared lower-case without '-' and '_': "x-slack-signature", "client_secret", "appPassword".
const SECRET_KEY_SUFFIXES = ['secret', 'password', 'passwd', 'token', 'authorization', 'cookie', 'signature', 'apikey'];
const NOT_SECRET_KEYS = new Set(['skiptoken', 'continuationtoken', 'nextpagetoken']);

export function isSecretKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_]/g, '');
  if (NOT_SECRET_KEYS.has(normal)) return false;
  return normal === 'pwd' || normal === 'credentials' || SECRET_KEY_SUFFIXES.some((suffix) => normal.endsWith(suffix));
}

/** Builds a scrubber for free text that also removes the given literal secret values (e.g. from Config). */
export function createTextScrubber(knownSecrets: readonly string[] = []): (text: string) => string {
  // Short values would over-match ordinary words; such secrets are only caught by key name and pattern.
  const literals = [...new Set(knownSecrets.filter((secret) => secret.length >= 8))]
    .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)])
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const literal of literals) out = out.split(literal).join(REDACTED);
    for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
}

export const scrubSecrets = createTextScrubber();

const MAX_DEPTH = 8;
// Values that say something about a secret without being one (describeConfig's "set"/"not set", booleans).
const NOT_A_SECRET_VALUES = new Set<unknown>([undefined, null, '', 'set', 'not set', true, false]);

/** The replacement for a value held under a secret-named key (also pino's redact censor). */
export function censor(value: unknown): unknown {
  return NOT_A_SECRET_VALUES.has(value) ? value : REDACTED;
}

/**
 * Returns a copy of `value` with secret-named fields replaced and strings scrubbed. Errors are turned into plain
 * objects by `serializeError` first, so that their own fields (e.g. a request's headers) are redacted too.
 */
export function redactDeep(
  value: unknown,
  scrub: (text: string) => string,
  serializeError: (err: Error) => unknown,
  depth = 0,
  seen: WeakSet<object> = new WeakSet(),
): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  const next = (child: unknown) => redactDeep(child, scrub, serializeError, depth + 1, seen);
  if (value instanceof Error) return next(serializeError(value));
  if (Array.isArray(value)) return value.map(next);
  const proto = Object.getPrototypeOf(value);
  // Class instances (Date, Buffer, SDK objects) keep their own toJSON; only plain data is walked.
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? censor(child) : next(child);
  }
  return out;
}
