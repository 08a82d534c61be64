-- Pending work under a lease: the replica that follows a pending operation (a backup job, or a backup request whose
-- job is not known yet) names itself and renews lease_until; another replica takes over a row whose lease ran out.
-- Times are the caller's clock (the workflow's), never the database's, so tests can drive them. Rows written before
-- this migration have no owner and are free to claim.
ALTER TABLE pending_operations ADD COLUMN owner text;
ALTER TABLE pending_operations ADD COLUMN lease_until timestamptz;
CREATE INDEX pending_operations_lease ON pending_operations (kind, lease_until);
