// Test helper: a real logger (createLogger) writing into memory, so tests can read exactly what would be logged.
import { Writable } from 'node:stream';
import type { LogLevel } from '../../src/config';
import { createLogger, type Logger, type LoggerConfig } from '../../src/log';

export interface CapturedLog {
  log: Logger;
  /** Everything written so far, as raw text. */
  text(): string;
  /** Every JSON line written so far, parsed. */
  lines(): Array<Record<string, unknown>>;
}

export function captureLog(config: Partial<LoggerConfig> & { level?: LogLevel } = {}): CapturedLog {
  let written = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  const log = createLogger({ ...config, log: config.log ?? { level: config.level ?? 'trace', format: 'json' } }, sink);
  return {
    log,
    text: () => written,
    lines: () =>
      written
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
