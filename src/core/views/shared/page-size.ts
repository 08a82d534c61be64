// Rows per page of each list on each kind of card. Slack's Block Kit message (~10,000 text characters, 50 blocks)
// holds far less than an Adaptive Card (Teams' 28 KB, the playground, Web Chat), so each family has its own size.
import type { Platform } from '../../caller';

/** Slack's Block Kit, or an Adaptive Card (Teams, the playground, other Bot Framework clients). */
export type CardFamily = 'slack' | 'adaptive';

export function cardFamily(platform: Platform): CardFamily {
  return platform === 'slack' ? 'slack' : 'adaptive';
}

/**
 * Rows a page holds. Each figure is the most a hard page renders as designed on that family: the longest names Azure
 * allows, Azure's texts at the length views clip them to, a Retry button or a "why not" note on every row, every
 * filter bound into the queries, and failures shaped like a bad Monday (a few big error codes, many of one or two
 * jobs). test/render/page-sizes.test.ts proves each page fits and that its next row would not. Rarer pages (every
 * job its own error code) still keep every row: the renderer drops detail instead (src/render/shrink.ts).
 * The job lists (failed, running, all) page alike; so do the inventory lists.
 */
export const PAGE_SIZES = {
  jobs: { slack: 10, adaptive: 18 },
  unprotected: { slack: 13, adaptive: 25 },
  vaults: { slack: 11, adaptive: 12 },
  policies: { slack: 8, adaptive: 9 },
  compliance: { slack: 7, adaptive: 9 },
  items: { slack: 13, adaptive: 15 },
  alerts: { slack: 7, adaptive: 10 },
} as const satisfies Record<string, Record<CardFamily, number>>;

export type PagedList = keyof typeof PAGE_SIZES;

/** Page 1 of failed jobs also carries the error-code overview (up to 15 lines with a button each): fewer rows fit. */
export const OVERVIEW_PAGE_SIZES: Record<CardFamily, number> = { slack: 8, adaptive: 11 };

/** The page size of `list` for `platform`, never above `cap` (tests and deployments may ask for smaller pages). */
export function pageSizeOf(list: PagedList, platform: Platform, cap = Number.POSITIVE_INFINITY): number {
  return Math.max(1, Math.min(cap, PAGE_SIZES[list][cardFamily(platform)]));
}

/** The asked-for page of `all` (clamped to the last page, page 1 when empty) and whether another page follows. */
export function pageOfList<T>(
  all: readonly T[],
  pageSize: number,
  asked: number,
): { page: number; from: number; slice: T[]; hasNext: boolean } {
  const lastPage = Math.max(1, Math.ceil(all.length / pageSize));
  const page = Math.min(asked, lastPage);
  const from = (page - 1) * pageSize;
  return { page, from, slice: all.slice(from, from + pageSize), hasNext: from + pageSize < all.length };
}
