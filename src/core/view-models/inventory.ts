// View models of the inventory views: "unprotected", "vaults" and "vault" (cards/<view>.<platform>.json bind to these).
// Same rules as ./common: every text preformatted; optional parts are arrays of zero or one element.
import type { CardButton, CardLink, ViewFrame } from './common';

/** Adaptive Card TextBlock colours used by status texts. */
export type CardColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

/** One datasource nobody backs up. */
export interface UnprotectedRow {
  name: string;
  /** "sub 0a1b2c3d… · rg app-prod · westeurope" */
  where: string;
  /** "tags: env=prod, owner=ops" or "no tags": Azure's text, shown literally (Teams: a TextRun, never markdown). */
  tags: string;
  /** The same tags one by one ("env=prod"), for Slack's code spans; empty when there are none. */
  tagList: string[];
  /** "+3 more" when the tags outrun the row's budget (zero or one). */
  tagsMore: string[];
  /** Extra words when useful (a disk attached to a VM, the VM a HANA database runs on); may be empty. */
  note: string[];
  /** Azure portal page of the datasource. */
  url: string;
  /** The group heading when this row opens a group (zero or one): Slack blocks are flat, so rows carry it. */
  opens: string[];
}

export interface UnprotectedGroup {
  /** "Azure VM · 120 unprotected" */
  heading: string;
  rows: UnprotectedRow[];
}

/** View "unprotected": datasources with no backup, grouped by workload, one page at a time. */
export interface UnprotectedViewModel extends ViewFrame {
  /** "showing 1–10 of 212 unprotected datasources (VMs 120, disks 40, …)" or "no unprotected datasources". */
  totals: string;
  groups: UnprotectedGroup[];
  /** The same rows, flat (Slack cannot nest blocks); each group's first row carries the heading in `opens`. */
  rows: UnprotectedRow[];
  /** What an empty answer means (zero or one line). */
  empty: string[];
  /**
   * "⏸️ 3 with protection stopped or soft-deleted — resume them (not counted as unprotected)" (zero or one line):
   * datasources whose only backup no longer runs. On the first page only.
   */
  stoppedHeading: string[];
  /**
   * Them by name, with the vault that holds each stopped item, clipped to a few hundred characters ("+4 more"):
   * "vm-old-02 (Azure VM, rsv-prod) · vm-soft-03 (Azure VM, soft-deleted, rsv-prod)". Zero or one line.
   */
  stoppedList: string[];
  /** Paging: "‹ Previous" / "Next ›". */
  buttons: CardButton[];
}

/** One vault in the vaults list. */
export interface VaultRow {
  name: string;
  /** Security level icon and words: "❌ Poor (none)". */
  level: string;
  color: CardColor;
  /** "Recovery Services vault in rg-backup (westeurope)" */
  where: string;
  /** "Soft delete on (14 d) · Immutability off · MUA off · GRS · CRR off · Public access on · CMK off · Alerts on" */
  settings: string;
  /** "120 protected items · ❌ 3 failed jobs (last 24 h)" */
  stats: string;
  /** "To fix: turn on multi-user authorization; lock immutability" (zero or one line). */
  fix: string[];
  /** `vault <name>` with sub/rg so that same-named vaults stay apart. */
  details: CardButton;
  portal: CardLink;
}

/** View "vaults": every vault with its security posture, worst first. */
export interface VaultsViewModel extends ViewFrame {
  /** "showing 1–10 of 48 vaults" */
  totals: string;
  /** "🛡️ 2 Excellent · ✅ 20 Good · ⚠️ 5 Fair · ❌ 21 Poor" (empty string when there are no vaults: guarded by totals). */
  levels: string[];
  vaults: VaultRow[];
  empty: string[];
  buttons: CardButton[];
}

export interface VaultFact {
  label: string;
  value: string;
}

export interface VaultDetail {
  name: string;
  level: string;
  color: CardColor;
  /** "Recovery Services vault in rg-backup (westeurope)" */
  where: string;
  /** Settings, counts and identity, in reading order (Slack shows them as fields, 10 per section). */
  facts: VaultFact[];
  /** Second half of the facts (Slack allows 10 fields per section). */
  moreFacts: VaultFact[];
  /** What would raise the security level, one line each; empty for an Excellent vault with alerts on. */
  fix: string[];
  /** "❌ 3 failed jobs in the last 24 h" / "✅ no failed jobs in the last 24 h" */
  failures: string;
}

/** A same-named vault the user can pick. */
export interface VaultCandidate {
  name: string;
  where: string;
  level: string;
  pick: CardButton;
}

/** View "vault": one vault in detail, or the vaults of that name to choose from, or "not found". */
export interface VaultViewModel extends ViewFrame {
  vault: VaultDetail[];
  candidates: VaultCandidate[];
  /** Not found, or "several vaults are called …" (zero or one line). */
  message: string[];
  buttons: CardButton[];
  links: CardLink[];
}

/** One backup policy in the policies list. */
export interface PolicyRow {
  name: string;
  /** "Azure VM · Enhanced policy" or "Backup vault policy" when Azure names no datasource type. */
  what: string;
  /** "Recovery Services vault rsv-prod in rg-backup (westeurope) · Contoso Prod" */
  where: string;
  /** "Daily at 22:30 (W. Europe Standard Time)", "Every 4 h from 08:00 (UTC) · logs every 15 min" */
  schedule: string;
  /** "Daily 30 days · weekly 12 weeks · … · archive: recommended points" */
  retention: string;
  /** "✅ Protects 12 items" or "⚠️ Protects nothing" (with stopped items that still follow it, when any). */
  items: string;
  color: CardColor;
  /** `vault <name>` of the policy's vault (sub and rg keep same-named vaults apart). */
  vault: CardButton;
  portal: CardLink;
}

/** View "policies": backup policies of both vault kinds, by vault, with what each protects. */
export interface PoliciesViewModel extends ViewFrame {
  /** "showing 1–10 of 48 policies in 9 vaults · 17 protect nothing" */
  totals: string;
  policies: PolicyRow[];
  empty: string[];
  /** Paging, and "Only policies that protect nothing" / "All policies". */
  buttons: CardButton[];
}

export interface ItemsRowModel {
  /** "vm-web-01", "master on sqlvm-02" */
  name: string;
  /** "Azure VM · Recovery Services vault rsv-prod · Contoso Prod" */
  where: string;
  /** "✅ Protected · ✅ Healthy", "🚫 Protection stopped (data retained): resume it", "🚫 Soft-deleted: undelete …" */
  state: string;
  /** "Last backup: ❌ Failed · Mon 10 Mar, 06:30 UTC (3 h ago)" */
  last: string;
  /** "Policy: DefaultPolicy", "No policy" */
  policy: string;
  /** `items stale`: "No good backup for 11 d (since …); DefaultPolicy expects one a day (+2 h grace)". */
  stale: string[];
  color: CardColor;
  /** `item <id>` */
  item: CardButton;
  /** `policies <name> vault:…` of the item's policy, when it names one. */
  policyButton: CardButton[];
}

export interface ItemsViewModel extends ViewFrame {
  /** "showing 1–12 of 325 items" */
  totals: string;
  items: ItemsRowModel[];
  /**
   * The same rows flattened for Slack, whose blocks cannot nest and whose sections hold one button: each row, then
   * its policy line (with the Policy button), as one entry each (`row` or `policy` set, one element).
   */
  entries: { row: ItemsRowModel[]; policy: ItemsRowModel[] }[];
  empty: string[];
  /** Paging, then the other states of the same list. */
  buttons: CardButton[];
}
