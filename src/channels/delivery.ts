// One Delivery for the bot's own posts (digests, notifications): each goes to the channel of its platform (Teams and
// the playground share the Bot Framework adapter; Slack has its own). Channels register once they are mounted.
import type { Platform } from '../core/caller';
import type { ConversationAddress, MessageRef, Reply } from '../core/conversation-port';
import { type Delivery, DeliveryError } from '../core/delivery';

export class DeliveryRouter implements Delivery {
  private readonly channels = new Map<Platform, Delivery>();

  register(platforms: readonly Platform[], delivery: Delivery): void {
    for (const platform of platforms) this.channels.set(platform, delivery);
  }

  async post(address: ConversationAddress, reply: Reply): Promise<MessageRef | undefined> {
    return this.channelFor(address.platform).post(address, reply);
  }

  async tell(platform: Platform, userId: string, reply: Reply): Promise<void> {
    return this.channelFor(platform).tell(platform, userId, reply);
  }

  private channelFor(platform: Platform): Delivery {
    const channel = this.channels.get(platform);
    // "failed", not "gone": the channel may be configured again (a restart with its token), the address still holds.
    if (channel === undefined) throw new DeliveryError('failed', 'no-channel', `no ${platform} channel is running`);
    return channel;
  }
}
