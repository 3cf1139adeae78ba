/**
 * What one outbox row asks the platform to do, decided at its first attempt and then frozen
 * (docs/nqi.md "Outbox"): a retry is the same request with the same Idempotency-Key.
 *
 *   passed,  nothing of the meter on the platform   → create
 *   passed,  itself or a record it supersedes there → update that platform record
 *   failed,  a record it supersedes there           → withdraw that platform record
 *   failed,  nothing there                          → skip (only passed meters are published)
 *   superseded before its first attempt             → skip (its successor is sent instead)
 *   an earlier row of the same chain still pending  → defer (records of one meter go in order)
 */
import type { Db } from '../db/open.ts';
import { all, first, qb } from '../db/sql.ts';
import type { NqiOp, NqiOutboxRow } from '../db/tables/nqi.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import { buildRecord, idempotencyKey } from './record.ts';

export type Plan =
  | { kind: 'skip'; why: string }
  | { kind: 'defer' }
  | { kind: 'send'; op: NqiOp; platformId: string | null; body: unknown; key: string };

/** A chain of re-verifications longer than this is a data error, not a meter's history. */
const maxChain = 50;

export function planRow(db: Db, row: Pick<NqiOutboxRow, 'id' | 'verification_id' | 'reason'>): Plan {
  const meter = first(db, qb.selectFrom('public_meters').selectAll().where('verification_id', '=', row.verification_id));
  if (!meter) return { kind: 'skip', why: 'no such verification on the server' };

  const ancestors = predecessors(db, meter.verification_id);
  const chain = [meter.verification_id, ...ancestors.map((a) => a.verification_id)];
  const earlier = first(
    db,
    qb.selectFrom('nqi_outbox').select('id').where('state', '=', 'pending').where('id', '<', row.id).where('verification_id', 'in', chain).limit(1),
  );
  if (earlier) return { kind: 'defer' };
  if (meter.superseded_by !== null) return { kind: 'skip', why: `superseded by ${meter.superseded_by} before it was sent` };

  const target = platformRecordOf(db, chain);
  const supersedes = ancestors[0]?.verification_id ?? null;
  if (meter.conclusion !== '合格') {
    if (!target) return { kind: 'skip', why: 'not passed, and nothing of the meter is published' };
    const body = { platform_id: target, withdrawn_by: meter.verification_id };
    return { kind: 'send', op: 'withdraw', platformId: target, body, key: idempotencyKey(meter.verification_id, `withdraw ${target}`, body) };
  }
  const record = buildRecord(db, meter, supersedes);
  if (target) return { kind: 'send', op: 'update', platformId: target, body: record, key: idempotencyKey(meter.verification_id, `update ${target}`, record) };
  // A republication follows a loss the platform's key memory may not share: a key of its own,
  // or the platform would answer with the record it lost (docs/nqi.md "Idempotency").
  const createOp = row.reason === 'republish' ? `create republish ${row.id}` : 'create';
  return { kind: 'send', op: 'create', platformId: null, body: record, key: idempotencyKey(meter.verification_id, createOp, record) };
}

/** The records `verificationId` supersedes, nearest first (breadth first over superseded_by). */
function predecessors(db: Db, verificationId: string): PublicMeterRow[] {
  const out: PublicMeterRow[] = [];
  const seen = new Set([verificationId]);
  let frontier = [verificationId];
  while (frontier.length > 0 && out.length < maxChain) {
    const rows = all(db, qb.selectFrom('public_meters').selectAll().where('superseded_by', 'in', frontier).orderBy('created_at', 'desc'));
    frontier = [];
    for (const r of rows) {
      if (seen.has(r.verification_id)) continue;
      seen.add(r.verification_id);
      out.push(r);
      frontier.push(r.verification_id);
    }
  }
  return out;
}

/** The active platform record holding any verification of the chain (the newest acknowledged). */
function platformRecordOf(db: Db, chain: string[]): string | null {
  const r = first(
    db,
    qb
      .selectFrom('nqi_records')
      .select('platform_id')
      .where('verification_id', 'in', chain)
      .where('status', '=', 'active')
      .orderBy('acknowledged_at', 'desc')
      .limit(1),
  );
  return r?.platform_id ?? null;
}
