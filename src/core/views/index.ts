// The view builders the conversation core calls from its handlers: data answer + command + context → view model.
// Append-only: each view adds its own export lines.

export type { ViewContext, ViewHandler, ViewHandlers } from './context';
export { errorModel, errorReply, parseErrorReply, unexpectedErrorReply, userErrorReply } from './error';
export { createViewHandlers } from './handlers';
export { buildItemReply, ITEM_RECENT_JOBS } from './item';
export { explainJob, jobLinks, toAdvice, toJobRow } from './job-rows';
export { buildJobsView, OVERVIEW_MAX_CODES } from './jobs';
export { queryReply } from './query-view';
export { buildSummaryView } from './summary';
export { buildUnprotectedView } from './unprotected';
export { buildVaultView } from './vault';
export { buildVaultsView, sortVaultsWorstFirst } from './vaults';
export { helpReply, welcomeReply, workingReply } from './welcome';
