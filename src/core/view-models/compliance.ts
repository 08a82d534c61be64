// View model of "compliance": Azure Policy compliance of the backup-related assignments (cards/compliance.*.json).
// Same rules as ./common: every text preformatted; optional parts are arrays of zero or one element.
import type { CardButton, CardLink, ViewFrame } from './common';
import type { CardColor } from './inventory';

/** One policy assignment. */
export interface ComplianceRow {
  /** The assignment's display name (its Azure name when it has none). */
  name: string;
  /** "❌ 12 of 52 non-compliant", "✅ All 40 compliant", "⏳ Not evaluated yet". */
  status: string;
  color: CardColor;
  /** "Azure Backup should be enabled for Virtual Machines" (the definition), "· not enforced" when DoNotEnforce. */
  what: string;
  /** "Subscription Contoso Prod", "Resource group rg-backup in Contoso Prod", "Management group mg-root". */
  where: string;
  /** "✅ 40 compliant · 3 exempt · 1 conflict". */
  counts: string;
  /** "Non-compliant: vm-a, vm-b, vm-c, vm-d, vm-e and 7 more", or empty. */
  nonCompliant: string[];
  portal: CardLink;
}

export interface ComplianceViewModel extends ViewFrame {
  /** "showing 1–8 of 12 assignments · 37 non-compliant resources". */
  totals: string;
  assignments: ComplianceRow[];
  empty: string[];
  buttons: CardButton[];
}
