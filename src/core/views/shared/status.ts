// Status icons, words and Teams colours for every status the views show, so a glance says good, bad or waiting.
// Slack blocks have no text colour, so the icon carries the meaning there; Teams gets the icon and a colour.
import type { InstanceHealth, LastBackupStatus, ProtectionState } from '../../domain/instances';
import type { JobStatus } from '../../domain/jobs';
import type { SecurityLevel } from '../../domain/vaults';

/** Adaptive Card TextBlock `color` values. */
export type TeamsColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

export interface StatusLook {
  icon: string;
  /** The status in words ("Completed with warnings"). */
  label: string;
  color: TeamsColor;
}

export const ICONS = {
  ok: '✅',
  failed: '❌',
  warning: '⚠️',
  running: '⏳',
  stopped: '🚫',
  unknown: '❔',
} as const;

const look = (icon: string, label: string, color: TeamsColor): StatusLook => ({ icon, label, color });

const JOB: Record<JobStatus, StatusLook> = {
  Completed: look(ICONS.ok, 'Completed', 'Good'),
  CompletedWithWarnings: look(ICONS.warning, 'Completed with warnings', 'Warning'),
  Failed: look(ICONS.failed, 'Failed', 'Attention'),
  InProgress: look(ICONS.running, 'In progress', 'Accent'),
  Cancelling: look(ICONS.running, 'Cancelling', 'Accent'),
  Cancelled: look(ICONS.stopped, 'Cancelled', 'Default'),
  Paused: look(ICONS.stopped, 'Paused', 'Warning'),
  Unknown: look(ICONS.unknown, 'Unknown', 'Default'),
};

const HEALTH: Record<InstanceHealth, StatusLook> = {
  Healthy: look(ICONS.ok, 'Healthy', 'Good'),
  Warning: look(ICONS.warning, 'Action suggested', 'Warning'),
  Unhealthy: look(ICONS.failed, 'Unhealthy', 'Attention'),
  Unknown: look(ICONS.unknown, 'Health unknown', 'Default'),
};

const STATE: Record<ProtectionState, StatusLook> = {
  Protected: look(ICONS.ok, 'Protected', 'Good'),
  Pending: look(ICONS.running, 'Configuring protection', 'Accent'),
  Error: look(ICONS.failed, 'Protection error', 'Attention'),
  Paused: look(ICONS.stopped, 'Backups paused', 'Warning'),
  Stopped: look(ICONS.stopped, 'Protection stopped', 'Warning'),
  SoftDeleted: look(ICONS.stopped, 'Soft-deleted', 'Warning'),
  NotProtected: look(ICONS.warning, 'Not protected', 'Attention'),
  Unknown: look(ICONS.unknown, 'State unknown', 'Default'),
};

const LAST_BACKUP: Record<LastBackupStatus, StatusLook> = {
  Succeeded: look(ICONS.ok, 'Succeeded', 'Good'),
  Warning: look(ICONS.warning, 'Completed with warnings', 'Warning'),
  Failed: look(ICONS.failed, 'Failed', 'Attention'),
  Pending: look(ICONS.running, 'Pending', 'Accent'),
  None: look(ICONS.warning, 'No backup yet', 'Warning'),
  Unknown: look(ICONS.unknown, 'Unknown', 'Default'),
};

/** ABCC levels; Microsoft names them Maximum/Adequate/Minimum/None in the portal, we show both. */
const SECURITY: Record<SecurityLevel, StatusLook> = {
  Excellent: look('🛡️', 'Excellent (maximum)', 'Good'),
  Good: look(ICONS.ok, 'Good (adequate)', 'Good'),
  Fair: look(ICONS.warning, 'Fair (minimum)', 'Warning'),
  Poor: look(ICONS.failed, 'Poor (none)', 'Attention'),
};

export const jobStatusLook = (s: JobStatus): StatusLook => JOB[s];
export const healthLook = (h: InstanceHealth): StatusLook => HEALTH[h];
export const protectionStateLook = (s: ProtectionState): StatusLook => STATE[s];
export const lastBackupLook = (s: LastBackupStatus): StatusLook => LAST_BACKUP[s];
export const securityLevelLook = (l: SecurityLevel): StatusLook => SECURITY[l];

/** "❌ Failed": icon and word, for places that show both in one string. */
export function iconLabel(l: StatusLook): string {
  return `${l.icon} ${l.label}`;
}
