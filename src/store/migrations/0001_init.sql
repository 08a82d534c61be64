-- Initial schema: conversation references, digest subscriptions, idempotency keys, audit records, settings,
-- pending operations. Runs on PostgreSQL 15+ and PGlite alike.

CREATE TABLE conversation_refs (
  platform text NOT NULL,
  conversation_key text NOT NULL,
  reference jsonb NOT NULL,
  tenant_id text,
  channel text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, conversation_key)
);

CREATE TABLE digest_subscriptions (
  id text PRIMARY KEY,
  platform text NOT NULL,
  conversation_key text NOT NULL,
  schedule text NOT NULL CHECK (schedule ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  timezone text NOT NULL,
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_run_at timestamptz
);
CREATE INDEX digest_subscriptions_conversation ON digest_subscriptions (platform, conversation_key);

CREATE TABLE idempotency_keys (
  key text PRIMARY KEY,
  owner text NOT NULL,
  claimed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  payload jsonb
);
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);

CREATE TABLE audit_records (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_platform text NOT NULL,
  actor_user_id text NOT NULL,
  actor_name text,
  channel text,
  action text NOT NULL,
  target text,
  result text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  azure_job_id text
);
CREATE INDEX audit_records_at ON audit_records (at DESC, id DESC);
CREATE INDEX audit_records_actor ON audit_records (actor_platform, actor_user_id, at DESC, id DESC);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pending_operations (
  id text PRIMARY KEY,
  kind text NOT NULL,
  state jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_operations_kind ON pending_operations (kind, updated_at);
