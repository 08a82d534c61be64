// The command layer's public API: parse, format, suggest, help, button payloads and the handler contract.
export { toBackupFilters } from './filters';
export { formatCommand } from './format';
export type { CommandContext, CommandHandler, CommandHandlers } from './handler';
export { dispatchCommand } from './handler';
export type { CommandHelp, HelpData, HelpExample } from './help';
export { describeHelp, formatHelpText } from './help';
export { parseCommand, parseTypedCommand } from './parse';
export type { ActionPayload, EncodeOptions, PayloadStash } from './payload';
export {
  DEFAULT_STASH_TTL_MS,
  decodeAction,
  decodeActionInline,
  encodeAction,
  encodeActionInline,
  PAYLOAD_VERSION,
  PayloadTooLargeError,
  SLACK_ACTION_ID_MAX_CHARS,
  SLACK_VALUE_MAX_CHARS,
  serializeAction,
} from './payload';
export type { CommandSpec, FilterSpec } from './table';
export { COMMAND_SPECS, FILTER_SPECS, OVERVIEW_USAGE, usageOf } from './table';
export * from './types';
