// `npm run cli -- query <view> …` and `digest …`: the backup data for admins and scripts, against Azure or the demo
// estate.
// Exit codes: 0 answered, 1 failed (or a lookup found nothing), 2 bad input (arguments, filters or settings).
import pino from 'pino';
import { type AzureBackend, connectAzure } from '../compose-azure';
import { type Config, ConfigError, loadConfig, readEnvironment } from '../config';
import { UserFacingError } from '../core/errors';
import { createLogger } from '../log';
import { scrubSecrets } from '../log-scrub';
import { parseCliArgs, USAGE, UsageError } from './args';
import { runDigest } from './digest';
import { renderAnswer } from './render';
import { checkFilters, runQuery, windowOf } from './run-query';
import { streamJobLines } from './stream-jobs';

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = readConfig();
  const filters = args.kind === 'digest' ? args.filters : checkFilters(args.command);
  const debug = config.log.level === 'debug' || config.log.level === 'trace';
  // Logs go to stderr so that stdout stays the answer; below debug only errors (partial answers are shown anyway).
  const log = createLogger(
    { log: { level: debug ? config.log.level : 'error', format: config.log.format }, azure: config.azure },
    pino.destination({ dest: 2, sync: true }),
  );
  const backend = await connectAzure(config, log);
  try {
    process.stderr.write(`${describeSource(config, backend)}\n`);
    if (args.kind === 'digest') {
      const out = await runDigest(backend, args.filters, args.flags);
      process.stdout.write(`${out.stdout}\n`);
      for (const line of out.stderr) process.stderr.write(`${line}\n`);
      return out.exitCode;
    }
    if (args.flags.all && args.command.verb === 'jobs') {
      const out = await streamJobLines(backend.backupData, args.command, filters, args.flags, process.stdout);
      for (const line of out.stderr) process.stderr.write(`${line}\n`);
      return out.exitCode;
    }
    const answer = await runQuery(backend.backupData, args.command, args.flags);
    const subscription = args.flags.json ? (id: string | undefined) => id ?? '' : await subscriptionNames(backend);
    const out = renderAnswer(answer, args.flags, { subscription, since: windowOf(filters) });
    process.stdout.write(`${out.stdout}\n`);
    for (const line of out.stderr) process.stderr.write(`${line}\n`);
    return out.exitCode;
  } finally {
    await backend.close();
  }
}

function readConfig(): Config {
  try {
    return loadConfig(readEnvironment().env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

function describeSource(config: Config, backend: AzureBackend): string {
  if (backend.mode === 'demo') {
    return (
      `demo mode (${config.modeReason}): answering from ${backend.description}. ` +
      'Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET to query Azure.'
    );
  }
  return `answering from ${backend.description}`;
}

/** Subscription names for the table (one cached Resource Graph request); ids when they cannot be read. */
async function subscriptionNames(backend: AzureBackend): Promise<(id: string | undefined) => string> {
  const names = new Map<string, string>();
  try {
    for (const sub of await backend.argClient.listSubscriptions()) {
      if (sub.name) names.set(sub.subscriptionId.toLowerCase(), sub.name);
    }
  } catch {
    // Names are a convenience; the ids are shown instead.
  }
  return (id) => (id === undefined ? '' : (names.get(id.toLowerCase()) ?? id));
}

function explain(err: unknown, debug: boolean): { line: string; code: number } {
  if (err instanceof UsageError) return { line: `cli: ${err.message}`, code: 2 };
  if (err instanceof UserFacingError) {
    return { line: `error: ${err.message}${err.hint ? ` ${err.hint}` : ''}`, code: 1 };
  }
  const text = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
  const more = debug ? '' : ' (set LOG_LEVEL=debug for details)';
  return { line: `error: ${scrubSecrets(text)}${more}`, code: 1 };
}

function isDebug(): boolean {
  // Read through config so that only config.ts touches the environment; a bad setting is not debug.
  try {
    const level = loadConfig(readEnvironment().env).log.level;
    return level === 'debug' || level === 'trace';
  } catch {
    return false;
  }
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const { line, code } = explain(err, isDebug());
    process.stderr.write(`${line}\n`);
    process.exit(code);
  },
);
