// The backup domain in one import for core: pure types and rules shared by commands, views and the azure layer.
export * from './arm-id';
export * from './digest';
export * from './filters';
export * from './instances';
export * from './jobs';
export * from './refs';
export * from './result';
export * from './summary';
export * from './unprotected';
export * from './vaults';
export * from './workload';
