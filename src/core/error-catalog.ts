// What a failed backup job's error means and what to do about it: the catalog of common Azure Backup error codes
// (cause, fix, Microsoft Learn link) and explainError, which also falls back to Azure's own words for unknown codes.

import type { WorkloadOrOther } from './domain/workload';
import { BACKUP_VAULT_ERRORS } from './error-codes/backup-vault';
import { type ErrorCatalogEntry, LEARN_PAGE_OF_WORKLOAD, LEARN_PAGES } from './error-codes/types';
import { VM_ERRORS } from './error-codes/vm';
import { WORKLOAD_ERRORS } from './error-codes/workloads';

export type { ErrorCatalogEntry } from './error-codes/types';
export { LEARN_PAGES } from './error-codes/types';

export const ERROR_CATALOG: readonly ErrorCatalogEntry[] = [...VM_ERRORS, ...WORKLOAD_ERRORS, ...BACKUP_VAULT_ERRORS];

/** The error fields a job row gives (a JobError fits): RSV a number in `code`, BV a readable code. */
export interface ErrorFields {
  /** RSV: the numeric errorCode as text ("400239"); BV: the readable code. */
  code?: string;
  /** The readable code when known separately (RSV extendedInfo.propertyBag, alerts, Log Analytics JobFailureCode). */
  codeName?: string;
  /** Azure's message (RSV errorString, BV message). */
  message?: string;
  /** RSV errorTitle. */
  title?: string;
  /** Azure's recommended actions, unedited. */
  recommendations?: readonly string[];
  /**
   * What failed, when known ('Backup', 'Restore', a job's operation): a backup is never told the fix of a code
   * Microsoft documents for restores only. Unknown: every entry may match (the jobs list shows restores too).
   */
  operation?: string;
}

export interface ErrorExplanation {
  /** The readable code when we know it, else what Azure gave (a number, possibly empty). */
  code: string;
  title: string;
  cause: string;
  fix: string;
  learnUrl: string;
  /** True when the code (or Azure's message) matched a catalog entry. */
  known: boolean;
  /** Whether a plain retry has a fair chance; unknown errors: undefined. */
  retryable?: boolean;
  /** Azure's own message and recommendations, kept so a view can show them beside ours. */
  azureMessage?: string;
  recommendations: string[];
  /** How the entry was found; 'none' for unknown codes. */
  matchedBy: 'code' | 'number' | 'message' | 'none';
}

const byCode = new Map<string, ErrorCatalogEntry>();
const byNumber = new Map<number, ErrorCatalogEntry>();
const byMessage = new Map<string, ErrorCatalogEntry>();
for (const entry of ERROR_CATALOG) {
  for (const code of [entry.code, ...(entry.aliases ?? [])]) byCode.set(code.toLowerCase(), entry);
  for (const n of entry.numericCodes ?? []) byNumber.set(n, entry);
  for (const m of entry.messages ?? []) byMessage.set(normaliseMessage(m), entry);
}

/** Lower case, straight quotes, single spaces, no trailing punctuation: Azure's texts vary in these only. */
function normaliseMessage(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!]+$/, '');
}

/** The catalog entry for a readable code or one of its aliases (case-insensitive). */
export function findErrorEntry(code: string): ErrorCatalogEntry | undefined {
  return byCode.get(code.trim().toLowerCase());
}

/** The entry for an RSV numeric code, where Microsoft documents the number. */
export function findErrorEntryByNumber(code: number | string): ErrorCatalogEntry | undefined {
  const n = typeof code === 'number' ? code : Number(code.trim());
  return Number.isInteger(n) ? byNumber.get(n) : undefined;
}

const CODE_IN_TEXT = /\b(?:UserError|BMSUserError|Extension|GuestAgent|BackUp|Kubernetes|AFS|VMRestore)[A-Za-z0-9]+\b/g;

/** Azure's message (or title): an exact match of a documented message, else a readable code quoted inside it. */
export function findErrorEntryByMessage(text: string): ErrorCatalogEntry | undefined {
  const exact = byMessage.get(normaliseMessage(text));
  if (exact) return exact;
  // RSV messages sometimes end with extra detail ("... . Please retry"): try the first sentence too.
  const firstSentence = normaliseMessage(text.split(/(?<=[.!])\s/)[0] ?? '');
  const sentence = byMessage.get(firstSentence);
  if (sentence) return sentence;
  for (const match of text.matchAll(CODE_IN_TEXT)) {
    const entry = findErrorEntry(match[0]);
    if (entry) return entry;
  }
  return undefined;
}

function lookup(e: ErrorFields): { entry: ErrorCatalogEntry; matchedBy: ErrorExplanation['matchedBy'] } | undefined {
  const notRestore = e.operation !== undefined && !/restore/i.test(e.operation);
  const fits = (entry: ErrorCatalogEntry | undefined): entry is ErrorCatalogEntry =>
    entry !== undefined && !(notRestore && entry.restoreOnly);
  for (const code of [e.codeName, e.code]) {
    if (code === undefined || code.trim() === '') continue;
    const entry = findErrorEntry(code);
    if (fits(entry)) return { entry, matchedBy: 'code' };
  }
  if (e.code !== undefined && /^\s*\d+\s*$/.test(e.code)) {
    const entry = findErrorEntryByNumber(e.code);
    if (fits(entry)) return { entry, matchedBy: 'number' };
  }
  for (const text of [e.message, e.title]) {
    if (text === undefined || text.trim() === '') continue;
    const entry = findErrorEntryByMessage(text);
    if (fits(entry)) return { entry, matchedBy: 'message' };
  }
  return undefined;
}

/**
 * What a job error means and what to do. Known codes (by readable code, documented number, or Azure's message)
 * give our cause and fix with a Learn link; unknown ones give Azure's own message and recommendations and the
 * workload's troubleshooting page. Never throws; an empty error gives a neutral explanation.
 */
export function explainError(error: ErrorFields, workload: WorkloadOrOther = 'other'): ErrorExplanation {
  const recommendations = (error.recommendations ?? []).map((r) => r.trim()).filter((r) => r !== '');
  const azureMessage = error.message?.trim() || undefined;
  const found = lookup(error);
  if (found) {
    const { entry, matchedBy } = found;
    return {
      code: entry.code,
      title: entry.title,
      cause: entry.cause,
      fix: entry.fix,
      learnUrl: entry.learnUrl,
      known: true,
      retryable: entry.retryable,
      ...(azureMessage === undefined ? {} : { azureMessage }),
      recommendations,
      matchedBy,
    };
  }
  const code = (error.codeName?.trim() || error.code?.trim()) ?? '';
  const title = error.title?.trim() || (code === '' ? 'Backup error' : `Error ${code}`);
  return {
    code,
    title,
    cause: azureMessage ?? 'Azure gave no message for this error.',
    fix:
      recommendations.length > 0
        ? recommendations.join(' ')
        : 'Azure gave no recommendation: open the job in the Azure portal for its details.',
    learnUrl: LEARN_PAGE_OF_WORKLOAD[workload] ?? LEARN_PAGES.vm,
    known: false,
    ...(azureMessage === undefined ? {} : { azureMessage }),
    recommendations,
    matchedBy: 'none',
  };
}
