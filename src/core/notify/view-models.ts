// The shape cards/notify*.json bind to (core's output; render places it). Text comes preformatted; optional parts
// are arrays of zero or one element, as in every other view (see cards/README.md).

import type { CardButton } from '../view-models/common';
import type { JobAdvice } from '../view-models/jobs';

/** One item of a group: "❌ vm-web-01 (Contoso Prod) · failed 3 times since 02:00", with its Retry (0 or 1). */
export interface NotifyItemRow {
  text: string;
  retry: CardButton[];
}

/** Failures of one error code: what it is, what to do (0 or 1, gone once all are fixed), and whom it hit. */
export interface NotifyGroup {
  /** "❌ UserErrorGuestAgentStatusUnavailable · VM agent not reachable — 3 failed backups on 2 items". */
  heading: string;
  advice: JobAdvice[];
  /** Empty when the message has too many items to list (one line per error code then). */
  items: NotifyItemRow[];
  /** "… and 4 more" (0 or 1). */
  more: string[];
  /** "Retry these N" (0 or 1). */
  buttons: CardButton[];
}

/** View "notify": failures found by one poll in one conversation, updated in place on repeats and fixes. */
export interface NotifyViewModel {
  title: string;
  subtitle: string;
  notes: string[];
  groups: NotifyGroup[];
  /** Failed jobs (the full list). */
  buttons: CardButton[];
  /**
   * Every Retry of the groups, flat (Slack: sections cannot hold a list of buttons, so they line up under the
   * groups; at most 24, one actions block's room beside nothing else).
   */
  retry: CardButton[];
  generatedAt: string;
}
