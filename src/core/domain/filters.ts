// Datasource-centric filters, as in Backup Center: datasource subscription/RG/location/tags, vault, workload, window.
// Validation lives here so that the command parser and the query layer reject the same inputs with the same words.
import { UserFacingError } from '../errors';
import { isWorkload, WORKLOADS, type Workload } from './workload';

/** ARG keeps backup jobs for 14 days, so no window may reach further back. */
export const SINCE_VALUES = ['24h', '7d', '14d'] as const;
export type Since = (typeof SINCE_VALUES)[number];
export const DEFAULT_SINCE: Since = '24h';

export interface TagFilter {
  key: string;
  value: string;
}

export interface BackupFilters {
  /** Datasource subscription: its id (GUID) or its display name. */
  subscription?: string;
  /** Datasource resource group. */
  resourceGroup?: string;
  /** Datasource region, e.g. "westeurope" or "West Europe". */
  location?: string;
  /**
   * Datasource tags, all of which must match (`tag:env=prod tag:team=payments`); a key matches case-insensitively
   * (Azure tag names are case-insensitive), an empty value means "has the tag".
   */
  tags?: TagFilter[];
  vault?: string;
  workload?: Workload;
  since?: Since;
}

const MAX_VALUE_LENGTH = 256;
/** As many as a command may carry (MAX_TAG_FILTERS in commands/types.ts); each adds one line to a query. */
const MAX_TAGS = 16;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isSubscriptionId(value: string): boolean {
  return GUID.test(value);
}

/** "24h", "1d", "7d", "14d" (and "168h" etc.) → a window; longer than 14 days is refused with what to do instead. */
export function parseSince(text: string): Since {
  const m = /^\s*(\d{1,5})\s*([hd])\s*$/i.exec(text);
  if (!m) {
    throw new UserFacingError(`"${clip(text)}" is not a time window.`, {
      hint: 'Use since:24h, since:7d or since:14d.',
    });
  }
  const hours = Number(m[1]) * (m[2]?.toLowerCase() === 'd' ? 24 : 1);
  if (hours > 14 * 24) {
    throw new UserFacingError('Azure Resource Graph keeps backup jobs for 14 days only.', {
      hint: 'Use since:14d or less; older job history is in Backup Reports (Log Analytics).',
    });
  }
  if (hours === 24) return '24h';
  if (hours === 7 * 24) return '7d';
  if (hours === 14 * 24) return '14d';
  throw new UserFacingError(`since:${clip(text)} is not one of the supported windows.`, {
    hint: 'Use since:24h, since:7d or since:14d.',
  });
}

/** Trims, checks and normalises filters; throws UserFacingError naming the bad filter. */
export function validateFilters(input: BackupFilters): BackupFilters {
  const out: BackupFilters = {};
  const text = (name: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const v = value.trim();
    if (v === '') throw new UserFacingError(`The ${name} filter is empty.`, { hint: `Write ${name}:<value>.` });
    if (v.length > MAX_VALUE_LENGTH) {
      throw new UserFacingError(`The ${name} filter is too long (over ${MAX_VALUE_LENGTH} characters).`);
    }
    // Control characters never occur in Azure names; refusing them here gives a clearer message than the binder.
    if (/[\p{Cc}\p{Cs}\u2028\u2029]/u.test(v)) {
      throw new UserFacingError(`The ${name} filter contains control characters.`);
    }
    return v;
  };
  const sub = text('sub', input.subscription);
  if (sub !== undefined) out.subscription = sub;
  const rg = text('rg', input.resourceGroup);
  if (rg !== undefined) out.resourceGroup = rg;
  const location = text('location', input.location);
  // ARG stores regions as lower-case names without spaces ("westeurope"); accept the display form too.
  if (location !== undefined) out.location = location.toLowerCase().replace(/\s+/g, '');
  const vault = text('vault', input.vault);
  if (vault !== undefined) out.vault = vault;
  if (input.tags !== undefined && input.tags.length > 0) {
    if (input.tags.length > MAX_TAGS) {
      throw new UserFacingError(`At most ${MAX_TAGS} tag filters, please.`, { hint: 'Keep the most selective ones.' });
    }
    out.tags = input.tags.map((tag) => {
      const key = text('tag', tag.key);
      const value = tag.value.trim() === '' ? '' : text('tag', tag.value);
      if (key === undefined)
        throw new UserFacingError('The tag filter has no key.', { hint: 'Write tag:<key>=<value>.' });
      return { key, value: value ?? '' };
    });
  }
  if (input.workload !== undefined) {
    if (!isWorkload(input.workload)) {
      throw new UserFacingError(`"${clip(String(input.workload))}" is not a workload.`, {
        hint: `Use one of: ${WORKLOADS.join(', ')}.`,
      });
    }
    out.workload = input.workload;
  }
  if (input.since !== undefined) out.since = parseSince(input.since);
  return out;
}

function clip(text: string): string {
  const t = text.replace(/[\p{Cc}]/gu, '?');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}
