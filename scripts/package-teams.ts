// `npm run package:teams -- --domain <public host of the bot> [--app-id <guid>] [--out <zip>]`: the Teams app package.
// Fills manifest/manifest.json with the bot's app id (MICROSOFT_APP_ID unless --app-id), version and domain, checks it
// against the Teams JSON schema shipped in @microsoft/app-manifest and the icons' sizes, and zips the three files.
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ZipFile } from 'yazl';
import { ConfigError, loadConfig, readEnvironment } from '../src/config';

export const MANIFEST_DIR = path.resolve(__dirname, '../manifest');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams' own rules for the two icons (the schema says so in words only). */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

// biome-ignore lint/suspicious/noExplicitAny: the manifest is JSON checked by its schema, not by TypeScript.
export type TeamsManifest = Record<string, any>;

export interface PackageOptions {
  appId: string;
  /** The Teams app id; by default the bot's app id (one registration, one app). */
  teamsAppId?: string;
  /** Public host name of the bot (validDomains), e.g. backup-bot.contoso.com. */
  domain: string;
  version: string;
}

export function readManifestTemplate(): TeamsManifest {
  return JSON.parse(readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
}

export function buildManifest(template: TeamsManifest, options: PackageOptions): TeamsManifest {
  const manifest = structuredClone(template);
  manifest.id = options.teamsAppId ?? options.appId;
  manifest.version = options.version;
  manifest.validDomains = [options.domain];
  for (const bot of manifest.bots ?? []) bot.botId = options.appId;
  return manifest;
}

/** Schema problems of `manifest` against the schema of its own manifestVersion ([] when valid). */
export function validateManifest(manifest: TeamsManifest): string[] {
  const version = String(manifest.manifestVersion);
  const schemaFile = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
  );
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  // The Teams schemas are draft-04; strict mode would reject their (valid) unknown keywords such as "deprecated".
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
  );
}

/** Width and height from a PNG's IHDR chunk; throws when the file is not a PNG. */
export function readPngSize(file: Buffer): { width: number; height: number; colorType: number } {
  if (file.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a' || file.subarray(12, 16).toString() !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20), colorType: file[25] ?? -1 };
}

export function checkIcons(manifest: TeamsManifest): string[] {
  const problems: string[] = [];
  for (const [kind, size] of Object.entries(ICON_SIZES)) {
    const name = manifest.icons?.[kind];
    try {
      const png = readPngSize(readFileSync(path.join(MANIFEST_DIR, String(name))));
      if (png.width !== size || png.height !== size) {
        problems.push(`${kind} icon ${name} is ${png.width}x${png.height}; Teams wants ${size}x${size}`);
      }
    } catch (err) {
      problems.push(`${kind} icon ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}

/** Writes the app package (manifest.json + both icons at the zip's root) to `out`. */
export async function writePackage(manifest: TeamsManifest, out: string): Promise<void> {
  mkdirSync(path.dirname(out), { recursive: true });
  const zip = new ZipFile();
  const fixedTime = new Date('2020-01-01T00:00:00Z'); // same inputs → same bytes
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime: fixedTime });
  for (const name of [manifest.icons.color, manifest.icons.outline]) {
    zip.addBuffer(readFileSync(path.join(MANIFEST_DIR, name)), name, { mtime: fixedTime });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
}

function readArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i] ?? '';
    const value = argv[i + 1];
    if (!name.startsWith('--') || value === undefined || value.startsWith('--')) {
      throw new Error(`expected --name value pairs, got "${name}"`);
    }
    args[name.slice(2)] = value;
    i++;
  }
  return args;
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** The bot's app id: a GUID (the Azure Bot's Microsoft App ID); the problem in words otherwise. */
export function checkAppId(appId: string | undefined, from: '--app-id' | 'MICROSOFT_APP_ID'): string {
  if (appId === undefined || appId === '') {
    throw new Error('set MICROSOFT_APP_ID (in .env or the environment) or pass --app-id <the bot registration GUID>');
  }
  if (!GUID.test(appId)) {
    throw new Error(
      `${from} "${appId}" is not a GUID: give the Microsoft App ID of the Azure Bot (its Configuration page), ` +
        'e.g. 0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59',
    );
  }
  return appId;
}

/**
 * The manifest's validDomains entry: a bare host name. Teams' manifest documents host names (wildcards allowed),
 * never a scheme, path or port, and Teams reaches a bot over HTTPS on 443; so a URL or a port is refused with the
 * host name to give instead rather than trimmed silently.
 */
export function checkDomain(domain: string | undefined): string {
  const example = 'give the host name, e.g. --domain bot.example.com';
  if (domain === undefined || domain === '') throw new Error(`pass --domain <public host name of the bot>: ${example}`);
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(domain) ? safeUrl(domain) : undefined;
  if (url !== undefined) {
    throw new Error(
      `--domain "${domain}" is a URL, not a host name: give the host name, e.g. --domain ${url.hostname}`,
    );
  }
  const port = /^(.*):(\d*)$/.exec(domain);
  if (port) {
    throw new Error(
      `--domain "${domain}" has a port: Teams' validDomains take a host name only (the bot is reached over HTTPS ` +
        `on 443), so give --domain ${port[1]}`,
    );
  }
  if (domain.includes('/')) {
    throw new Error(`--domain "${domain}" has a path: give the host name, e.g. --domain ${domain.split('/')[0]}`);
  }
  if (domain.length > 253 || !domain.split('.').every((label) => HOST_LABEL.test(label))) {
    throw new Error(`--domain "${domain}" is not a host name: ${example}`);
  }
  return domain.toLowerCase();
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const config = loadConfig(readEnvironment().env);
  const appId = checkAppId(args['app-id'] ?? config.teams.appId, args['app-id'] ? '--app-id' : 'MICROSOFT_APP_ID');
  const domain = checkDomain(args.domain);
  const version = JSON.parse(readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')).version as string;
  const teamsAppId = args['teams-app-id'];
  const manifest = buildManifest(readManifestTemplate(), {
    appId,
    domain,
    version,
    ...(teamsAppId ? { teamsAppId } : {}),
  });
  const problems = [...validateManifest(manifest), ...checkIcons(manifest)];
  if (problems.length > 0) throw new Error(`the manifest is not valid:\n  ${problems.join('\n  ')}`);
  const out = path.resolve(args.out ?? 'dist/teams/backup-center-bot.zip');
  await writePackage(manifest, out);
  console.log(
    `wrote ${out} (manifest ${manifest.manifestVersion}, app ${manifest.id}, bot ${appId}, domain ${domain})`,
  );
  console.log('upload it in Teams: Apps → Manage your apps → Upload an app (or the Teams admin center for everyone)');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `package:teams: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
