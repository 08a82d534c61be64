// Runs one CLI command against the backup data facade and returns the domain answer, cut to the requested page.

import type { BackupData } from '../azure/backup-data';
import { toBackupFilters } from '../core/commands/filters';
import { type BackupFilters, DEFAULT_SINCE, validateFilters } from '../core/domain/filters';
import type { DataResult } from '../core/domain/result';
import { UserFacingError } from '../core/errors';
import { type CliCommand, type CliFlags, UsageError } from './args';
import { orderAlerts } from './views-alerts';

export interface CliAnswer extends DataResult<unknown> {
  command: CliCommand;
  filters: BackupFilters;
  /** 1-based page of a list view. */
  page: number;
}

/** Checks the filters before anything is sent, so that bad input is exit 2 and not a failed query. */
export function checkFilters(command: CliCommand): BackupFilters {
  try {
    return validateFilters(toBackupFilters(command.filters));
  } catch (err) {
    if (err instanceof UserFacingError) throw new UsageError(err.hint ? `${err.message} ${err.hint}` : err.message);
    throw err;
  }
}

/** `now`: the clock `items stale` is judged at (tests pass a fixed one). */
export async function runQuery(
  data: BackupData,
  command: CliCommand,
  flags: CliFlags,
  now: () => Date = () => new Date(),
): Promise<CliAnswer> {
  const filters = checkFilters(command);
  const page = 'page' in command && command.page !== undefined ? command.page : 1;
  // The facade returns the first `limit` rows; page n asks for n pages' worth and keeps the last one.
  const limit = flags.limit * page;
  const cut = <T>(rows: T[]): T[] => rows.slice(flags.limit * (page - 1), flags.limit * page);
  const done = (answer: DataResult<unknown>): CliAnswer => ({ ...answer, command, filters, page });
  switch (command.verb) {
    case 'summary':
      return done(await data.summary(filters));
    case 'jobs': {
      // The list is cut at `limit`; the counts say how many there are in all ("51–100 of 220").
      const [answer, counts] = await Promise.all([
        data.jobs(command.status, filters, { limit }),
        data.jobSummary(filters),
      ]);
      const s = counts.value;
      const total =
        command.status === 'failed'
          ? s.byStatus.Failed
          : command.status === 'running'
            ? s.byStatus.InProgress + s.byStatus.Cancelling
            : s.total;
      return done({
        value: { ...answer.value, jobs: cut(answer.value.jobs), total },
        partial: [...answer.partial, ...counts.partial],
        kql: [...answer.kql, ...counts.kql],
        stats: {
          requests: answer.stats.requests + counts.stats.requests,
          rows: answer.stats.rows + counts.stats.rows,
          argMs: answer.stats.argMs + counts.stats.argMs,
        },
      });
    }
    case 'instances': {
      const answer = await data.instances(filters, { limit });
      return done({ ...answer, value: { ...answer.value, instances: cut(answer.value.instances) } });
    }
    case 'unprotected': {
      const answer = await data.unprotected(command.workload, filters, { limit });
      return done({ ...answer, value: { ...answer.value, datasources: cut(answer.value.datasources) } });
    }
    case 'vaults': {
      // Vaults come in one query (a few hundred at most); paging is done here.
      const answer = await data.vaults(filters);
      const vaults = cut(answer.value.vaults);
      const hasMore = answer.value.vaults.length > flags.limit * page;
      return done({ ...answer, value: { ...answer.value, vaults, hasMore } });
    }
    case 'vault':
      return done(await data.vault(command.name, filters));
    case 'policies': {
      // Policies come in one query (a few per vault); paging is done here.
      const query = { ...(command.name === undefined ? {} : { name: command.name }), unused: command.unused === true };
      const answer = await data.policies(filters, query);
      // The page's policies with their schedule and retention, as --json prints them.
      const policies = cut(answer.value.policies).map((p) => ({ ...p, ...answer.value.termsOf(p) }));
      const hasMore = answer.value.policies.length > flags.limit * page;
      return done({ ...answer, value: { ...answer.value, policies, hasMore, total: answer.value.policies.length } });
    }
    case 'compliance': {
      // Assignments come in one query (per subscription batch); paging is done here.
      const answer = await data.compliance(filters);
      const assignments = cut(answer.value.assignments);
      const hasMore = answer.value.assignments.length > flags.limit * page;
      const total = answer.value.assignments.length;
      return done({ ...answer, value: { ...answer.value, assignments, hasMore, total } });
    }
    case 'items': {
      const query = { now: now(), ...(command.state === undefined ? {} : { state: command.state }) };
      const answer = await data.items(filters, query, { limit });
      return done({ ...answer, value: { ...answer.value, rows: cut(answer.value.rows) } });
    }
    case 'alerts': {
      // Alerts come in one query; the CLI pages them in the grouped order the cards use.
      const answer = await data.alerts(command.kind, filters);
      const ordered = orderAlerts(answer.value);
      const hasMore = ordered.length > flags.limit * page;
      return done({ ...answer, value: { ...answer.value, alerts: cut(ordered), hasMore, total: ordered.length } });
    }
    case 'item':
      return done(await data.item(command.ref, filters));
  }
}

/** The job window a view covers, as the user asked for it. */
export function windowOf(filters: BackupFilters): string {
  return filters.since ?? DEFAULT_SINCE;
}
