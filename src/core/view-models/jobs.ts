// The shapes cards/jobs.*.json (and the recent jobs of cards/item.*.json) bind to. Type-only; see common.ts.
import type { CardButton, CardLink, ViewFrame } from './common';

/** What to do about a failed job: our catalog's words for known codes, Azure's own for unknown ones. */
export interface JobAdvice {
  /** "UserErrorGuestAgentStatusUnavailable · VM agent not reachable" (or "Error 400001" for unknown codes). */
  heading: string;
  /** One line: why it happens (unknown codes: Azure's message). */
  cause: string;
  /** What to do (unknown codes: Azure's recommendations). */
  fix: string;
  /** Microsoft Learn troubleshooting page. */
  learn: CardLink;
}

export interface JobRow {
  /** Status icon (✅ ❌ ⚠️ ⏳ 🚫). */
  icon: string;
  /** Adaptive Card colour of the status word. */
  color: string;
  /** The datasource's name. */
  title: string;
  /** "Failed", "In progress" … */
  status: string;
  /** "Azure VM · Backup · vault rsv-prod · rg-app · sub 0b2e4f1a". */
  facts: string;
  /** "started Mon 2 Jun, 12:02 CEST · ran 14 min". */
  when: string;
  /** Failed jobs outside an error-code group (item detail): what to do; else empty. */
  advice: JobAdvice[];
  /** Failed jobs in a list outside an error-code group ("all" jobs): "400239 · Snapshot failed"; else empty. */
  error: string[];
  /** Open in Azure portal: the job (lists link only the job), the item (when known), the vault. */
  links: CardLink[];
  /**
   * RETRY SLOT: per-job "Retry" button(s), filled by the retry feature for failed backups whose item can be backed
   * up now; empty otherwise (never a dead button).
   */
  retry: CardButton[];
  /** "🚫 No Retry: protection is stopped …": why a failed job's item cannot be backed up now; else empty. */
  retryNote: string[];
}

/** The heading of an error-code group (failed view): how many jobs share the code, and what to do once. */
export interface JobGroupHeading {
  /** "❌ UserErrorSnapshotTimeout · Snapshot timed out — 42 jobs" ("(continued)" on later pages). */
  heading: string;
  /** What to do; empty on a continued heading. */
  advice: JobAdvice[];
}

/**
 * One line of the list, flat because Slack blocks cannot nest: a group heading or a job (each array has 0 or 1
 * element, exactly one of them non-empty).
 */
export interface JobEntry {
  group: JobGroupHeading[];
  job: JobRow[];
}

/** One line of the failed-jobs overview: an error code, how many failed jobs carry it, and where. */
export interface CodeLine {
  /** "12 jobs". */
  count: string;
  /** "UserErrorSnapshotTimeout · Snapshot timed out" (unknown codes: Azure's code and title). */
  heading: string;
  /** "3 vaults". */
  where: string;
  /** "Show" into `jobs failed code:<code>`; empty when the code cannot be typed. */
  show: CardButton[];
}

/** View "jobs". */
export interface JobsViewModel extends ViewFrame {
  /** "showing 1–10 of 312 failed jobs in 48 vaults". */
  totals: string;
  /** When there are no jobs: one friendly line ("✅ No failed jobs in the last 24 h."); else empty. */
  empty: string[];
  /** Page 1 of failed jobs in two or more error codes: "13 error codes, biggest first"; else empty. */
  overviewTitle: string[];
  /** One line per error code, biggest first (at most OVERVIEW_MAX_CODES). */
  overview: CodeLine[];
  /** "… and 4 more codes with 6 jobs (on later pages)"; else empty. */
  overviewMore: string[];
  entries: JobEntry[];
  /** "‹ Previous" / "Next ›". */
  paging: CardButton[];
  /** Related views: other job lists, summary. */
  buttons: CardButton[];
}
