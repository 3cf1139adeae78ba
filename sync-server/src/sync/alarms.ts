/**
 * Alarms (docs/sync.md "Alarms"): what a person must look at, beside the refusal the device
 * gets — a second content for a line, checkpoint or record the server already holds, a gap
 * in a device's record chain, meters a session mounted and left without a verification,
 * a verdict whose unrounded figures differ between engines, two devices' current records for
 * one serial. An alarm already open for the same subject is not raised twice (a client that
 * retries must not flood the list).
 */
import type { Db } from '../db/open.ts';
import { all, first, qb, run } from '../db/sql.ts';
import type { SyncAlarmKind } from '../db/tables/sync.ts';

export interface AlarmInput {
  enterpriseId: string;
  deviceId: string;
  kind: SyncAlarmKind;
  subject: string;
  message: string;
  details?: unknown;
  at: string;
}

export function raiseAlarm(db: Db, a: AlarmInput): void {
  const open = first(
    db,
    qb.selectFrom('sync_alarms').select('id').where('device_id', '=', a.deviceId).where('kind', '=', a.kind).where('subject', '=', a.subject).where('acknowledged_at', 'is', null),
  );
  if (open) return;
  run(
    db,
    qb.insertInto('sync_alarms').values({
      enterprise_id: a.enterpriseId,
      device_id: a.deviceId,
      kind: a.kind,
      subject: a.subject,
      message: a.message,
      details: JSON.stringify(a.details ?? null),
      at: a.at,
      acknowledged_at: null,
    }),
  );
}

/** One alarm as people see it (GET /api/admin/sync/alarms): the row, with the device's label. */
export interface AlarmView {
  id: number;
  at: string;
  enterpriseId: string;
  deviceId: string;
  /** the label the device was enrolled with (null: none, or the device is not on record) */
  deviceLabel: string | null;
  kind: SyncAlarmKind;
  subject: string;
  message: string;
  /** the evidence the ingest kept (JSON as stored: seqs, hashes, verification ids) */
  details: unknown;
  acknowledgedAt: string | null;
}

export interface AlarmQuery {
  /** null: every enterprise (city-wide people only; the route decides) */
  enterpriseId: string | null;
  limit: number;
}

function parsedDetails(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The alarms, newest first; with their total (the list is cut at `limit`). */
export function listAlarms(db: Db, q: AlarmQuery): { alarms: AlarmView[]; total: number } {
  let rows = qb
    .selectFrom('sync_alarms')
    .leftJoin('devices', 'devices.device_id', 'sync_alarms.device_id')
    .select(['sync_alarms.id', 'sync_alarms.at', 'sync_alarms.enterprise_id', 'sync_alarms.device_id', 'devices.label', 'sync_alarms.kind', 'sync_alarms.subject', 'sync_alarms.message', 'sync_alarms.details', 'sync_alarms.acknowledged_at']);
  let count = qb.selectFrom('sync_alarms').select((eb) => eb.fn.countAll<number>().as('n'));
  if (q.enterpriseId !== null) {
    rows = rows.where('sync_alarms.enterprise_id', '=', q.enterpriseId);
    count = count.where('enterprise_id', '=', q.enterpriseId);
  }
  const alarms = all(db, rows.orderBy('sync_alarms.at', 'desc').orderBy('sync_alarms.id', 'desc').limit(q.limit)).map(
    (r): AlarmView => ({
      id: r.id,
      at: r.at,
      enterpriseId: r.enterprise_id,
      deviceId: r.device_id,
      deviceLabel: r.label ?? null,
      kind: r.kind,
      subject: r.subject,
      message: r.message,
      details: parsedDetails(r.details),
      acknowledgedAt: r.acknowledged_at,
    }),
  );
  return { alarms, total: Number(first(db, count)?.n ?? 0) };
}
