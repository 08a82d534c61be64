// The Store over any SqlClient: the shared SQL in sql/ is the whole implementation; drivers only move bytes.

import * as audit from './sql/audit';
import * as conversations from './sql/conversations';
import * as runs from './sql/digest-runs';
import * as snapshots from './sql/digest-snapshots';
import * as digests from './sql/digest-subscriptions';
import * as idempotency from './sql/idempotency';
import * as alerts from './sql/notify-alerts';
import * as announcements from './sql/notify-announcements';
import * as scopes from './sql/notify-scopes';
import * as notify from './sql/notify-subscriptions';
import * as stash from './sql/payload-stash';
import * as operations from './sql/pending-operations';
import * as settings from './sql/settings';
import * as snoozes from './sql/snoozes';
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

    upsertDigestSubscription: (input) => digests.upsertDigestSubscription(db, input),
    getDigestSubscription: (platform, key) => digests.getDigestSubscription(db, platform, key),
    listDigestSubscriptions: (filter) => digests.listDigestSubscriptions(db, filter),
    deleteDigestSubscription: (platform, key) => digests.deleteDigestSubscription(db, platform, key),
    pauseDigestSubscription: (platform, key, reason, at) =>
      digests.pauseDigestSubscription(db, platform, key, reason, at),
    setDigestNotes: (platform, key, notes) => digests.setDigestNotes(db, platform, key, notes),
    listDueDigests: (now, limit) => digests.listDueDigests(db, now, limit),

    claimDigestRun: (run, owner, now, leaseMs) => runs.claimDigestRun(db, run, owner, now, leaseMs),
    renewDigestRun: (run, owner, now, leaseMs) => runs.renewDigestRun(db, run, owner, now, leaseMs),
    markDigestRunSending: (run, owner, now) => runs.markDigestRunSending(db, run, owner, now),
    finishDigestRun: (run, owner, result) => runs.finishDigestRun(db, run, owner, result),
    closeAbandonedDigestRun: (run, now, nextRunAt) => runs.closeAbandonedDigestRun(db, run, now, nextRunAt),
    purgeDigestRuns: (before) => runs.purgeDigestRuns(db, before),

    putDigestSnapshot: (scopeKey, takenAt, state) => snapshots.putDigestSnapshot(db, scopeKey, takenAt, state),
    getDigestSnapshot: (scopeKey, takenAt) => snapshots.getDigestSnapshot(db, scopeKey, takenAt),
    purgeDigestSnapshots: (before) => snapshots.purgeDigestSnapshots(db, before),
    digestSnapshotBytes: () => snapshots.digestSnapshotBytes(db),

    putSnooze: (input) => snoozes.putSnooze(db, input),
    deleteSnooze: (platform, key, itemKey) => snoozes.deleteSnooze(db, platform, key, itemKey),
    listSnoozes: (platform, key, now) => snoozes.listSnoozes(db, platform, key, now),
    purgeExpiredSnoozes: (now) => snoozes.purgeExpiredSnoozes(db, now),

    upsertNotifySubscription: (input) => notify.upsertNotifySubscription(db, input),
    getNotifySubscription: (platform, key) => notify.getNotifySubscription(db, platform, key),
    listNotifySubscriptions: (filter) => notify.listNotifySubscriptions(db, filter),
    deleteNotifySubscription: (platform, key) => notify.deleteNotifySubscription(db, platform, key),
    pauseNotifySubscription: (platform, key, reason, at) =>
      notify.pauseNotifySubscription(db, platform, key, reason, at),
    setNotifyFound: (platform, key, at) => notify.setNotifyFound(db, platform, key, at),
    setNotifyNotes: (platform, key, notes) => notify.setNotifyNotes(db, platform, key, notes),

    claimNotifyScopes: (scopeKeys, owner, now, leaseMs, minGapMs) =>
      scopes.claimNotifyScopes(db, scopeKeys, owner, now, leaseMs, minGapMs),
    renewNotifyScopes: (scopeKeys, owner, now, leaseMs) => scopes.renewNotifyScopes(db, scopeKeys, owner, now, leaseMs),
    finishNotifyScopes: (owner, results) => scopes.finishNotifyScopes(db, owner, results),
    getNotifyScope: (scopeKey) => scopes.getNotifyScope(db, scopeKey),

    recordNotifyAnnouncements: (platform, key, entries, at) =>
      announcements.recordNotifyAnnouncements(db, platform, key, entries, at),
    findNotifyAnnouncements: (platform, key, itemKeys, since) =>
      announcements.findNotifyAnnouncements(db, platform, key, itemKeys, since),
    attachNotifyMessage: (platform, key, eventKeys, messageId) =>
      announcements.attachNotifyMessage(db, platform, key, eventKeys, messageId),
    createNotifyMessage: (input) => announcements.createNotifyMessage(db, input),
    getNotifyMessage: (id) => announcements.getNotifyMessage(db, id),
    updateNotifyMessage: (id, version, change) => announcements.updateNotifyMessage(db, id, version, change),
    listAllOpenNotifyMessages: (since) => announcements.listAllOpenNotifyMessages(db, since),

    putNotifyAlert: (alert) => alerts.putNotifyAlert(db, alert),
    listNotifyAlerts: (after, upTo) => alerts.listNotifyAlerts(db, after, upTo),

    // Two statements, not one transaction: each table's purge stands on its own, and a rerun finishes the rest.
    purgeNotify: async (before) =>
      (await announcements.purgeNotifyAnnouncements(db, before)) + (await alerts.purgeNotifyAlerts(db, before)),

    claimIdempotencyKey: (key, owner, ttlMs, payload) =>
      idempotency.claimIdempotencyKey(db, key, owner, ttlMs, payload),
    setIdempotencyPayload: (key, owner, payload) => idempotency.setIdempotencyPayload(db, key, owner, payload),
    releaseIdempotencyKey: (key, owner) => idempotency.releaseIdempotencyKey(db, key, owner),
    getIdempotencyKey: (key) => idempotency.getIdempotencyKey(db, key),
    purgeExpiredIdempotencyKeys: () => idempotency.purgeExpiredIdempotencyKeys(db),

    appendAudit: (input) => audit.appendAudit(db, input),
    appendAuditLimited: (input, limit) => audit.appendAuditLimited(db, input, limit),
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
    deletePendingOperation: (id, owner) => operations.deletePendingOperation(db, id, owner),
    claimPendingOperations: (kinds, owner, now, leaseMs, limit) =>
      operations.claimPendingOperations(db, kinds, owner, now, leaseMs, limit),
    renewPendingOperations: (ids, owner, now, leaseMs) =>
      operations.renewPendingOperations(db, ids, owner, now, leaseMs),
    releasePendingOperations: (ids, owner) => operations.releasePendingOperations(db, ids, owner),
    replacePendingOperation: (id, owner, next) => operations.replacePendingOperation(db, id, owner, next),

    async ping() {
      await db.query('SELECT 1');
    },
    close() {
      closing ??= db.close();
      return closing;
    },
  };
}
