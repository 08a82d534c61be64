// Every bench section: to add one, write bench/sections/<name>.ts (call report() from bench/lib/report) and list it here.

export interface SectionSpec {
  /** Also the file name: bench/sections/<name>.ts. */
  name: string;
  /** One line for `npm run bench -- --list` and the results. */
  description: string;
  /** V8 old-space limit of the section's process (MB): above what it measures, so a miss is a figure, not a crash. */
  maxOldSpaceMb: number;
  /** The section is killed (and reported as such) after this long. */
  timeoutMs: number;
}

export const SECTIONS: readonly SectionSpec[] = [
  {
    name: 'startup',
    description:
      'node dist/main.js in demo mode: time to /readyz with an empty DATA_DIR (< 10 s) and on a later start, CPU, ' +
      'idle RSS; the tsx start from src/ beside it',
    maxOldSpaceMb: 1024,
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'estate-large',
    description: 'generate the large estate (seed 1): time, heap, peak RSS, rows per table',
    maxOldSpaceMb: 8192,
    timeoutMs: 5 * 60_000,
  },
  {
    name: 'kql-1m-jobs',
    description: 'KQL engine over the large estate (~1.2M job rows): where + summarize, first run and median of 3',
    maxOldSpaceMb: 8192,
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'arg-paging',
    description:
      'HTTP stand-in + real ARG client: first page, 1M job rows streamed (client heap growth < 200 MB) and all at once',
    maxOldSpaceMb: 8192,
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'data-layer',
    description:
      'each backup data view over the large estate via HTTP: requests, rows, ARG vs bot time, heap, vs per-vault REST',
    maxOldSpaceMb: 8192,
    timeoutMs: 30 * 60_000,
  },
  {
    name: 'render',
    description: 'views with 500 failures: view model build and template expand + check, Teams and Slack (p95 < 50 ms)',
    maxOldSpaceMb: 1024,
    timeoutMs: 5 * 60_000,
  },
  {
    name: 'teams',
    description: 'Teams message → card over the Bot Connector stand-in: p95 ≤ 300 ms, bot share, 50 conversations, RSS',
    maxOldSpaceMb: 2048,
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'slack',
    description:
      'Slack /backup over HTTP into Bolt: ack p99 ≤ 100 ms with fast and slow (+2 s) ARG, time to posted answer; ' +
      '20 people for 60 s against the whole demo bot: ack p50/p99 (≤ 200 ms), answer p99, RSS before/after',
    maxOldSpaceMb: 2048,
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'digest',
    description:
      '1,000 conversations over 50 scopes due at 08:00 on the large estate: ARG requests, time to the last post, RSS',
    maxOldSpaceMb: 2048,
    timeoutMs: 20 * 60_000,
  },
  {
    name: 'long-input',
    description:
      'one very long message: typed 200 KB refused by length; the parser linear in its input (150 K vs 75 K)',
    maxOldSpaceMb: 1024,
    timeoutMs: 5 * 60_000,
  },
  {
    name: 'notify',
    description:
      '500 conversations over 50 scopes on the large estate: bot time per idle poll, ARG requests per poll, 200 new failures',
    maxOldSpaceMb: 2048,
    timeoutMs: 20 * 60_000,
  },
];
