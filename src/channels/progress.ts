// One ProgressSink for the retry workflow: each card update goes to the channel that posted the card (Teams and the
// playground share the Bot Framework adapter; Slack has its own). Channels register once they are mounted.
import type { Platform } from '../core/caller';
import type { MessageRef, Reply } from '../core/conversation-port';
import type { ProgressSink } from '../core/retry';

export class ProgressRouter implements ProgressSink {
  private readonly sinks = new Map<Platform, ProgressSink>();

  register(platforms: readonly Platform[], sink: ProgressSink): void {
    for (const platform of platforms) this.sinks.set(platform, sink);
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    const sink = this.sinks.get(ref.platform);
    // The workflow logs this and carries on: the job is still tracked and audited, only its card stays as it was.
    if (sink === undefined) throw new Error(`no ${ref.platform} channel is running to update the card`);
    await sink.update(ref, reply);
  }
}
