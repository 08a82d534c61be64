// Library output on the console, routed into our logger: botframework-connector prints a rejected token's error and
// the signing keys it knows with console.error, outside our log lines and their scrubbing. Installed by main.ts only.
import { format } from 'node:util';
import type { Logger } from './log';

/** A library line is a hint, not our error: the request it came from is logged (and answered) by our own code. */
const LEVELS = { error: 'warn', warn: 'warn', info: 'info', log: 'info', debug: 'debug', trace: 'debug' } as const;
/** Libraries print whole objects (errors with requests in them); a line this long says all it can. */
const MAX_CHARS = 2_000;

export function routeConsoleToLog(log: Logger): void {
  const source = log.child({ source: 'console' });
  for (const [method, level] of Object.entries(LEVELS) as Array<[keyof typeof LEVELS, 'warn' | 'info' | 'debug']>) {
    // Every written line passes the logger's scrubber (tokens, keys, configured secrets).
    console[method] = (...args: unknown[]) =>
      source[level](
        format(...args)
          .trimEnd()
          .slice(0, MAX_CHARS),
      );
  }
}
