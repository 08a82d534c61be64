-- Button payloads too long for a button (a "Retry all" of hundreds of ARM ids, long queries): kept here, behind a
-- short id, so that buttons survive a restart and work on every replica. Entries expire; expired ones read as gone.
CREATE TABLE payload_stash (
  id text PRIMARY KEY,
  value jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX payload_stash_expires_at ON payload_stash (expires_at);
