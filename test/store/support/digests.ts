// Digest inputs for the store tests: a complete subscription with a fresh conversation key, times given explicitly.
import { randomUUID } from 'node:crypto';
import type { DigestRunKey, DigestSubscription, DigestSubscriptionInput } from '../../../src/store';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const at = (iso: string): Date => new Date(iso);
export const later = (time: Date, ms: number): Date => new Date(time.getTime() + ms);

export function digestInput(overrides: Partial<DigestSubscriptionInput> = {}): DigestSubscriptionInput {
  const conversationKey = overrides.conversationKey ?? `digest-${randomUUID()}`;
  return {
    platform: 'slack',
    conversationKey,
    address: { channel: `C-${conversationKey}` },
    time: '08:00',
    timezone: 'Europe/Berlin',
    days: 'weekdays',
    quiet: false,
    filters: { vault: 'rsv-prod' },
    scopeKey: 'vault=rsv-prod',
    createdBy: { platform: 'slack', userId: 'U123', name: 'Ada' },
    nextRunAt: at('2030-03-04T07:00:00.000Z'),
    at: at('2030-03-03T12:00:00.000Z'),
    ...overrides,
  };
}

/** The occurrence the subscription waits for now. */
export function runOf(sub: DigestSubscription): DigestRunKey {
  return { platform: sub.platform, conversationKey: sub.conversationKey, dueAt: sub.nextRunAt };
}
