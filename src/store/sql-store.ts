// The Store over any SqlClient: the shared SQL in sql/ is the whole implementation; drivers only move bytes.

import * as audit from './sql/audit';
import * as conversations from './sql/conversations';
import * as digests from './sql/digests';
import * as idempotency from './sql/idempotency';
import * as stash from './sql/payload-stash';
import * as operations from './sql/pending-operations';
import * as settings from './sql/settings';
import type { SqlClient } from './sql-client';
import type { Store } from './store';

export function createSqlStore(db: SqlClient): Store {
  let closing: Promise<void> | undefined;
  return {
    kind: db.kind,

    upsertConversation: (input) => conversations.upsertConversation(db, input),
    getConversation: (platform, key) => conversations.getConversation(db, platform, key),
    listConversations: (platform) => conversations.listConversations(db, platform),
    deleteConversation: (platform, key) => conversations.deleteConversation(db, platform, key),

    createDigestSubscription: (input) => digests.createDigestSubscription(db, input),
    getDigestSubscription: (id) => digests.getDigestSubscription(db, id),
    listDigestSubscriptions: (filter) => digests.listDigestSubscriptions(db, filter),
    listDueDigests: (now) => digests.listDueDigests(db, now),
    claimDigestRun: (id, dueAt) => digests.claimDigestRun(db, id, dueAt),
    updateDigestSubscription: (id, patch) => digests.updateDigestSubscription(db, id, patch),
    deleteDigestSubscription: (id) => digests.deleteDigestSubscription(db, id),

    claimIdempotencyKey: (key, owner, ttlMs, payload) =>
      idempotency.claimIdempotencyKey(db, key, owner, ttlMs, payload),
    setIdempotencyPayload: (key, owner, payload) => idempotency.setIdempotencyPayload(db, key, owner, payload),
    releaseIdempotencyKey: (key, owner) => idempotency.releaseIdempotencyKey(db, key, owner),
    getIdempotencyKey: (key) => idempotency.getIdempotencyKey(db, key),
    purgeExpiredIdempotencyKeys: () => idempotency.purgeExpiredIdempotencyKeys(db),

    appendAudit: (input) => audit.appendAudit(db, input),
    queryAudit: (query) => audit.queryAudit(db, query),

    putStashEntry: (id, value, ttlMs) => stash.putStashEntry(db, id, value, ttlMs),
    getStashEntry: (id) => stash.getStashEntry(db, id),
    purgeExpiredStash: (keepNewest) => stash.purgeExpiredStash(db, keepNewest),

    getSetting: (key) => settings.getSetting(db, key),
    setSetting: (key, value) => settings.setSetting(db, key, value),
    deleteSetting: (key) => settings.deleteSetting(db, key),

    upsertPendingOperation: (input) => operations.upsertPendingOperation(db, input),
    getPendingOperation: (id) => operations.getPendingOperation(db, id),
    listPendingOperations: (kind) => operations.listPendingOperations(db, kind),
    deletePendingOperation: (id) => operations.deletePendingOperation(db, id),

    async ping() {
      await db.query('SELECT 1');
    },
    close() {
      closing ??= db.close();
      return closing;
    },
  };
}
