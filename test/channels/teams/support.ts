// Test support for the Teams channel: a tiny ConversationCore that answers with the help view (a stand-in for the
// port while the real core is elsewhere), and a bot server (the real HTTP server + mountTeams) on 127.0.0.1.

import { mountTeams, type TeamsChannel, type TeamsChannelOptions } from '../../../src/channels/teams/mount';
import type { Caller } from '../../../src/core/caller';
import type { ConversationCore, Reply, RequestOptions } from '../../../src/core/conversation-port';
import type { HelpViewModel } from '../../../src/core/view-models/common';
import { createHttpServer } from '../../../src/http/server';
import type { Logger } from '../../../src/log';
import { captureLog } from '../../support/capture-log';

export interface HelpCoreCall {
  kind: 'text' | 'action' | 'welcome' | 'working';
  input: unknown;
  caller: Caller;
  options?: RequestOptions;
}

function helpReply(title: string, buttons: HelpViewModel['buttons'] = []): Reply {
  const model: HelpViewModel = {
    title,
    intro: 'Test core',
    commands: [{ usage: 'jobs [failed|running|all] [filters]', summary: 'Backup jobs.', examples: ['jobs failed'] }],
    notes: [],
    buttons,
    generatedAt: 'test',
  };
  return { view: 'help', model, summaryText: title };
}

/** Answers every question with the help view titled after the question; `delayMs` plays a slow Azure. */
export function createHelpCore(options: { delayMs?: number } = {}): ConversationCore & { calls: HelpCoreCall[] } {
  const calls: HelpCoreCall[] = [];
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), options.delayMs ?? 0));
  return {
    calls,
    handleText(text, caller, options) {
      calls.push({ kind: 'text', input: text, caller, ...(options ? { options } : {}) });
      return later(
        helpReply(`You asked: ${text}`, [{ label: 'Next page', payload: '{"v":1,"c":"jobs failed","p":2}' }]),
      );
    },
    handleAction(data, caller, options) {
      calls.push({ kind: 'action', input: data, caller, ...(options ? { options } : {}) });
      const parsed = typeof data === 'string' ? JSON.parse(data) : data;
      return later(helpReply(`You clicked: ${(parsed as { c?: string }).c} page ${(parsed as { p?: number }).p ?? 1}`));
    },
    async welcome(caller) {
      calls.push({ kind: 'welcome', input: undefined, caller });
      return helpReply('Welcome to Backup Center');
    },
    working(caller, what) {
      calls.push({ kind: 'working', input: what, caller });
      return helpReply(`Working on ${what}…`);
    },
  };
}

export interface TestBot {
  url: string;
  channel: TeamsChannel;
  log: Logger;
  logText(): string;
  close(): Promise<void>;
}

export type TestBotOptions = Omit<TeamsChannelOptions, 'log' | 'config'> & {
  config?: Partial<TeamsChannelOptions['config']>;
};

export async function startTestBot(options: TestBotOptions): Promise<TestBot> {
  const captured = captureLog({ level: 'debug' });
  const http = createHttpServer({ log: captured.log, readiness: async () => {} });
  // The Bot Connector stand-in is a loopback origin, as the Bot Framework Emulator is: these bots allow it.
  const config = { mode: 'demo' as const, teams: { allowEmulator: true, localWithoutAuth: false }, ...options.config };
  const channel = mountTeams(http.server, { ...options, config, log: captured.log });
  const port = await http.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    channel,
    log: captured.log,
    logText: captured.text,
    close: async () => {
      await channel.idle();
      await http.close();
    },
  };
}

/** The Adaptive Card of a posted activity. */
// biome-ignore lint/suspicious/noExplicitAny: activities are JSON.
export function cardOf(activity: any): any {
  const attachment = activity?.attachments?.[0];
  expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachment.content;
}

/** All TextBlock texts of a card, in order: what a person reads. */
// biome-ignore lint/suspicious/noExplicitAny: cards are JSON.
export function textsOf(card: any): string[] {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'TextBlock' && typeof record.text === 'string') texts.push(record.text);
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(card?.body);
  return texts;
}
