-- Daily digests: one subscription per conversation, one row per scheduled run (claimed under a lease, so exactly one
-- replica posts it), the snapshots runs compare against, and per-item snoozes. Times are the scheduler's clock.

-- 0001's table was keyed by a random id and never held data; the new one is keyed by conversation.
DROP TABLE IF EXISTS digest_subscriptions;

CREATE TABLE digest_subscriptions (
  platform text NOT NULL,
  conversation_key text NOT NULL,
  address jsonb NOT NULL,
  time_of_day text NOT NULL CHECK (time_of_day ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  timezone text NOT NULL,
  days text NOT NULL CHECK (days IN ('daily', 'weekdays')),
  quiet boolean NOT NULL,
  filters jsonb NOT NULL,
  scope_key text NOT NULL,
  created_by jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  next_run_at timestamptz NOT NULL,
  paused_at timestamptz,
  paused_reason text,
  -- The last run that moved the schedule on (all null until the first one).
  last_due_at timestamptz,
  last_finished_at timestamptz,
  last_status text CHECK (last_status IN ('posted', 'quiet', 'skipped', 'failed', 'unknown')),
  last_detail text,
  last_late boolean,
  last_snapshot_at timestamptz,
  notes jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (platform, conversation_key)
);
-- listDueDigests: unpaused digests by next run.
CREATE INDEX digest_subscriptions_due ON digest_subscriptions (next_run_at, paused_at);
-- purgeDigestSnapshots: which snapshots a digest still points at.
CREATE INDEX digest_subscriptions_snapshot ON digest_subscriptions (scope_key, last_snapshot_at);

CREATE TABLE digest_runs (
  platform text NOT NULL,
  conversation_key text NOT NULL,
  due_at timestamptz NOT NULL,
  owner text NOT NULL,
  attempt integer NOT NULL CHECK (attempt >= 1),
  state text NOT NULL CHECK (state IN ('running', 'sending', 'posted', 'quiet', 'skipped', 'failed', 'unknown')),
  lease_until timestamptz NOT NULL,
  claimed_at timestamptz NOT NULL,
  finished_at timestamptz,
  detail text,
  PRIMARY KEY (platform, conversation_key, due_at)
);
CREATE INDEX digest_runs_finished_at ON digest_runs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE digest_snapshots (
  scope_key text NOT NULL,
  taken_at timestamptz NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (scope_key, taken_at)
);
CREATE INDEX digest_snapshots_taken_at ON digest_snapshots (taken_at);

CREATE TABLE snoozes (
  platform text NOT NULL,
  conversation_key text NOT NULL,
  item_key text NOT NULL,
  item_name text NOT NULL,
  until timestamptz NOT NULL,
  created_by jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (platform, conversation_key, item_key)
);
CREATE INDEX snoozes_until ON snoozes (until);
