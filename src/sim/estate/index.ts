// Public face of the estate: generate or load ARG-shaped rows, build job rows for new backups, and the error catalog.
export { DS_TYPE, T as ARG_TYPES, WORKLOADS, type Workload } from './arm';
export {
  ALERTING_WORKLOADS,
  type BackupError,
  type BvJobErrorInput,
  backupErrorsFor,
  ERROR_CATALOG,
  findBackupError,
  findBackupErrorByNumber,
  pickBackupError,
  type RsvJobErrorInput,
  raisesBackupFailureAlert,
  toBvJobError,
  toRsvJobError,
} from './error-catalog';
export { EstateFileError, loadEstateFile, parseEstate, saveEstateFile } from './estate-file';
export { type GenerateOptions, generateEstate } from './generate';
export {
  type BvJobInput,
  type BvJobStatus,
  buildBvJobRow,
  buildRsvJobRow,
  type RsvJobInput,
  type RsvJobStatus,
} from './job-rows';
export { createRng, deriveSeed, type Rng } from './prng';
export { type EstateScale, SCALES } from './scale';
export { type Estate, type Row, TABLE_NAMES, type TableName } from './types';
export { workloadOf } from './workload-of';
