#!/usr/bin/env node
// `backup-center <serve|cli|sim|health>`: the package's one command (package.json `bin`), so that scripts and the
// container run the compiled bot, the admin CLI and the Azure stand-in with their own stdout, no npm banner.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, loadConfig, readEnvironment } from './config';

const USAGE = `usage: backup-center <command> [arguments]
  serve          start the bot (settings from the environment and a .env file, as npm start)
  cli <args>     the admin command line: backup-center cli query jobs failed --json (backup-center cli --help)
  sim <args>     the local Azure stand-in: backup-center sim --port 8443 (backup-center sim --help)
  health         exit 0 when the bot on this machine's PORT answers GET /healthz (the container's HEALTHCHECK)
  --version      print the version`;

/** Each entry module runs on load and reads its own arguments from process.argv.slice(2). */
const ENTRIES: Record<string, string> = { serve: './main', cli: './cli/main', sim: './sim/cli' };

function version(): string {
  // One level up from src/ and from dist/ alike.
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

async function health(): Promise<number> {
  // Through config, the only reader of the environment: the same PORT and HOST as the bot's.
  let config: Config;
  try {
    config = loadConfig(readEnvironment().env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`health: ${err.message}\n`);
    return 1;
  }
  // A wildcard or absent HOST listens on loopback too.
  const host = config.host === undefined || ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/healthz`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (res.ok) return 0;
    process.stderr.write(`health: ${url} answered ${res.status}\n`);
  } catch (err) {
    process.stderr.write(`health: ${url} did not answer (${(err as Error).message})\n`);
  }
  return 1;
}

function main(): void {
  const command = process.argv[2];
  const entry = command === undefined ? undefined : ENTRIES[command];
  if (entry !== undefined) {
    // The entry sees the arguments after the command, as under `npm run cli -- …`.
    process.argv.splice(2, 1);
    require(entry);
    return;
  }
  if (command === 'health') {
    health().then((code) => {
      process.exitCode = code;
    });
    return;
  }
  if (command === '--version') {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const help = command === undefined || command === '--help' || command === 'help';
  (help ? process.stdout : process.stderr).write(
    `${help ? '' : `backup-center: unknown command ${command}\n`}${USAGE}\n`,
  );
  process.exitCode = help ? 0 : 2;
}

main();
