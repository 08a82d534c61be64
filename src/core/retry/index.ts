// The retry workflow's public face: create it with its ports, call it from the `retry` and `audit` handlers.
export { BackupActionError, type BackupActionErrorKind } from './action-error';
export { type RetryPlugin, retryHandlers } from './handlers';
export type { ItemOutcome } from './outcome';
export type {
  BackupActions,
  ItemSource,
  JobRef,
  JobState,
  MessageRef,
  ProgressSink,
  RetryLogger,
  RetryStore,
  TriggerOptions,
  TriggerRequestInfo,
  TriggerResult,
} from './ports';
export { DEFAULT_RETRY_SETTINGS, type RetrySettings } from './records';
export { createRetryWorkflow, type RetryRequest, type RetryWorkflow, type RetryWorkflowDeps } from './workflow';
