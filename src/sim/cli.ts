// `npm run sim -- …`: starts the local Azure stand-in on a generated or loaded estate and prints where it serves,
// as lines a person or a script can use (ARM_ENDPOINT=…, NODE_EXTRA_CA_CERTS=… with --tls).
import { generateEstate, loadEstateFile } from './estate';
import type { Estate } from './estate/types';
import { CLI_USAGE, type CliSettings, parseCliArgs } from './server/cli-args';
import { startSim } from './server/start-sim';

async function main(argv: string[]): Promise<void> {
  let settings: CliSettings;
  try {
    settings = parseCliArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (settings.help) {
    console.log(CLI_USAGE);
    return;
  }
  const start = settings.now ?? new Date();
  const seed = settings.seed ?? 1;
  const estate: Estate = settings.estateFile
    ? await loadEstateFile(settings.estateFile)
    : generateEstate({ seed, scale: settings.scale, now: start });
  // The estate clock starts at --now (default: the real time) and then runs in real time, unless --frozen-clock
  // (the stand-in freezes it at this start); POST /_sim/clock moves it either way.
  const startedAt = Date.now();
  // Frozen, it shows --now to the millisecond (not --now plus the time the estate took to build).
  const now = settings.sim.frozenClock
    ? (): Date => new Date(start)
    : (): Date => new Date(start.getTime() + (Date.now() - startedAt));
  const sim = await startSim({ estate, port: settings.port, host: settings.host, now, seed, ...settings.sim });
  const sizes = Object.entries(estate.tables)
    .map(([table, rows]) => `${table} ${rows.length}`)
    .join(', ');
  console.log(`Azure stand-in (Resource Graph + backup triggers) serving ${sim.url}`);
  console.log(`estate: ${settings.estateFile ?? `generated, seed ${seed}, scale ${settings.scale}`} (${sizes})`);
  console.log(`admin: ${sim.url}/_sim`);
  const clock = sim.admin.clockState();
  console.log(`estate clock: ${clock.now}${clock.frozen ? ' (frozen: POST /_sim/clock moves it)' : ''}`);
  if (sim.caCertFile) console.log(`NODE_EXTRA_CA_CERTS=${sim.caCertFile}`);
  console.log(`ARM_ENDPOINT=${sim.url}`);
  const stop = (): void => {
    sim.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
