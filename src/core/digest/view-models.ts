// The shapes cards/digest*.json and cards/snooze*.json bind to (core's output; render places them). Text comes
// preformatted, optional parts are arrays of zero or one element, as in every other view (see cards/README.md).

import type { CardButton, ViewFrame } from '../view-models/common';
import type { JobAdvice } from '../view-models/jobs';

/** Failed backups of one error code: what it is, what to do once, and whom it hit. */
export interface DigestFailureGroup {
  /** "❌ UserErrorGuestAgentStatusUnavailable · VM agent not reachable — 12 failed backups on 9 items". */
  heading: string;
  advice: JobAdvice[];
  /** "vm-web-01 (Contoso Prod) ×3, master on sqlvm-02 (Contoso Dev), … and 4 more". */
  items: string;
}

/** One part of "what changed" or "needs attention": a title ("🆕 Newly failing since yesterday (3)") and its lines. */
export interface DigestSection {
  title: string;
  lines: string[];
}

/** View "digest": the daily report (and `digest now`, its preview). */
export interface DigestViewModel extends ViewFrame {
  /** One paragraph read in five seconds: every number exact, or labelled ("at least 1,000"). */
  headline: string;
  /** Lines under the headline: late, preview, first digest, partial deltas, snoozed items left out. */
  notes: string[];
  /** Failures of the last 24 h by error code, biggest first. */
  failures: DigestFailureGroup[];
  /** "+ 6 more error codes (21 failed backups): Failed jobs lists them all."; empty when all are shown. */
  failuresMore: string[];
  /** What changed since the previous digest, and what needs attention. */
  sections: DigestSection[];
  /** On the failures: the failed jobs, retry what is failing. Short rows: Teams cuts labels that do not fit. */
  buttons: CardButton[];
  /** The other views: unprotected datasources, vaults. */
  views: CardButton[];
  /** About the digest itself: snooze an item, turn it off. */
  manage: CardButton[];
}

/** One fact of the digest settings card ("Schedule" → "08:00 Europe/Berlin, Monday to Friday"). */
export interface DigestFact {
  label: string;
  value: string;
}

/** A snoozed item with its Unsnooze button, on the settings card. */
export interface SnoozeEntry {
  /** "vm-web-01 (Contoso Prod) until Fri 12 Dec, 08:00 CET, by Ana". */
  text: string;
  buttons: CardButton[];
}

/** View "digest-settings": `digest`, and the announcement of every change (on, off, snooze, unsnooze). */
export interface DigestSettingsViewModel {
  /** "Daily digest" or what happened: "Ana turned on the daily digest". */
  title: string;
  /** One line under the title (what changed, or the state in words). */
  subtitle: string;
  facts: DigestFact[];
  /** Warnings and explanations (paused because…, who may change it). */
  notes: string[];
  snoozes: SnoozeEntry[];
  buttons: CardButton[];
  generatedAt: string;
}

/** An item offered for snoozing, with one button per length. */
export interface SnoozeChoice {
  /** "vm-web-01 (Contoso Prod) · failing". */
  text: string;
  /** 1 / 7 / 30 days (Slack shows them as one overflow menu, whose option values hold 150 characters). */
  buttons: CardButton[];
}

/** View "snooze": the items a digest would report here, to leave out for 1, 7 or 30 days. */
export interface SnoozeViewModel {
  title: string;
  subtitle: string;
  choices: SnoozeChoice[];
  /** "12 more items: snooze <name> 7d". */
  notes: string[];
  generatedAt: string;
}
