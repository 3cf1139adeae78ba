/**
 * Alarms (docs/sync.md "Alarms"): what a person must look at, beside the refusal the device
 * gets — a second content for a line, checkpoint or record the server already holds, a gap
 * in a device's record chain, meters a session mounted and left without a verification,
 * a verdict whose unrounded figures differ between engines, two devices' current records for
 * one serial. An alarm already open for the same subject is not raised twice (a client that
 * retries must not flood the list).
 */
import type { Db } from '../db/open.ts';
import { first, qb, run } from '../db/sql.ts';
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
