// The shapes cards/summary.*, item.*, error.*, welcome.*, working.* and query.* bind to. Type-only; see common.ts.

import type { CardButton, CardLink, QueryText, ViewFrame } from './common';
import type { JobAdvice, JobRow } from './jobs';

/** A count with its status look: "❌ Failed  12". */
export interface StatLine {
  icon: string;
  label: string;
  value: string;
  /** Adaptive Card colour. */
  color: string;
}

export interface SummarySection {
  /** "Jobs · last 24 h · 1,204 in all". */
  heading: string;
  lines: StatLine[];
  /** One line when the section has nothing to count ("No jobs in the last 24 h."); else empty. */
  empty: string[];
  /** Into the list behind the section ("12 failed jobs" → jobs failed); Teams shows them under the section. */
  buttons: CardButton[];
}

/** View "summary". */
export interface SummaryViewModel extends ViewFrame {
  sections: SummarySection[];
  /** Every section's buttons in one list (Slack shows them in one actions block: its blocks cannot nest). */
  buttons: CardButton[];
}

export interface Fact {
  title: string;
  value: string;
}

/** View "item": one backup instance. */
export interface ItemViewModel extends ViewFrame {
  /** Protection state, health, last backup. */
  status: StatLine[];
  facts: Fact[];
  /** The last error Azure attached to the item, explained; else empty. */
  problem: JobAdvice[];
  /** "✅ An on-demand backup can run now." / "🚫 No on-demand backup: protection is stopped." */
  retryability: string;
  /** RETRY SLOT: the item's "Retry" button, filled by the retry feature; empty until then (never a dead button). */
  retry: CardButton[];
  /** "Recent jobs: 5 of 23 in the last 14 days". */
  jobsHeading: string;
  jobs: JobRow[];
  /** Open in Azure portal: item, vault, datasource. */
  links: CardLink[];
  buttons: CardButton[];
}

/** View "error": a typo, a refusal, a missing item, something that broke. */
export interface ErrorViewModel {
  /** "Not understood", "Not allowed", "Not found", "Something went wrong", "Not available yet". */
  title: string;
  icon: string;
  message: string;
  /** What to do next; empty or one line. */
  hint: string[];
  /** The command the user probably meant ("jobs failed"); empty or one. */
  suggestion: string[];
  /** "Usage: jobs [failed|running|all] [filters]"; empty or one. */
  usage: string[];
  /** "Example: tag:env=prod"; empty or one. */
  example: string[];
  /** "ref 3fa2c1d9" for anything unexpected; empty or one. */
  ref: string[];
  /** Run the suggestion, pick a candidate, help. */
  buttons: CardButton[];
  generatedAt: string;
}

/** View "welcome": what the bot says when it is installed or added to a conversation. */
export interface WelcomeViewModel {
  title: string;
  intro: string;
  /** The most useful commands, one click each. */
  buttons: CardButton[];
  tips: string[];
  generatedAt: string;
}

/** View "working": the placeholder a slow answer replaces. */
export interface WorkingViewModel {
  /** "⏳ Working on" */
  text: string;
  /** The command as typed, canonical ("jobs failed since:7d"). */
  command: string;
}

/** View "query": one KQL query of an answer, posted on request (Slack's "Show query"). */
export interface QueryViewModel {
  title: string;
  /** The query cut into pieces under Slack's 3,000 characters per text (cut at line ends). */
  chunks: string[];
  query: QueryText;
  hint: string;
  explorer: CardLink;
  /** Other queries of the same answer. */
  nav: CardButton[];
}
