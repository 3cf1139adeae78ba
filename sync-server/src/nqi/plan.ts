/**
 * What one outbox row asks the platform to do, decided at its first attempt and then frozen
 * (docs/nqi.md "Outbox"): a retry is the same request with the same Idempotency-Key.
 *
 * The platform holds ONE active record per meter — a serial of an enterprise — and it is the
 * record the public lookup shows: the meter's current record, the newest non-superseded one by
 * the device's record time, then the server's receipt time, then id (docs/sync.md "Conflicts",
 * lookup/publicMeter.ts). Two devices' records of one serial (a conflict) are both kept, but
 * only the current one is published; the meter's platform record is found over every record of
 * the serial, not only the supersede chain, so a conflict replaces it instead of adding one.
 *
 *   not the meter's current record at its first attempt → skip (the current one is sent)
 *   passed,  nothing of the meter active on the platform → create
 *   passed,  a record of the meter active there          → update that platform record
 *   failed,  a record of the meter active there          → withdraw that platform record
 *   failed,  nothing there                               → skip (only passed meters are published)
 *   an earlier row of the same meter still pending       → defer (records of one meter go in order)
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

export function planRow(db: Db, row: Pick<NqiOutboxRow, 'id' | 'verification_id' | 'reason'>): Plan {
  const meter = first(db, qb.selectFrom('public_meters').selectAll().where('verification_id', '=', row.verification_id));
  if (!meter) return { kind: 'skip', why: 'no such verification on the server' };

  const records = recordsOfMeter(db, meter);
  const ids = records.map((r) => r.verification_id);
  const earlier = first(
    db,
    qb.selectFrom('nqi_outbox').select('id').where('state', '=', 'pending').where('id', '<', row.id).where('verification_id', 'in', ids).limit(1),
  );
  if (earlier) return { kind: 'defer' };
  if (meter.superseded_by !== null) return { kind: 'skip', why: `superseded by ${meter.superseded_by} before it was sent` };
  const current = currentOf(records);
  if (current && current.verification_id !== meter.verification_id) {
    return { kind: 'skip', why: `not the meter's current record before it was sent: ${current.verification_id} of device ${current.device_id} is newer (serial ${meter.serial})` };
  }

  // A republication follows a loss of the meter's platform record: acknowledgements other
  // records of the meter still hold name the lost record, so it is a first publication with a
  // key of its own, or the platform would answer with the record it lost (docs/nqi.md "Idempotency").
  const target = row.reason === 'republish' ? null : activePlatformRecord(db, ids);
  // the record this one replaces by its own signed `supersedes` (docs/records.md), not a conflict's loser
  const supersedes = records.find((r) => r.superseded_by === meter.verification_id)?.verification_id ?? null;
  if (meter.conclusion !== '合格') {
    if (!target) return { kind: 'skip', why: 'not passed, and nothing of the meter is published' };
    const body = { platform_id: target, withdrawn_by: meter.verification_id };
    return { kind: 'send', op: 'withdraw', platformId: target, body, key: idempotencyKey(meter.verification_id, `withdraw ${target}`, body) };
  }
  const record = buildRecord(db, meter, supersedes);
  if (target) return { kind: 'send', op: 'update', platformId: target, body: record, key: idempotencyKey(meter.verification_id, `update ${target}`, record) };
  const createOp = row.reason === 'republish' ? `create republish ${row.id}` : 'create';
  return { kind: 'send', op: 'create', platformId: null, body: record, key: idempotencyKey(meter.verification_id, createOp, record) };
}

/** Every record of the meter (its serial in its enterprise), newest first in the lookup's order. */
function recordsOfMeter(db: Db, meter: PublicMeterRow): PublicMeterRow[] {
  return all(
    db,
    qb
      .selectFrom('public_meters')
      .selectAll()
      .where('enterprise_id', '=', meter.enterprise_id)
      .where('serial', '=', meter.serial)
      .orderBy('created_at', 'desc')
      .orderBy('received_at', 'desc')
      .orderBy('verification_id', 'desc'),
  );
}

/** The lookup's choice among records in its order: the first non-superseded one. */
function currentOf(records: readonly PublicMeterRow[]): PublicMeterRow | undefined {
  return records.find((r) => r.superseded_by === null);
}

/** The active platform record holding any record of the meter (the newest acknowledged). */
function activePlatformRecord(db: Db, ids: string[]): string | null {
  const r = first(
    db,
    qb
      .selectFrom('nqi_records')
      .select('platform_id')
      .where('verification_id', 'in', ids)
      .where('status', '=', 'active')
      .orderBy('acknowledged_at', 'desc')
      .limit(1),
  );
  return r?.platform_id ?? null;
}
