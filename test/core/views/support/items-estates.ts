// Backup items for the items view tests: the longest names Azure allows, a stale line and a failed last attempt on
// every row, so that a page of them is the hardest page there is.
import type { ItemsList } from '../../../../src/core/domain/items';
import { hugeInstance } from '../../support/huge-estate';

export function hugeItems(count = 600): ItemsList {
  const base = hugeInstance();
  return {
    rows: Array.from({ length: count }, (_, n) => ({
      instance: { ...base, id: `${base.id}-${String(n).padStart(5, '0')}`, friendlyName: `${base.friendlyName}${n}` },
      cover: 'active' as const,
      stale: {
        everyHours: 96,
        graceHours: 2,
        lastGoodAt: '2025-10-01T23:10:00Z',
        lastAttemptAt: '2025-11-20T23:10:00Z',
        lastAttemptFailed: true,
      },
    })),
    hasMore: false,
  };
}
