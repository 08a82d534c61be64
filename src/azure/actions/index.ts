// On-demand backups and job status for both vault kinds: core's BackupActions port, implemented over ARM.
export { type BackupActionsOptions, createBackupActions } from './backup-actions';
export { DEFAULT_BV_API_VERSION, DEFAULT_RETENTION_TAG, normaliseJobId } from './bv-trigger';
export { DEFAULT_OPERATION_POLLING, type OperationPolling } from './polling';
export { DEFAULT_RSV_RETENTION_DAYS, WORKLOAD_BACKUP_TYPE } from './rsv-request';
