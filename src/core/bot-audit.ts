// The audit record the bot writes on its own about a conversation's digest or notifications (skipped, paused): one
// shape for both, so the audit view labels and reads them alike.
import type { AuditRecordInput } from '../store/store';

type Push = { role: 'digest-scheduler'; item: 'digest' } | { role: 'notify-poller'; item: 'notifications' };

export function botAudit(
  push: Push,
  conversationKey: string,
  at: Date,
  action: string,
  result: 'ok' | 'denied',
  reason: string,
): AuditRecordInput {
  return {
    at,
    actor: { platform: 'bot', userId: push.role, name: 'the bot' },
    channel: conversationKey,
    action,
    target: conversationKey,
    result,
    details: { item: push.item, reason },
  };
}

export const DIGEST_PUSH: Push = { role: 'digest-scheduler', item: 'digest' };
export const NOTIFY_PUSH: Push = { role: 'notify-poller', item: 'notifications' };
