// View model of the "alerts" view (cards/alerts.<platform>.json bind to it). Same rules as ./common: every text
// preformatted; optional parts are arrays of zero or one element.
import type { CardButton, CardLink, ViewFrame } from './common';
import type { CardColor } from './inventory';

/** One alert: what it is about, how bad, its state and when it fired. */
export interface AlertRow {
  /** The item's (or the vault's) name: "vm-web-01". */
  name: string;
  /** "🟠 Sev1 (error) · New · fired 3 h ago (Mon 2 Jun, 09:02 UTC) · 4 times" */
  status: string;
  color: CardColor;
  /** "Recovery Services vault rsv-prod in rg-backup · Contoso Prod" */
  where: string;
  /** Azure's description, clipped (zero or one line). */
  detail: string[];
  /** The group heading when this row opens a group (zero or one): Slack blocks are flat, so rows carry it. */
  opens: string[];
  /** `item <id>` for an alert about an item, else `vault <name>`. */
  open: CardButton;
  /** On the row that opens a job-failure group: "Failed jobs · <code>" (zero or one; Teams shows it on the row). */
  jobs: CardButton[];
  portal: CardLink;
}

/** View "alerts": Azure Monitor alerts for backup, grouped by alert rule and error, one page at a time. */
export interface AlertsViewModel extends ViewFrame {
  /** "showing 1–10 of 42 active alerts in 5 groups" or "no active alerts". */
  totals: string;
  /** "🔴 2 Sev0 · 🟠 30 Sev1 · 🟡 10 Sev2" (zero or one line). */
  severities: string[];
  rows: AlertRow[];
  /** What an empty answer means (zero or one line). */
  empty: string[];
  /** Paging and "All alerts"/"Active alerts" (Teams allows 5 card actions, Show query included). */
  buttons: CardButton[];
  /** The rows' "Failed jobs · <code>" buttons, for Slack, whose sections hold one button each (at most 3). */
  jobButtons: CardButton[];
}
