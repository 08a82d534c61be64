// The notification feature for the composition root: its command handler, the poller every replica runs, the
// entry for Azure Monitor alerts, the daily clean-up, and what to do when a conversation removes the bot.
import type { ConversationAddress } from '../conversation-port';
import type { FailureEvent } from '../domain/notify';
import type { ViewHandlers } from '../views/context';
import { notifyHandlers } from './commands';
import { NotifyPoller } from './poller';
import type { NotifyDeps } from './ports';

export { NotifyPoller, type NotifyRound } from './poller';
export { DEFAULT_NOTIFY_SETTINGS, type NotifyDeps, type NotifySettings, type NotifyStore } from './ports';

export interface NotifyFeature {
  handlers: Pick<ViewHandlers, 'notify'>;
  poller: NotifyPoller;
  /** An alert the webhook accepted: stored (a repeated delivery is refused) and announced by a poll at once. */
  acceptAlert(alert: { alertId: string; events: FailureEvent[] }): Promise<'new' | 'duplicate'>;
  conversationRemoved(address: ConversationAddress): Promise<void>;
  /** Daily: announcements, messages and alerts older than 14 days. Returns its stop. */
  startMaintenance(): () => void;
}

const DAY = 24 * 3_600_000;

export function createNotifyFeature(deps: NotifyDeps): NotifyFeature {
  const poller = new NotifyPoller(deps);
  return {
    handlers: notifyHandlers(deps),
    poller,
    async acceptAlert(alert) {
      const receivedAt = deps.clock();
      // One alert may carry several failures: each is stored under the alert id and its position.
      const fresh = await Promise.all(
        alert.events.map((event, i) =>
          deps.store.putNotifyAlert({ id: i === 0 ? alert.alertId : `${alert.alertId}#${i}`, receivedAt, event }),
        ),
      );
      if (!fresh.some(Boolean)) return 'duplicate';
      void poller.urgent().catch((err: unknown) => deps.log.warn({ err }, 'a poll after an alert failed'));
      return 'new';
    },
    conversationRemoved: (address) =>
      poller.pause(
        { platform: address.platform, conversationKey: address.key },
        'the bot was removed from this conversation',
      ),
    startMaintenance() {
      const timer = setInterval(() => {
        deps.store
          .purgeNotify(new Date(deps.clock().getTime() - 14 * DAY))
          .catch((err: unknown) => deps.log.warn({ err }, 'could not clean up notification records'));
      }, DAY);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
