// The shapes templates in cards/ bind to. Core builds them with every text already formatted (times with a zone
// label, icons chosen, counts worded), so templates only place text; see cards/README.md. Type-only: no runtime code.

/**
 * A button. Teams: Action.Execute { verb: "cmd:<view>", data: json(payload) } (Action.Submit fallback, same data);
 * Slack: button { action_id: "cmd:<view>:<n>", value: payload }. Both come back through decodeAction.
 */
export interface CardButton {
  /** Button text (Slack: ≤ 75 chars). */
  label: string;
  /**
   * `serializeAction(await encodeAction(command))` (src/core/commands/payload): JSON text, ≤ 2,000 chars. Text, not
   * the object, because the template function string() costs ~40 ms per 500 buttons while json() costs ~3 ms.
   */
  payload: string;
}

/** One command in the help view. */
export interface HelpCommand {
  /** e.g. "jobs [failed|running|all] [filters]" */
  usage: string;
  /** One sentence. */
  summary: string;
  /** Complete example invocations, e.g. "jobs failed since:7d"; may be empty. */
  examples: string[];
}

/** View "help": cards/help.teams.json and cards/help.slack.json. */
export interface HelpViewModel {
  /** Header (Slack: ≤ 150 chars, plain text). */
  title: string;
  /** One or two sentences under the title: how to invoke the bot on this platform. */
  intro: string;
  commands: HelpCommand[];
  /** Lines under the commands (tips, filter syntax), one per entry; may be empty. */
  notes: string[];
  /** Quick actions under the list; may be empty. */
  buttons: CardButton[];
  /** Footer label, e.g. "Backup Center bot 0.1.0 · 10:02 UTC". */
  generatedAt: string;
}

/** A link button: Teams Action.OpenUrl; Slack button with `url` (action_id "link:<view>:<n>"). */
export interface CardLink {
  label: string;
  url: string;
}

/** One query behind an answer, for "Show query". */
export interface QueryText {
  /** "Query", or "Query 2 of 3". */
  title: string;
  /** The exact bound KQL, ready for Resource Graph Explorer. */
  kql: string;
}

/**
 * "Show query": Teams shows `queries` in an Action.ShowCard, each in a multi-line Input.Text (keeps line breaks,
 * which TextBlock markdown would join, and selects whole for copying; costs no per-line JSON); Slack shows a button (value `payload`) whose click is
 * answered with the "query" view. Models carry it as `query: ShowQuery[]` (empty or one), so templates use `$data`.
 */
export interface ShowQuery {
  label: string;
  queries: QueryText[];
  payload: string;
  /** Where to paste them. */
  hint: string;
  /** Resource Graph Explorer (empty query: the KQL is too long for a URL); "Open Resource Graph Explorer". */
  explorer: CardLink;
}

/**
 * What every data view (summary, jobs, unprotected, vaults, vault, item) carries besides its own content.
 * Optional parts are arrays of zero or one element (a missing field would leave "${…}" in the card).
 */
export interface ViewFrame {
  /** Header (Slack header: ≤ 150 chars). */
  title: string;
  /** One line under the title: the filters and window, e.g. "Failed jobs · last 24 h · vault:rsv-prod". */
  subtitle: string;
  /** The partial-answer banner ("⚠️ Partial answer: …"), or empty when the answer is complete. */
  partial: string[];
  query: ShowQuery[];
  /** Footer: "as of Mon 2 Jun, 12:02 CEST". */
  generatedAt: string;
}
