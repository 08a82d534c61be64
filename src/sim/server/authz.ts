// Role checks on the trigger APIs: a caller listed as forbidden gets ARM's 403 AuthorizationFailed, before the
// resource provider looks at the item (ARM checks RBAC first, so even a missing item answers 403).
import { ArmError } from './http-util';
import type { ForbiddenRule } from './types';

export const RSV_BACKUP_ACTION =
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/backup/action';
export const BV_BACKUP_ACTION = 'Microsoft.DataProtection/backupVaults/backupInstances/backup/action';

export class Authorizer {
  private rules: ForbiddenRule[];

  constructor(rules: ForbiddenRule[] = []) {
    this.rules = validate(rules);
  }

  set(rules: ForbiddenRule[]): void {
    this.rules = validate(rules);
  }

  get(): ForbiddenRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Throws 403 when `callerId` may not perform `action` on the vault `vaultId` (ARM id as requested). */
  check(callerId: string, action: string, vaultId: string): void {
    const vault = vaultId.toLowerCase();
    const vaultName = vault.split('/').pop() ?? '';
    const hit = this.rules.some((rule) => {
      if (rule.principal !== '*' && rule.principal.toLowerCase() !== callerId.toLowerCase()) return false;
      if (rule.vault === undefined) return true;
      const wanted = rule.vault.toLowerCase();
      return wanted.includes('/') ? wanted === vault : wanted === vaultName;
    });
    if (!hit) return;
    throw new ArmError(
      403,
      'AuthorizationFailed',
      `The client '${callerId}' with object id '${callerId}' does not have authorization to perform action '${action}' over scope '${vaultId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
}

function validate(rules: ForbiddenRule[]): ForbiddenRule[] {
  if (!Array.isArray(rules)) throw new ArmError(400, 'InvalidForbiddenRules', 'Forbidden rules must be an array.');
  for (const r of rules) {
    if (
      !r ||
      typeof r.principal !== 'string' ||
      r.principal === '' ||
      (r.vault !== undefined && typeof r.vault !== 'string')
    ) {
      throw new ArmError(
        400,
        'InvalidForbiddenRules',
        `Invalid forbidden rule ${JSON.stringify(r)}: principal (string) and optional vault (string)`,
      );
    }
  }
  return rules.map((r) => ({ ...r }));
}
