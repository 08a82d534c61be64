// Plain-text tables for the terminal: aligned columns, long cells cut with an ellipsis, numbers right-aligned,
// and text helpers for times (always UTC, labelled by the caller), durations and counts.

export interface Column<T> {
  header: string;
  cell: (row: T) => string | number | undefined;
  /** Longest cell before it is cut (default 40). */
  max?: number;
  align?: 'left' | 'right';
}

const GAP = '  ';

export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const value = c.cell(row);
      const text = value === undefined || value === '' ? '-' : typeof value === 'number' ? formatCount(value) : value;
      return cut(oneLine(text), c.max ?? 40);
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => (columns[i]?.align === 'right' ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join(GAP)
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** Label/value lines for one object (a vault, an item), labels aligned. */
export function renderPairs(pairs: ReadonlyArray<[string, string | number | undefined]>): string {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== '');
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${typeof v === 'number' ? formatCount(v) : v}`).join('\n');
}

export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** ISO-8601 → `2025-06-15 11:02` (UTC; column headers say so). */
export function formatUtc(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

/** 75_000 → `1m 15s`; 4_000_000 → `1h 06m`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${String(h % 24).padStart(2, '0')}h`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `Failed 3, Completed 12` from a record of counts, zeros left out, in the record's order. */
export function listCounts(
  counts: Readonly<Record<string, number | undefined>>,
  labels?: Record<string, string>,
): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([k, n]) => `${labels?.[k] ?? k} ${formatCount(n ?? 0)}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** The window words of a `since` value, e.g. `24h` → `the last 24 h`. */
export function describeWindow(since: string): string {
  const m = /^(\d+)([hd])$/.exec(since);
  if (!m) return since;
  return m[2] === 'h' ? `the last ${m[1]} h` : `the last ${m[1]} days`;
}
