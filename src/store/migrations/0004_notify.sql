-- Failure notifications: one subscription per conversation, one poll state per scope (polled under a lease, so one
-- replica at a time), the record of each failure announced in each conversation (so it is announced once), the
-- messages that carry them (updated in place, compare-and-set on version), and an inbox of Azure Monitor alerts.
-- Every time is the caller's clock (the poller's), never the database's, so tests can drive them.

CREATE TABLE notify_subscriptions (
  platform text NOT NULL,
  conversation_key text NOT NULL,
  address jsonb NOT NULL,
  filters jsonb NOT NULL,
  scope_key text NOT NULL,
  -- IANA zone the messages' times are shown in.
  timezone text NOT NULL,
  created_by jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Failures before this are not announced here; kept when the subscription is replaced.
  since timestamptz NOT NULL,
  paused_at timestamptz,
  paused_reason text,
  last_found_at timestamptz,
  notes jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (platform, conversation_key)
);
-- listNotifySubscriptions({ scopeKey }): the conversations one poll serves.
CREATE INDEX notify_subscriptions_scope ON notify_subscriptions (scope_key, created_at);

CREATE TABLE notify_scopes (
  scope_key text PRIMARY KEY,
  -- Both null, or both set: who polls the scope now and until when.
  lease_owner text,
  lease_until timestamptz,
  watermark timestamptz,
  alerts_seen timestamptz,
  last_poll_at timestamptz,
  last_poll_ok boolean,
  last_poll_detail text,
  CHECK ((lease_owner IS NULL) = (lease_until IS NULL))
);

CREATE TABLE notify_announcements (
  platform text NOT NULL,
  conversation_key text NOT NULL,
  event_key text NOT NULL,
  item_key text NOT NULL,
  failed_at timestamptz NOT NULL,
  message_id text,
  announced_at timestamptz NOT NULL,
  PRIMARY KEY (platform, conversation_key, event_key)
);
-- findNotifyAnnouncements: an item's recent announcements in one conversation.
CREATE INDEX notify_announcements_item ON notify_announcements (platform, conversation_key, item_key, announced_at);
CREATE INDEX notify_announcements_announced_at ON notify_announcements (announced_at);

CREATE TABLE notify_messages (
  id text PRIMARY KEY,
  platform text NOT NULL,
  conversation_key text NOT NULL,
  -- The channel's MessageRef; null when the platform gave none.
  ref jsonb,
  state jsonb NOT NULL,
  open boolean NOT NULL,
  posted_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL CHECK (version >= 1)
);
-- listAllOpenNotifyMessages: every open message of the last days, once a poll.
CREATE INDEX notify_messages_open ON notify_messages (posted_at) WHERE open;
CREATE INDEX notify_messages_updated_at ON notify_messages (updated_at);

CREATE TABLE notify_alerts (
  id text PRIMARY KEY,
  received_at timestamptz NOT NULL,
  event jsonb NOT NULL
);
CREATE INDEX notify_alerts_received_at ON notify_alerts (received_at);
