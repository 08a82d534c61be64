// The metrics port (src/core/metrics.ts) in Prometheus terms, with prom-client: one registry per bot, the names and
// labels the README's "Metrics" lists, and Node's process metrics beside them.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import {
  BACKUP_JOB_ENDS,
  BACKUP_REQUEST_RESULTS,
  DIGEST_RESULTS,
  GRAPH_REQUEST_OUTCOMES,
  GRAPH_WAIT_REASONS,
  type Metrics,
  NOTIFY_RESULTS,
  PARTIAL_KINDS,
} from '../core/metrics';

/** What GET /metrics serves. */
export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

export interface PrometheusMetrics extends MetricsSource {
  readonly metrics: Metrics;
}

const PREFIX = 'backup_center_';

/** Seconds: an answer is due within ANSWER_DEADLINE_SECONDS (15 s by default; at most 300). */
const ANSWER_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30, 60];
/** Seconds: one Resource Graph request is cut at 20 s. */
const REQUEST_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20];

export function createPrometheusMetrics(options: { processMetrics?: boolean } = {}): PrometheusMetrics {
  // A registry of its own, not prom-client's global one: several bots in one process (tests) keep apart.
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const commands = new Counter({
    name: `${PREFIX}commands_total`,
    help: 'Typed commands (kind="text") and button clicks (kind="click") answered, by platform, verb and outcome.',
    labelNames: ['platform', 'kind', 'verb', 'outcome'] as const,
    registers,
  });
  const answerSeconds = new Histogram({
    name: `${PREFIX}answer_seconds`,
    help: 'Time from a command or click reaching the bot to its answer (or its timed-out card), in seconds.',
    labelNames: ['platform', 'kind'] as const,
    buckets: ANSWER_BUCKETS,
    registers,
  });
  const graphRequests = new Counter({
    name: `${PREFIX}resource_graph_requests_total`,
    help: 'Resource Graph HTTP requests by outcome; outcome="throttled" counts the 429 answers.',
    labelNames: ['outcome'] as const,
    registers,
  });
  const graphSeconds = new Histogram({
    name: `${PREFIX}resource_graph_request_seconds`,
    help: 'Time one Resource Graph HTTP request took, in seconds.',
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const graphWait = new Counter({
    name: `${PREFIX}resource_graph_wait_seconds_total`,
    help: "Seconds spent holding Resource Graph requests back: for the quota (and after a 429), a retry's backoff, or a free slot.",
    labelNames: ['reason'] as const,
    registers,
  });
  const partial = new Counter({
    name: `${PREFIX}partial_answers_total`,
    help: 'Resource Graph answers that came back partial (labelled so on the card), once per reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  const backupRequests = new Counter({
    name: `${PREFIX}backup_requests_total`,
    help: 'On-demand backup (Retry) requests per item, by result: started, refused by Azure, denied by RETRY_ALLOW, ….',
    labelNames: ['result'] as const,
    registers,
  });
  const backupJobs = new Counter({
    name: `${PREFIX}backup_jobs_finished_total`,
    help: 'On-demand backup jobs the bot followed to their end, by the status Azure gave them.',
    labelNames: ['status'] as const,
    registers,
  });
  const digests = new Counter({
    name: `${PREFIX}digests_total`,
    help: 'Scheduled digest runs by result: posted, quiet (nothing new, not posted), skipped (READ_ALLOW), failed.',
    labelNames: ['result'] as const,
    registers,
  });
  const notifications = new Counter({
    name: `${PREFIX}notifications_total`,
    help: 'Failure notification messages: posted, updated in place (a repeat or a fix), or failed to post.',
    labelNames: ['result'] as const,
    registers,
  });
  const storeErrors = new Counter({
    name: `${PREFIX}store_errors_total`,
    help: 'Store (database) calls that failed, by operation.',
    labelNames: ['operation'] as const,
    registers,
  });

  // Label values known up front start at 0, so rate() and absent-series alerts work before the first event.
  for (const outcome of GRAPH_REQUEST_OUTCOMES) graphRequests.inc({ outcome }, 0);
  for (const reason of GRAPH_WAIT_REASONS) graphWait.inc({ reason }, 0);
  for (const reason of PARTIAL_KINDS) partial.inc({ reason }, 0);
  for (const result of BACKUP_REQUEST_RESULTS) backupRequests.inc({ result }, 0);
  for (const status of BACKUP_JOB_ENDS) backupJobs.inc({ status }, 0);
  for (const result of DIGEST_RESULTS) digests.inc({ result }, 0);
  for (const result of NOTIFY_RESULTS) notifications.inc({ result }, 0);

  const metrics: Metrics = {
    asked({ platform, kind, verb, outcome, seconds }) {
      commands.inc({ platform, kind, verb, outcome });
      answerSeconds.observe({ platform, kind }, seconds);
    },
    graphRequest(outcome, seconds) {
      graphRequests.inc({ outcome });
      graphSeconds.observe(seconds);
    },
    graphWaited(reason, seconds) {
      if (seconds > 0) graphWait.inc({ reason }, seconds);
    },
    partialAnswer: (reason) => partial.inc({ reason }),
    backupRequested: (result) => backupRequests.inc({ result }),
    backupJobEnded: (status) => backupJobs.inc({ status }),
    digests(counts) {
      for (const result of DIGEST_RESULTS) if (counts[result] > 0) digests.inc({ result }, counts[result]);
    },
    notifications(counts) {
      for (const result of NOTIFY_RESULTS) {
        if (counts[result] > 0) notifications.inc({ result }, counts[result]);
      }
    },
    storeError: (operation) => storeErrors.inc({ operation }),
  };
  return { metrics, contentType: registry.contentType, render: () => registry.metrics() };
}
