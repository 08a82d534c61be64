// The shapes templates in cards/ bind to. Core builds them with every text already formatted (times with a zone
// label, icons chosen, counts worded), so templates only place text; see cards/README.md. Type-only: no runtime code.

/**
 * A button. Teams: Action.Execute { verb: "cmd", data: json(payload) } (Action.Submit fallback, same data);
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
