/**
 * The server-side outbox of the NQI publication (docs/nqi.md "Outbox"): the sync ingest
 * calls `enqueuePublication` inside its better-sqlite3 transaction for every accepted
 * verification, so a record and its publication are committed together or not at all — a
 * crash between the two can neither publish a record the server does not hold nor forget
 * one it does. Nothing is sent here: the forwarder (forwarder.ts) reads the outbox later.
 */
import type { Db } from '../db/open.ts';
import { qb, run } from '../db/sql.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import type { NqiOutboxReason } from '../db/tables/nqi.ts';

export type { PublicMeterRow };

/**
 * Queue the publication of one accepted verification. Synchronous, no I/O but the insert;
 * idempotent (a replayed push queues it once). A passed record is published (created, or an
 * update of the platform record of the meter it supersedes); a failed one is queued too and
 * only acts when it supersedes a published record, which it then withdraws — the platform
 * must never keep showing a meter as passed after a failing re-verification (R-ISSUE:
 * only passed meters are published).
 */
export function enqueuePublication(db: Db, row: PublicMeterRow, now: Date): void {
  enqueue(db, row.verification_id, 'publish', now);
}

/**
 * Queue an update of a verification already queued or published: a recall notice (issue 13)
 * or an admin's republication. Every call queues one more update; the forwarder sends the
 * record as it is at that moment.
 */
export function enqueueUpdate(db: Db, verificationId: string, reason: Exclude<NqiOutboxReason, 'publish'>, now: Date): void {
  enqueue(db, verificationId, reason, now);
}

function enqueue(db: Db, verificationId: string, reason: NqiOutboxReason, now: Date): void {
  const at = now.toISOString();
  run(
    db,
    qb
      .insertInto('nqi_outbox')
      .values({
        verification_id: verificationId,
        reason,
        state: 'pending',
        attempts: 0,
        next_attempt_at: at,
        enqueued_at: at,
        op: null,
        platform_id: null,
        idempotency_key: null,
        body: null,
        last_status: null,
        last_error: null,
        last_attempt_at: null,
        done_at: null,
        dead_reason: null,
      })
      .onConflict((oc) => oc.doNothing()),
  );
}
