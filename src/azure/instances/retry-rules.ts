// When an on-demand backup is possible, and the Backup vault policy rule it would run.
// RSV allows it only in Protected / IRPending / ProtectionError; BV only in ProtectionConfigured / ProtectionError,
// and only when the policy has an AzureBackupRule (operational blob backup is continuous: nothing to run).
import type { ProtectionState, Retryability } from '../../core/domain/instances';
import type { VaultKind, WorkloadOrOther } from '../../core/domain/workload';
import { prop } from '../row-values';

export interface PolicyRules {
  /** Name of the first AzureBackupRule (e.g. BackupHourly, BackupDaily); undefined: the policy has none. */
  ruleName?: string;
  /** The rule's default retention tag (taggingCriteria with isDefault), else its first tag. */
  retentionTag?: string;
}

const RSV_RETRYABLE = ['protected', 'irpending', 'protectionerror'];
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

export function decideRetry(input: {
  kind: VaultKind;
  workload: WorkloadOrOther;
  rawProtectionState: string;
  protectionState: ProtectionState;
  /** BV policy rules; undefined when the policy was not looked up or is not visible (the trigger call will read it). */
  rules: PolicyRules | undefined;
}): Retryability {
  const { kind, workload, protectionState, rules } = input;
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
