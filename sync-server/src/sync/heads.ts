/**
 * A device's heads on the server (docs/sync.md "Heads"): the last raw line held, the highest
 * checkpoint held, the last chained record held, and the latest device time of each kind.
 * One row per device (sync_heads), read at the start of a push's transaction and written at
 * its end.
 */
import type { Heads } from '../../../web/src/sync/protocol.ts';
import type { Db } from '../db/open.ts';
import { first, qb, run } from '../db/sql.ts';
import type { SyncHeadRow } from '../db/tables/sync.ts';

export const genesis = '0'.repeat(64);

export interface HeadState {
  lines: { seq: number; hash: string };
  checkpoint: { seq: number; hash: string };
  records: { seq: number; hash: string };
  lineTime: string | null;
  checkpointTime: string | null;
  recordTime: string | null;
}

export function readHead(db: Db, deviceId: string): HeadState {
  const row = first(db, qb.selectFrom('sync_heads').selectAll().where('device_id', '=', deviceId));
  if (!row) return { lines: { seq: 0, hash: genesis }, checkpoint: { seq: 0, hash: genesis }, records: { seq: 0, hash: genesis }, lineTime: null, checkpointTime: null, recordTime: null };
  return {
    lines: { seq: row.lines_seq, hash: row.lines_hash },
    checkpoint: { seq: row.checkpoint_seq, hash: row.checkpoint_hash },
    records: { seq: row.records_seq, hash: row.records_hash },
    lineTime: row.line_time,
    checkpointTime: row.checkpoint_time,
    recordTime: row.record_time,
  };
}

export function writeHead(db: Db, deviceId: string, enterpriseId: string, h: HeadState, now: string): void {
  const row: SyncHeadRow = {
    device_id: deviceId,
    enterprise_id: enterpriseId,
    lines_seq: h.lines.seq,
    lines_hash: h.lines.hash,
    checkpoint_seq: h.checkpoint.seq,
    checkpoint_hash: h.checkpoint.hash,
    records_seq: h.records.seq,
    records_hash: h.records.hash,
    line_time: h.lineTime,
    checkpoint_time: h.checkpointTime,
    record_time: h.recordTime,
    updated_at: now,
  };
  const { device_id: _d, ...rest } = row;
  run(db, qb.insertInto('sync_heads').values(row).onConflict((oc) => oc.column('device_id').doUpdateSet(rest)));
}

export function headsOf(h: HeadState): Heads {
  return { lines: { ...h.lines }, checkpoint: { ...h.checkpoint }, records: { ...h.records } };
}
