// manifest/slack-app.yaml and its Socket Mode variant: the command, events and scopes the code relies on, no more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SLACK_BOT_EVENTS } from '../../../src/channels/slack/listeners';

const MANIFESTS = ['slack-app.yaml', 'slack-app.socket-mode.yaml'];
const SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'im:history', 'usergroups:read', 'users:read'];

/** The `- item` lines under `key:` (this simple reader fits these files: two-space indents, one item per line). */
function listUnder(text: string, key: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  if (start < 0) return [];
  const indent = (lines[start] ?? '').search(/\S/);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (line.search(/\S/) <= indent) break;
    const item = /^\s*-\s+(\S+)/.exec(line)?.[1];
    if (item) items.push(item);
  }
  return items;
}

describe.each(MANIFESTS)('%s', (file) => {
  const text = readFileSync(join(__dirname, '../../../manifest', file), 'utf8');

  test('subscribes to exactly the events the listeners handle', () => {
    expect(listUnder(text, 'bot_events').sort()).toEqual([...SLACK_BOT_EVENTS].sort());
  });

  test('asks for the minimal bot scopes only', () => {
    expect(listUnder(text, 'bot').sort()).toEqual(SCOPES);
  });

  test('registers /backup, interactivity and the Home tab', () => {
    expect(text).toMatch(/- command: \/backup\n/);
    expect(text).toMatch(/interactivity:\n\s+(#.*\n\s+)*is_enabled: true/);
    expect(text).toMatch(/home_tab_enabled: true/);
  });
});

test('HTTP mode points every URL at /slack/events; Socket Mode has no URL and turns the socket on', () => {
  const http = readFileSync(join(__dirname, '../../../manifest/slack-app.yaml'), 'utf8');
  const socket = readFileSync(join(__dirname, '../../../manifest/slack-app.socket-mode.yaml'), 'utf8');
  const urls = [...http.matchAll(/^\s*(?:url|request_url): (\S+)$/gm)].map((m) => m[1]);
  expect(urls).toHaveLength(3);
  expect(urls.every((url) => url?.endsWith('/slack/events'))).toBe(true);
  expect(http).toMatch(/socket_mode_enabled: false/);
  expect(socket).not.toMatch(/^\s*(?:url|request_url):/m);
  expect(socket).toMatch(/socket_mode_enabled: true/);
});
