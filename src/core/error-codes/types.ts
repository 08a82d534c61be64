// The shape of one error-catalog entry and the Microsoft Learn troubleshooting pages the entries point to.
// Page URLs were checked against MicrosoftDocs/azure-docs (articles/backup/<page>.md) unless marked (unverified).
import type { WorkloadOrOther } from '../domain/workload';

export interface ErrorCatalogEntry {
  /** Azure's readable code, e.g. UserErrorVmNotInDesirableState (what the portal, alerts and BV jobs show). */
  code: string;
  /** Other readable codes that mean the same thing and share the fix. */
  aliases?: readonly string[];
  /**
   * RSV numeric codes (job rows carry `errorCode` as an int). Only codes that Microsoft's docs print beside the
   * readable code are listed; Azure does not publish the mapping in general.
   */
  numericCodes?: readonly number[];
  /** Azure's own error message(s) for this code, as the docs print them: the fallback when only a number arrives. */
  messages?: readonly string[];
  /** A few words, for a heading. */
  title: string;
  /** One line: why it happens. Our words. */
  cause: string;
  /** What to do, in one or two sentences. Our words. */
  fix: string;
  learnUrl: string;
  workloads: readonly WorkloadOrOther[];
  /** True when a plain retry has a fair chance (timing, transient or "another job was running"). */
  retryable: boolean;
  /** 'docs': code, message and remedy read in Microsoft's troubleshooting page; 'unverified': code seen elsewhere. */
  source: 'docs' | 'unverified';
  /**
   * Set on codes Microsoft documents for restores only (e.g. the VM size of a restored VM): explainError does not
   * offer their fix for a backup job, where the code cannot mean what the catalog says.
   */
  restoreOnly?: true;
}

const LEARN = 'https://learn.microsoft.com/azure/backup';

export const LEARN_PAGES = {
  vm: `${LEARN}/backup-azure-vms-troubleshoot`,
  vmAgent: `${LEARN}/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout`,
  sql: `${LEARN}/backup-sql-server-azure-troubleshoot`,
  hana: `${LEARN}/backup-azure-sap-hana-database-troubleshoot`,
  files: `${LEARN}/troubleshoot-azure-files`,
  disks: `${LEARN}/disk-backup-troubleshoot`,
  /** MicrosoftDocs/azure-docs articles/backup/backup-azure-troubleshoot-blob-backup.md ("Troubleshoot Azure Blob backup"). */
  blobs: `${LEARN}/backup-azure-troubleshoot-blob-backup`,
  postgres: `${LEARN}/backup-azure-database-postgresql-troubleshoot`,
  postgresFlex: `${LEARN}/backup-azure-database-postgresql-flex-troubleshoot`,
  aks: `${LEARN}/azure-kubernetes-service-backup-troubleshoot`,
  backupVault: `${LEARN}/backup-azure-backup-vault-troubleshoot`,
} as const;

/** The page to offer for an error we do not know, by workload. */
export const LEARN_PAGE_OF_WORKLOAD: Readonly<Record<WorkloadOrOther, string>> = {
  vm: LEARN_PAGES.vm,
  sql: LEARN_PAGES.sql,
  hana: LEARN_PAGES.hana,
  files: LEARN_PAGES.files,
  blobs: LEARN_PAGES.blobs,
  disks: LEARN_PAGES.disks,
  postgres: LEARN_PAGES.postgres,
  aks: LEARN_PAGES.aks,
  other: `${LEARN}/backup-overview`,
};
