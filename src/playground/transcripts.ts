// What the playground's local channel has seen per conversation: the bot's activities (latest version of each) and
// an event log that browsers follow (server-sent events) and replay from after a reconnect. Bounded in memory.

export type PlaygroundEventKind = 'activity' | 'update' | 'typing' | 'delete';

/** A Bot Framework activity as JSON (what the bot posted); the browser renders its Adaptive Card attachment. */
export type ActivityJson = Record<string, unknown> & { id: string; type?: string };

export interface PlaygroundEvent {
  seq: number;
  kind: PlaygroundEventKind;
  activity: ActivityJson;
}

type Listener = (event: PlaygroundEvent) => void;

interface Conversation {
  events: PlaygroundEvent[];
  listeners: Set<Listener>;
  lastUsed: number;
}

export interface TranscriptLimits {
  /** Oldest conversations (by last use) are dropped beyond this. */
  maxConversations: number;
  /** Oldest events of a conversation are dropped beyond this (a reconnect then starts from what is left). */
  maxEventsPerConversation: number;
}

const DEFAULT_LIMITS: TranscriptLimits = { maxConversations: 200, maxEventsPerConversation: 300 };

export class Transcripts {
  private readonly conversations = new Map<string, Conversation>();
  private seq = 0;
  private readonly limits: TranscriptLimits;

  constructor(limits: Partial<TranscriptLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  has(conversationId: string): boolean {
    return this.conversations.has(conversationId);
  }

  open(conversationId: string): void {
    this.touch(conversationId);
  }

  append(conversationId: string, kind: PlaygroundEventKind, activity: ActivityJson): PlaygroundEvent {
    const conversation = this.touch(conversationId);
    const event: PlaygroundEvent = { seq: ++this.seq, kind, activity };
    conversation.events.push(event);
    if (conversation.events.length > this.limits.maxEventsPerConversation) conversation.events.shift();
    for (const listener of conversation.listeners) listener(event);
    return event;
  }

  /** The latest version of a posted activity (after updates), or undefined. */
  find(conversationId: string, activityId: string): ActivityJson | undefined {
    const events = this.conversations.get(conversationId)?.events ?? [];
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i];
      if (event?.activity.id === activityId && event.kind !== 'typing') return event.activity;
    }
    return undefined;
  }

  /** Calls `listener` with every event after `afterSeq`, then with each new one; returns the unsubscribe. */
  follow(conversationId: string, afterSeq: number, listener: Listener): () => void {
    const conversation = this.touch(conversationId);
    for (const event of conversation.events) if (event.seq > afterSeq && event.kind !== 'typing') listener(event);
    conversation.listeners.add(listener);
    return () => conversation.listeners.delete(listener);
  }

  private touch(conversationId: string): Conversation {
    let conversation = this.conversations.get(conversationId);
    if (conversation === undefined) {
      conversation = { events: [], listeners: new Set(), lastUsed: Date.now() };
      this.conversations.set(conversationId, conversation);
      this.evict();
    }
    conversation.lastUsed = Date.now();
    return conversation;
  }

  private evict(): void {
    if (this.conversations.size <= this.limits.maxConversations) return;
    let oldest: [string, Conversation] | undefined;
    for (const entry of this.conversations) {
      if (entry[1].listeners.size === 0 && (oldest === undefined || entry[1].lastUsed < oldest[1].lastUsed)) {
        oldest = entry;
      }
    }
    if (oldest) this.conversations.delete(oldest[0]);
  }
}
