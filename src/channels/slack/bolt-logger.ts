// Bolt and the Slack SDK log through their own Logger interface; this routes those lines into our pino logger, so
// redaction and the JSON format apply to them too.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../log';

export function toSlackLogger(log: Logger, name = 'slack'): SlackLogger {
  let child = log.child({ component: name });
  let level: LogLevel = LogLevel.WARN;
  const write =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]): void => {
      const errors = msg.filter((part): part is Error => part instanceof Error);
      const text = msg
        .filter((part) => !(part instanceof Error))
        .map((part) => (typeof part === 'string' ? part : safeJson(part)))
        .join(' ');
      if (errors.length > 0) child[method]({ err: errors[0] }, text || String(errors[0]?.message));
      else child[method](text);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      child = log.child({ component: next });
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
