// When an on-demand backup is possible, and the Backup vault policy rule it would run.
// RSV allows it only in Protected / IRPending / ProtectionError (or the unified ProtectionConfigured); BV only in
// ProtectionConfigured / ProtectionError, and only when the policy has an AzureBackupRule (operational blob backup is
// continuous: nothing to run). SAP HANA instance snapshot items are refused: see SNAPSHOT_INSTANCE below.
import type { ProtectionState, Retryability } from '../../core/domain/instances';
import type { VaultKind, WorkloadOrOther } from '../../core/domain/workload';
import { prop } from '../row-values';

export interface PolicyRules {
  /** Name of the first AzureBackupRule (e.g. BackupHourly, BackupDaily); undefined: the policy has none. */
  ruleName?: string;
  /** The rule's default retention tag (taggingCriteria with isDefault), else its first tag. */
  retentionTag?: string;
}

/**
 * protectionState values, plus the unified currentProtectionState ones (docs/azure-facts.md §1.2, the ARG unified fields) for a
 * row that carries only that: ProtectionConfigured is the unified "Protected" (IRPending has no unified twin;
 * ConfiguringProtection is the configure step itself, not yet protected). Whether such rows occur is unverified; if
 * Azure used other words there, Retry is refused with the state shown, never offered blindly.
 */
const RSV_RETRYABLE = ['protected', 'irpending', 'protectionerror', 'protectionconfigured'];
const BV_RETRYABLE = ['protectionconfigured', 'protectionerror'];

const STATE_WORDS: Record<ProtectionState, string> = {
  Protected: 'protected',
  Pending: 'still being configured',
  Error: 'in error',
  Paused: 'paused',
  Stopped: 'stopped',
  SoftDeleted: 'soft-deleted',
  NotProtected: 'not protected',
  Unknown: 'in an unknown state',
};

/** Reads `policyRules[]` of a BV policy. */
export function readPolicyRules(value: unknown): PolicyRules {
  const rules = Array.isArray(value) ? value : [];
  const backupRule = rules.find((r) => String(prop(r, 'objectType') ?? '').toLowerCase() === 'azurebackuprule');
  if (!backupRule) return {};
  const out: PolicyRules = {};
  const name = prop(backupRule, 'name');
  if (typeof name === 'string' && name !== '') out.ruleName = name;
  const criteria = prop(prop(backupRule, 'trigger'), 'taggingCriteria');
  const list = Array.isArray(criteria) ? criteria : [];
  const chosen = list.find((c) => prop(c, 'isDefault') === true || prop(c, 'isDefault') === 'true') ?? list[0];
  const tag = prop(prop(chosen, 'tagInfo'), 'tagName');
  if (typeof tag === 'string' && tag !== '') out.retentionTag = tag;
  return out;
}

/**
 * SAP HANA "DB instance via snapshot" items (protected item name `SAPHanaDBInstance;…` as docs/azure-facts.md §1.2 gives it;
 * unverified against a live vault: an item named otherwise would be sent a streaming Full, which Azure would refuse
 * or run as a database backup). Microsoft
 * documents their Backup now only in the portal (includes/backup-azure-configure-sap-hana-database-instance-backup.md);
 * the REST how-tos show only streaming requests (Full, Differential…), and the Azure CLI's backup-now sends those
 * too (azure-cli issue 33151 asks for the snapshot one). The snapshot backup types (SnapshotFull,
 * SnapshotCopyOnlyFull) exist in the API's enum, but no documented request uses them, so the bot refuses and says
 * where to start it. (Whether Azure accepts SnapshotFull through Backups_Trigger is unverified.)
 */
const SNAPSHOT_INSTANCE = /^saphanadbinstance;/i;

export function isSnapshotInstance(itemName: string): boolean {
  return SNAPSHOT_INSTANCE.test(itemName);
}

export const SNAPSHOT_INSTANCE_MESSAGE =
  'This is an SAP HANA instance snapshot item: Microsoft documents its on-demand backup only in the Azure portal ' +
  '(vault > Backup items > SAP HANA in Azure VM > the snapshot instance > Backup now), so the bot does not start it.';

export function decideRetry(input: {
  kind: VaultKind;
  workload: WorkloadOrOther;
  /** The item's ARM name (RSV: `SAPHanaDBInstance;…` for instance snapshots); absent: not checked. */
  itemName?: string;
  rawProtectionState: string;
  protectionState: ProtectionState;
  /** BV policy rules; undefined when the policy was not looked up or is not visible (the trigger call will read it). */
  rules: PolicyRules | undefined;
}): Retryability {
  const { kind, workload, protectionState, rules } = input;
  if (kind === 'rsv' && input.itemName !== undefined && isSnapshotInstance(input.itemName)) {
    return { possible: false, reason: 'snapshot-instance', message: SNAPSHOT_INSTANCE_MESSAGE };
  }
  if (workload === 'other') {
    return {
      possible: false,
      reason: 'unknown-workload',
      message: 'The bot cannot start a backup for this kind of item.',
    };
  }
  const allowed = kind === 'rsv' ? RSV_RETRYABLE : BV_RETRYABLE;
  if (protectionState === 'SoftDeleted' || !allowed.includes(input.rawProtectionState.toLowerCase())) {
    return {
      possible: false,
      reason: 'state',
      message: `Protection is ${STATE_WORDS[protectionState]} (${input.rawProtectionState || 'no state'}); an on-demand backup needs active protection.`,
    };
  }
  if (kind === 'bv' && rules && !rules.ruleName) {
    return workload === 'blobs'
      ? {
          possible: false,
          reason: 'continuous-only',
          message: 'Operational blob backup is continuous; its policy has no scheduled backup to run on demand.',
        }
      : {
          possible: false,
          reason: 'no-backup-rule',
          message: 'The backup policy has no backup rule to run on demand.',
        };
  }
  return { possible: true };
}
