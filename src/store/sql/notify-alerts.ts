// The alert inbox: Azure Monitor alerts the webhook accepted, each once by its alert id, kept until every scope's poll
// has matched them (each scope remembers how far it read: NotifyScopeState.alertsSeen).
import type { SqlExecutor } from '../sql-client';
import type { NotifyAlert } from '../store';
import { requireText, toJsonParam, toTimestampParam } from './params';

interface Row {
  id: string;
  received_at: Date;
  event: unknown;
}

/** Azure Monitor retries a webhook it thinks failed: a second delivery of the same alert is refused, not replaced. */
export async function putNotifyAlert(db: SqlExecutor, alert: NotifyAlert): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO notify_alerts (id, received_at, event) VALUES ($1, $2::timestamptz, $3::jsonb)
     ON CONFLICT (id) DO NOTHING RETURNING 1`,
    [requireText(alert.id, 'id'), toTimestampParam(alert.receivedAt, 'receivedAt'), toJsonParam(alert.event, 'event')],
  );
  return rows.length > 0;
}

/** (after, upTo]: a scope reads from its alertsSeen to the poll's time, so no alert is matched twice or skipped. */
export async function listNotifyAlerts(db: SqlExecutor, after: Date, upTo: Date): Promise<NotifyAlert[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, received_at, event FROM notify_alerts
     WHERE received_at > $1::timestamptz AND received_at <= $2::timestamptz ORDER BY received_at, id`,
    [toTimestampParam(after, 'after'), toTimestampParam(upTo, 'upTo')],
  );
  return rows.map((r) => ({ id: r.id, receivedAt: r.received_at, event: r.event }));
}

export async function purgeNotifyAlerts(db: SqlExecutor, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM notify_alerts WHERE received_at < $1::timestamptz', [
    toTimestampParam(before, 'before'),
  ]);
  return rowCount;
}
