// The view builders the conversation core calls from its handlers: data answer + command + context → view model.
// Append-only: each view adds its own export lines.
export { buildUnprotectedView, UNPROTECTED_MAX_PAGE_SIZE } from './unprotected';
export { buildVaultView } from './vault';
export { buildVaultsView, sortVaultsWorstFirst, VAULTS_MAX_PAGE_SIZE } from './vaults';
