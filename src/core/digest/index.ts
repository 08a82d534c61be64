// The digest feature for the composition root: its command handlers (plugged into the conversation core), the
// scheduler every replica runs, the hourly clean-up, and what to do when a conversation removes the bot.
import type { ConversationAddress } from '../conversation-port';
import type { ViewHandlers } from '../views/context';
import { digestHandlers } from './commands';
import type { DigestDeps } from './ports';
import { DigestScheduler } from './scheduler';

export { DEFAULT_DIGEST_SETTINGS, type DigestDeps, type DigestSettings, type DigestStore } from './ports';
export { type DigestRound, DigestScheduler } from './scheduler';

export interface DigestFeature {
  handlers: Pick<ViewHandlers, 'digest' | 'snooze' | 'unsnooze'>;
  scheduler: DigestScheduler;
  /** The bot was removed from a conversation: its digest is paused (and audited), not retried for ever. */
  conversationRemoved(address: ConversationAddress): Promise<void>;
  /** Hourly: run records older than 30 days, snapshots nobody needs, expired snoozes. Returns its stop. */
  startMaintenance(): () => void;
}

const HOUR = 3_600_000;

export function createDigestFeature(deps: DigestDeps): DigestFeature {
  const scheduler = new DigestScheduler(deps);
  return {
    handlers: digestHandlers(deps),
    scheduler,
    conversationRemoved: (address) =>
      scheduler.pause(
        { platform: address.platform, conversationKey: address.key },
        'the bot was removed from this conversation',
      ),
    startMaintenance() {
      const timer = setInterval(() => {
        const now = deps.clock();
        Promise.all([
          deps.store.purgeDigestRuns(new Date(now.getTime() - 30 * 24 * HOUR)),
          deps.store.purgeDigestSnapshots(new Date(now.getTime() - HOUR)),
          deps.store.purgeExpiredSnoozes(now),
        ]).catch((err: unknown) => deps.log.warn({ err }, 'could not clean up digest records'));
      }, HOUR);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
