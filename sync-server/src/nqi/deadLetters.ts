/**
 * What admins see and do about publications that did not go through (docs/nqi.md
 * "Dead letters"): the list, the outbox's counts, and a retry. A retry of a refused record is
 * planned again from the server's current data (a refusal means the platform stored nothing,
 * and the data may have been corrected since); a retry after exhausted attempts keeps the
 * frozen request and its Idempotency-Key, since the platform may hold it already.
 */
import type { Db } from '../db/open.ts';
import { all, qb, run } from '../db/sql.ts';
import type { NqiOutboxState } from '../db/tables/nqi.ts';
import { enqueueUpdate } from './enqueue.ts';

export interface DeadLetter {
  id: number;
  verification_id: string;
  serial: string | null;
  batch_id: string | null;
  enterprise_id: string | null;
  reason: string;
  op: string | null;
  dead_reason: 'refused' | 'exhausted' | null;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  enqueued_at: string;
  dead_at: string | null;
}

export function listDeadLetters(db: Db, limit = 500): DeadLetter[] {
  return all(
    db,
    qb
      .selectFrom('nqi_outbox as o')
      .leftJoin('public_meters as m', 'm.verification_id', 'o.verification_id')
      .select([
        'o.id',
        'o.verification_id',
        'm.serial',
        'm.batch_id',
        'm.enterprise_id',
        'o.reason',
        'o.op',
        'o.dead_reason',
        'o.attempts',
        'o.last_status',
        'o.last_error',
        'o.enqueued_at',
        'o.done_at as dead_at',
      ])
      .where('o.state', '=', 'dead')
      .orderBy('o.id')
      .limit(limit),
  );
}

/** Put dead letters back in the queue, due now; `ids` null means every dead letter. The number requeued. */
export function retryDeadLetters(db: Db, ids: readonly number[] | null, now: Date): number {
  if (ids !== null && ids.length === 0) return 0;
  const at = now.toISOString();
  return db.transaction(() => {
    let replan = qb
      .updateTable('nqi_outbox')
      .set({ op: null, platform_id: null, body: null, idempotency_key: null })
      .where('state', '=', 'dead')
      .where('dead_reason', '=', 'refused');
    if (ids !== null) replan = replan.where('id', 'in', ids);
    run(db, replan);
    let requeue = qb
      .updateTable('nqi_outbox')
      .set({ state: 'pending', attempts: 0, next_attempt_at: at, dead_reason: null, done_at: null })
      .where('state', '=', 'dead');
    if (ids !== null) requeue = requeue.where('id', 'in', ids);
    return run(db, requeue);
  })();
}

export type OutboxCounts = Record<NqiOutboxState, number> & { oldest_pending_at: string | null };

export function outboxCounts(db: Db): OutboxCounts {
  const rows = all(
    db,
    qb
      .selectFrom('nqi_outbox')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('enqueued_at').as('oldest')])
      .groupBy('state'),
  );
  const counts: OutboxCounts = { pending: 0, sent: 0, dead: 0, skipped: 0, oldest_pending_at: null };
  for (const r of rows) {
    counts[r.state] = r.n;
    if (r.state === 'pending') counts.oldest_pending_at = r.oldest;
  }
  return counts;
}

/**
 * Publish again what the reconciliation found missing although the platform once acknowledged
 * it (the platform lost it, or an operator there deleted it): the acknowledgement is forgotten
 * and a `republish` row queued, planned like a first publication. Verifications never
 * acknowledged (pending or dead letters: retry those), not passed, superseded or unknown are
 * left alone. The number queued.
 */
export function republish(db: Db, verificationIds: readonly string[], now: Date): number {
  if (verificationIds.length === 0) return 0;
  return db.transaction(() => {
    const current = all(
      db,
      qb
        .selectFrom('public_meters as m')
        .innerJoin('nqi_records as r', 'r.verification_id', 'm.verification_id')
        .select('m.verification_id')
        .where('m.verification_id', 'in', verificationIds)
        .where('m.conclusion', '=', '合格')
        .where('m.superseded_by', 'is', null),
    ).map((r) => r.verification_id);
    if (current.length === 0) return 0;
    run(db, qb.deleteFrom('nqi_records').where('verification_id', 'in', current));
    for (const id of current) enqueueUpdate(db, id, 'republish', now);
    return current.length;
  })();
}
