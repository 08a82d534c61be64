// Counts in words: plurals, thousands separators, and the totals line every list view shows
// ("showing 10 of 312 failed jobs in 48 vaults"), so a list is never silently short.

/** "1 job", "312 jobs", "1,204 jobs"; irregular plurals through `plural`. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export interface TotalsInput {
  /** First shown item, 1-based (for "showing 11–20 of 312"). */
  from: number;
  /** How many items this page shows. */
  shown: number;
  /** Every matching item, when known. */
  total?: number;
  /** When `total` is unknown but more exist than were fetched: how many were fetched ("… of more than 200"). */
  atLeast?: number;
  /** Noun with its plural: ['failed job', 'failed jobs']. */
  noun: readonly [string, string];
  /** Optional spread: ['vault', 'vaults', 48] → "in 48 vaults". */
  across?: readonly [string, string, number];
}

/**
 * The totals line: "no failed jobs", "showing 3 failed jobs", "showing 10 of 312 failed jobs in 48 vaults",
 * "showing 11–20 of 312 …", "showing 1–200 of more than 200 …" when the total is not known exactly.
 */
export function describeTotals(t: TotalsInput): string {
  const [one, many] = t.noun;
  const across = t.across === undefined ? '' : ` in ${countOf(t.across[2], t.across[0], t.across[1])}`;
  const nounOf = (n: number) => (n === 1 ? one : many);
  const range = t.from <= 1 ? formatCount(t.shown) : `${formatCount(t.from)}–${formatCount(t.from + t.shown - 1)}`;
  if (t.total !== undefined) {
    if (t.total === 0) return `no ${many}`;
    if (t.from <= 1 && t.shown >= t.total) {
      return t.total === 1 ? `showing 1 ${one}${across}` : `showing all ${formatCount(t.total)} ${many}${across}`;
    }
    return `showing ${range} of ${formatCount(t.total)} ${nounOf(t.total)}${across}`;
  }
  if (t.atLeast === 0) return `no ${many}`;
  if (t.atLeast !== undefined) return `showing ${range} of more than ${formatCount(t.atLeast)} ${many}${across}`;
  if (t.shown === 0) return `no ${many}`;
  return `showing ${formatCount(t.shown)} ${nounOf(t.shown)}${across}`;
}

/** Cuts user or Azure text to `max` characters with an ellipsis, on a word boundary when one is near. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.7 ? cut.slice(0, space) : cut}…`;
}
