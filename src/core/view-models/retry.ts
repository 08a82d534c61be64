// The shapes cards/retry.* and cards/audit.* bind to. Every text is preformatted by core (times with zone labels,
// icons chosen, lists cut to what fits); templates only place it. Type-only: no runtime code.
import type { CardButton, CardLink } from './common';

/** Where a retry stands; one card shows each state (the confirmation card is updated in place as it moves on). */
export type RetryState =
  | 'confirm' // one item: Start / Cancel
  | 'bulk-confirm' // several items: one Start / Cancel for all
  | 'choose' // the name matched several items: pick one
  | 'not-found'
  | 'lookup-failed' // Resource Graph failed or answered in part: the item may exist; nothing started
  | 'blocked' // the item cannot be backed up on demand, and why
  | 'denied' // RETRY_ALLOW does not let this caller start it (audited)
  | 'refused' // Azure said no (403 role, stopped, gone …)
  | 'already-running'
  | 'backed-up' // a backup from chat completed after this card was confirmed: nothing new started
  | 'accepted' // Azure accepted the request and asked to be asked again later (Retry-After) before naming the job
  | 'started'
  | 'in-progress'
  | 'completed'
  | 'failed' // the job failed (with the error and its fix), or the request's outcome is unknown
  | 'cancelled'
  | 'expired' // the confirmation is too old
  | 'untracked' // tracking gave up (the job may still run)
  | 'bulk-summary';

/** Teams TextBlock color of the status line (Slack shows the icon only). */
export type StatusColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

export interface RetryFact {
  /** "Item", "Vault", "Subscription", "Retention", "Started by", "Azure job" … */
  label: string;
  value: string;
}

/** View "retry": cards/retry.teams.json and cards/retry.slack.json. */
export interface RetryViewModel {
  state: RetryState;
  /** Header (Slack: ≤ 150 chars). */
  title: string;
  /** Icon and words: "⏳ In progress for 4 min", "✅ Completed at 10:14 UTC". */
  status: string;
  statusColor: StatusColor;
  /** At most 10 (Slack section fields), each value ≤ 300 chars. */
  facts: RetryFact[];
  /** Paragraphs: why, Azure's error, our fix. Each ≤ 600 chars, at most 4. */
  notes: string[];
  /** Lines of a list (bulk items, choices); ≤ 25 lines of ≤ 100 chars; the last may say "… and 12 more". */
  lines: string[];
  /** Start / Cancel, or one button per choice; ≤ 5. */
  buttons: CardButton[];
  /** "How to fix" (Microsoft Learn), "Open in Azure portal"; ≤ 3, and ≤ 5 actions with the buttons (Teams). */
  links: CardLink[];
  /** "Requested by Ana (Teams) · as of Mon 2 Jun, 12:02 CEST". */
  footer: string;
}

export interface AuditRow {
  /** "✅ Started · vm-web-01" */
  title: string;
  /** "Mon 2 Jun, 12:02 CEST · Ana (teams) in C0123 · vault rsv-prod · job 6f1c…" */
  detail: string;
}

/** View "audit": cards/audit.teams.json and cards/audit.slack.json. */
export interface AuditViewModel {
  title: string;
  /** "last 7 days · everything you may retry" / "… · subscription 0b2e…". */
  subtitle: string;
  /** "showing 1–10 of 23 records" / "no records". */
  totals: string;
  /** At most 10 per page. */
  rows: AuditRow[];
  notes: string[];
  /** Paging. */
  buttons: CardButton[];
  generatedAt: string;
}
