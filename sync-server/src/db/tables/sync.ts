/** Kysely row types of the sync tables (migration 003_sync.ts; docs/sync.md). */
import type { Generated } from 'kysely';

/**
 * The public projection of one accepted verification: the Annex-2 keys the lookup and the
 * NQI publication show, and where they came from. Written by the sync ingest only; other
 * parts read it (lookup/, nqi/). `created_at` is the device's time of the record,
 * `received_at` the server's clock at its receipt. A re-verification sets the superseded
 * record's `superseded_by`; the lookup shows the newest non-superseded row of a serial.
 */
export interface PublicMeterRow {
  verification_id: string;
  enterprise_id: string;
  device_id: string;
  serial: string;
  batch_id: string;
  instrument_name: string;
  model: string;
  accuracy_class: string;
  manufacturer: string;
  production_date: string;
  verification_date: string;
  valid_until: string | null;
  conclusion: '合格' | '不合格';
  institution: string;
  record_hash: string;
  created_at: string;
  received_at: string;
  superseded_by: string | null;
  integrity: 'verified' | 'broken';
}

export interface SyncHeadRow {
  device_id: string;
  enterprise_id: string;
  lines_seq: number;
  lines_hash: string;
  checkpoint_seq: number;
  checkpoint_hash: string;
  records_seq: number;
  records_hash: string;
  line_time: string | null;
  checkpoint_time: string | null;
  record_time: string | null;
  updated_at: string;
}

export interface SyncLineRow {
  device_id: string;
  seq: number;
  connection_id: string;
  session_id: string | null;
  direction: 'in' | 'out';
  text: string;
  received_at: string;
  prev_hash: string;
  hash: string;
  stored_at: string;
}

export interface SyncCheckpointRow {
  device_id: string;
  seq: number;
  line_hash: string;
  at: string;
  reason: string;
  session_id: string | null;
  records_seq: number | null;
  records_hash: string | null;
  content_hash: string;
  /** the signed object as received (JSON) */
  body: string;
  stored_at: string;
}

export interface SyncRecordRow {
  device_id: string;
  record_seq: number;
  /** erjian.verification/2 | erjian.session/1 | erjian.certificate/1 | erjian.device/1 */
  type: string;
  record_id: string;
  hash: string;
  prev_hash: string;
  device_time: string;
  /** the signed object as received (JSON) */
  body: string;
  /** a record refused on its content keeps its place in the chain (docs/sync.md "Record chain") */
  status: 'accepted' | 'rejected';
  reason: string | null;
  message: string | null;
  push_id: string;
  stored_at: string;
}

export interface SyncSessionRow {
  device_id: string;
  session_id: string;
  enterprise_id: string;
  bench_id: string;
  /** BenchIdentity JSON, as the signed start says */
  bench: string;
  u_rel_pct: number | null;
  operator: string;
  started_at: string;
  state: 'running' | 'ended' | 'interrupted' | 'closed';
  ended_at: string | null;
  head_seq: number | null;
  id_line_bench: string | null;
}

export interface SyncSessionMeterRow {
  device_id: string;
  session_id: string;
  serial: string;
  position: number | null;
  load_seq: number;
  verification_id: string | null;
}

export interface SyncBatchRow {
  enterprise_id: string;
  id: string;
  device_id: string;
  meter_type_model: string;
  production_date: string;
  body: string;
  content_hash: string;
  stored_at: string;
}

export interface SyncAuditRow {
  device_id: string;
  item_id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  body: string;
  content_hash: string;
  stored_at: string;
}

export interface SyncRejectionRow {
  device_id: string;
  kind: string;
  item_id: string;
  reason: string;
  message: string;
  retry: number;
  at: string;
}

export interface SyncReceiptRow {
  push_id: string;
  device_id: string;
  received_at: string;
  accepted: number;
  /** the signed receipt (JSON) */
  receipt: string;
}

/** Alarm kinds (docs/sync.md "Alarms"). */
export type SyncAlarmKind =
  | 'line-content-conflict'
  | 'checkpoint-conflict'
  | 'record-content-conflict'
  | 'record-seq-gap'
  | 'meters-unaccounted'
  | 'verdict-unrounded-differs'
  | 'serial-conflict';

export interface SyncAlarmRow {
  id: number;
  enterprise_id: string;
  device_id: string;
  kind: SyncAlarmKind;
  subject: string;
  message: string;
  /** JSON */
  details: string;
  at: string;
  acknowledged_at: string | null;
}

export interface SyncTables {
  sync_heads: SyncHeadRow;
  sync_lines: SyncLineRow;
  sync_checkpoints: SyncCheckpointRow;
  sync_records: SyncRecordRow;
  sync_sessions: SyncSessionRow;
  sync_session_meters: SyncSessionMeterRow;
  sync_batches: SyncBatchRow;
  sync_audit: SyncAuditRow;
  sync_rejections: SyncRejectionRow;
  sync_receipts: SyncReceiptRow;
  sync_alarms: Omit<SyncAlarmRow, 'id'> & { id: Generated<number> };
  public_meters: PublicMeterRow;
}
