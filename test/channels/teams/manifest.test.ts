// The Teams app manifest: valid against the JSON schema of its manifestVersion (shipped offline in
// @microsoft/app-manifest), icons of the sizes Teams requires, commands from the bot's grammar, and the zip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  buildManifest,
  checkAppId,
  checkDomain,
  checkIcons,
  MANIFEST_DIR,
  readManifestTemplate,
  readPngSize,
  validateManifest,
} from '../../../scripts/package-teams';
import { parseCommand } from '../../../src/core/commands/parse';
import { VERBS } from '../../../src/core/commands/types';

jest.setTimeout(60_000);

const APP_ID = '0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59';
const built = () =>
  buildManifest(readManifestTemplate(), { appId: APP_ID, domain: 'backup-bot.contoso.com', version: '1.2.3' });

test('the manifest is valid against the Teams schema of its version, which is a current one', () => {
  const manifest = built();
  expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(23);
  expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
  expect(validateManifest(manifest)).toEqual([]);
  expect(validateManifest(readManifestTemplate())).toEqual([]);
});

test('the schema check catches a broken manifest', () => {
  const manifest = built();
  delete manifest.developer.privacyUrl;
  manifest.bots[0].scopes = ['everyone'];
  manifest.name.short = 'x'.repeat(31);
  const problems = validateManifest(manifest).join('\n');
  expect(problems).toContain('privacyUrl');
  expect(problems).toContain('/bots/0/scopes/0');
  expect(problems).toContain('/name/short');
});

test('the bot serves personal chats, teams and group chats, with the ids and domain filled in', () => {
  const manifest = built();
  expect(manifest.id).toBe(APP_ID);
  expect(manifest.version).toBe('1.2.3');
  expect(manifest.validDomains).toEqual(['backup-bot.contoso.com']);
  expect(manifest.bots).toHaveLength(1);
  expect(manifest.bots[0].botId).toBe(APP_ID);
  expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
});

// Teams shows at most 10 commands per scope (the schema's maxItems): the menu carries the verbs people start from;
// vault, snooze and unsnooze are reached from the buttons of the cards that name vaults and items, policies from the
// item card's policy button, alerts from the summary's "active alerts" button, compliance and items from help and
// suggestions ("stale backups"; items also from its own state buttons) (the menu is full), and help lists every verb.
const OFF_MENU = ['vault', 'policies', 'alerts', 'compliance', 'items', 'snooze', 'unsnooze'];

test('the command menu lists every verb people start from, within the 10 Teams shows, and its commands parse', () => {
  const commands: Array<{ title: string; description: string }> = built().bots[0].commandLists.flatMap(
    (list: { commands: unknown[] }) => list.commands,
  );
  expect(commands.length).toBeLessThanOrEqual(10);
  const verbs = new Set(commands.map((command) => command.title.split(' ')[0]));
  expect([...verbs].sort()).toEqual(VERBS.filter((v) => !OFF_MENU.includes(v)).sort());
  for (const { title, description } of commands) {
    expect(description.startsWith(title.split(' ')[0] ?? '')).toBe(true);
    // vault, item and retry need a name: Teams puts the title in the compose box for the person to complete.
    if (!['vault', 'item', 'retry'].includes(title)) expect(parseCommand(title).ok).toBe(true);
  }
});

test('the icons are PNGs of the sizes Teams requires; the outline one has transparency', () => {
  expect(checkIcons(built())).toEqual([]);
  expect(readPngSize(readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toMatchObject({ width: 192, height: 192 });
  const outline = readPngSize(readFileSync(path.join(MANIFEST_DIR, 'outline.png')));
  expect(outline).toEqual({ width: 32, height: 32, colorType: 6 });
});

/** The files of a zip, read through its central directory. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString();
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + skip;
  }
  return files;
}

test('`npm run package:teams` writes the app zip: manifest.json and both icons at its root', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bcb-teams-zip-'));
  try {
    const out = path.join(dir, 'app.zip');
    const run = spawnSync(
      'npm',
      [
        'run',
        '--silent',
        'package:teams',
        '--',
        '--app-id',
        APP_ID,
        '--domain',
        'backup-bot.contoso.com',
        '--out',
        out,
      ],
      { cwd: path.resolve(__dirname, '../../..'), encoding: 'utf8', env: { ...process.env, MICROSOFT_APP_ID: '' } },
    );
    expect(run.stderr).not.toContain('package:teams:');
    expect(run.status).toBe(0);
    const files = readZip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')?.toString() ?? '{}');
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(validateManifest(manifest)).toEqual([]);
    expect(files.get('color.png')?.equals(readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without an app id the packager says what to set, and fails', () => {
  const run = spawnSync('npm', ['run', '--silent', 'package:teams', '--', '--domain', 'x.contoso.com'], {
    cwd: path.resolve(__dirname, '../../..'),
    encoding: 'utf8',
    env: { ...process.env, MICROSOFT_APP_ID: '' },
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('set MICROSOFT_APP_ID');
});

test('a bad --app-id or --domain is refused with what is wrong and what to give instead', () => {
  expect(() => checkAppId('backup-bot', '--app-id')).toThrow(
    '--app-id "backup-bot" is not a GUID: give the Microsoft App ID of the Azure Bot (its Configuration page), ' +
      'e.g. 0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59',
  );
  expect(checkAppId(APP_ID, '--app-id')).toBe(APP_ID);
  expect(() => checkDomain('https://bot.example.com/api/messages')).toThrow(
    '--domain "https://bot.example.com/api/messages" is a URL, not a host name: give the host name, e.g. ' +
      '--domain bot.example.com',
  );
  expect(() => checkDomain('bot.example.com:8443')).toThrow(
    '--domain "bot.example.com:8443" has a port: Teams\' validDomains take a host name only (the bot is reached ' +
      'over HTTPS on 443), so give --domain bot.example.com',
  );
  expect(() => checkDomain('bot.example.com/api')).toThrow(
    'has a path: give the host name, e.g. --domain bot.example.com',
  );
  expect(() => checkDomain('bot_example.com')).toThrow('is not a host name: give the host name, e.g. --domain');
  expect(() => checkDomain(undefined)).toThrow('pass --domain <public host name of the bot>');
  expect(checkDomain('Backup-Bot.contoso.com')).toBe('backup-bot.contoso.com');
});

test('the packager run with a URL as --domain fails with one line and writes nothing', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bcb-teams-bad-'));
  try {
    const out = path.join(dir, 'app.zip');
    const args = ['--app-id', APP_ID, '--domain', 'https://bot.example.com', '--out', out];
    const run = spawnSync('npm', ['run', '--silent', 'package:teams', '--', ...args], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
      env: { ...process.env, MICROSOFT_APP_ID: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'package:teams: --domain "https://bot.example.com" is a URL, not a host name: give the host name, e.g. ' +
        '--domain bot.example.com',
    );
    expect(existsSync(out)).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
