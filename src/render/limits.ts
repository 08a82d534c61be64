// Platform limits every rendered card is checked against, exported so that view-model code can page BEFORE rendering.
// Numbers come from Microsoft's and Slack's published limits (Slack Block Kit reference; Teams bot message docs);
// sources inline.

export const TEAMS_LIMITS = {
  /**
   * Teams renders Adaptive Cards up to 1.5; Universal Actions (Action.Execute) need exactly "1.5"
   * (docs/platform-facts.md).
   */
  cardVersion: '1.5',
  /**
   * Bytes of the card JSON (the attachment content). Bot messages may be 100 KB (older docs: 40 KB), but posts via
   * the Workflows connector stop at ~28 KB, so docs/design.md says stay under 28 KB; 28,000 (not 28,672) because the
   * source does not say which kilobyte it means.
   */
  maxCardBytes: 28_000,
} as const;

export const SLACK_LIMITS = {
  /** Blocks per message; modals and App Home allow 100 (docs.slack.dev/reference/block-kit/blocks). */
  maxBlocks: 50,
  /** Any text object (mrkdwn or plain_text), e.g. a section's `text` (api.slack.com block-kit blocks#section). */
  maxTextChars: 3_000,
  /** Section `fields`: at most 10, each at most 2,000 chars (same source). */
  maxSectionFields: 10,
  maxFieldChars: 2_000,
  /** Header block text, plain_text only (docs.slack.dev header block). */
  maxHeaderChars: 150,
  /** Elements of a context block / of an actions block (api.slack.com/reference/messaging/blocks). */
  maxContextElements: 10,
  maxActionsElements: 25,
  /** Button element (docs.slack.dev block-elements/button-element). */
  maxButtonTextChars: 75,
  maxButtonValueChars: 2_000,
  maxActionIdChars: 255,
  maxUrlChars: 3_000,
  /** Confirmation dialog on a button (node-slack-sdk ConfirmationDialog reference). */
  maxConfirmTitleChars: 100,
  maxConfirmTextChars: 300,
  maxConfirmButtonChars: 30,
  /**
   * Overflow menu: 2 to 5 options (docs.slack.dev block-elements/overflow-menu-element: "up to five"; older docs: at
   * least two); an option's text is plain_text ≤ 75 characters and its value ≤ 150 (Slack's option object docs).
   */
  minOverflowOptions: 2,
  maxOverflowOptions: 5,
  maxOptionValueChars: 150,
  /** block_id: 255 chars, unique in the message. From Slack's block docs as remembered (unverified). */
  maxBlockIdChars: 255,
  /**
   * Sum of every text object's characters in one message. Slack rejects messages with `msg_blocks_too_long` well
   * under the documented limits: ~13.2 K chars total (bolt-js#2509; a Slack engineer there speaks of "12,000 text
   * characters with a buffer for block containers") and a report of a rejection at 11,341 counted text chars
   * (bolt-js#2867). Undocumented, so (unverified): 10,000 keeps a margin below every report.
   */
  maxTotalTextChars: 10_000,
  /**
   * The top-level `text` is the notification / fallback for clients without blocks. Slack truncates messages longer
   * than 40,000 chars (Slack changelog 2018-04 "truncating really long messages"; unverified).
   */
  maxFallbackChars: 40_000,
} as const;

/**
 * Block types we let templates use; anything else is most likely a typo that Slack would reject with invalid_blocks.
 */
export const SLACK_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'actions',
  'context',
  'divider',
  'header',
  'image',
  'input',
  'rich_text',
  'section',
]);
