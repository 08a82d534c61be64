// What the READ_ALLOW tests bind and look for in the demo estate (seed 5): two subscriptions, the channels bound to
// them, and the names that exist in one subscription only (so a name in an answer says where it came from).
import type { Estate, Row } from '../../../src/sim/estate/types';
import { CHANNEL_ID } from '../../standins/bot-connector';

/** contoso-payments-prod-001 and contoso-analytics-nonprod-002 of the seed-5 estate. */
export const A = '96c90d86-7d91-40ed-9ad7-f5e051c4b900';
export const B = '13293d5a-6c6d-4468-a2b9-2da5dd9ec598';
export const A_NAME = 'contoso-payments-prod-001';
export const B_NAME = 'contoso-analytics-nonprod-002';

/**
 * Slack channel C0000CHN reads A, C0000TWO and the Teams channel read B; Slack member U0000BOB reads B in 1:1 chats.
 * Nobody else is named: other people's 1:1 chats and other channels are refused.
 */
export const READ_ALLOW = [
  `*@sub:${A}#C0000CHN`,
  `slack:*@sub:${B}#C0000TWO`,
  `teams:*@sub:${B}#${CHANNEL_ID}`,
  `slack:user:U0000BOB@sub:${B}`,
];

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const props = (r: Row) => (r.properties ?? {}) as Record<string, unknown>;

/** Vault names, of one subscription or all. */
export function vaultNames(estate: Estate, sub?: string): Set<string> {
  return new Set(
    estate.tables.Resources.filter(
      (r) =>
        /^microsoft\.(recoveryservices\/vaults|dataprotection\/backupvaults)$/.test(lower(r.type)) &&
        (sub === undefined || lower(r.subscriptionId) === sub),
    ).map((r) => String(r.name)),
  );
}

/** Backup item names (8+ characters, so no shorter word matches by chance) found in `sub` and in no other. */
export function namesOnlyIn(estate: Estate, sub: string): string[] {
  const items = estate.tables.RecoveryServicesResources.filter((r) =>
    /\/(protecteditems|backupinstances)$/.test(lower(r.type)),
  );
  const subsOf = new Map<string, Set<string>>();
  for (const r of items) {
    const name = lower(props(r).friendlyName);
    subsOf.set(name, new Set([...(subsOf.get(name) ?? []), lower(r.subscriptionId)]));
  }
  return [
    ...new Set(
      items
        .filter((r) => lower(r.subscriptionId) === sub)
        .map((r) => String(props(r).friendlyName))
        .filter((n) => n.length >= 8 && subsOf.get(n.toLowerCase())?.size === 1),
    ),
  ];
}

/** Names of Azure resources (8+ characters) that exist in `sub` and in no other subscription: unprotected answers. */
export function resourceNamesOnlyIn(estate: Estate, sub: string): string[] {
  const subsOf = new Map<string, Set<string>>();
  for (const r of estate.tables.Resources) {
    const name = lower(r.name);
    subsOf.set(name, new Set([...(subsOf.get(name) ?? []), lower(r.subscriptionId)]));
  }
  return [
    ...new Set(
      estate.tables.Resources.filter((r) => lower(r.subscriptionId) === sub)
        .map((r) => String(r.name))
        .filter((n) => n.length >= 8 && subsOf.get(n.toLowerCase())?.size === 1),
    ),
  ];
}
