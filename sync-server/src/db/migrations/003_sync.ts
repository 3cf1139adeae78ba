import type { Migration } from './migration.ts';

/**
 * Sync ingest (sync-server/src/sync/, docs/sync.md): each device's raw lines, checkpoints and
 * signed chained records exactly as received (their canonical JSON), the heads, the receipts,
 * the projections a push builds (sessions, mounted meters, public_meters) and the alarms.
 * Append-only by design: nothing here is updated but heads, projections' state columns and
 * `public_meters.superseded_by`.
 */
export const m003: Migration = {
  version: 3,
  name: 'sync ingest',
  sql: `
CREATE TABLE sync_heads (
  device_id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL,
  lines_seq INTEGER NOT NULL DEFAULT 0,
  lines_hash TEXT NOT NULL,
  checkpoint_seq INTEGER NOT NULL DEFAULT 0,
  checkpoint_hash TEXT NOT NULL,
  records_seq INTEGER NOT NULL DEFAULT 0,
  records_hash TEXT NOT NULL,
  /* the latest device time seen per kind (time-invalid: never backwards) */
  line_time TEXT NULL,
  checkpoint_time TEXT NULL,
  record_time TEXT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_lines (
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  connection_id TEXT NOT NULL,
  session_id TEXT NULL,
  direction TEXT NOT NULL,
  text TEXT NOT NULL,
  received_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_checkpoints (
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  line_hash TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT NOT NULL,
  session_id TEXT NULL,
  records_seq INTEGER NULL,
  records_hash TEXT NULL,
  /* SHA-256 of the canonical JSON without the signature: the identity of the content */
  content_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_records (
  device_id TEXT NOT NULL,
  record_seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  /* SHA-256 of the signed bytes: what the next record's prevRecordHash names */
  hash TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  device_time TEXT NOT NULL,
  body TEXT NOT NULL,
  /* accepted, or rejected on its content (verdict-differs, not-authorised …): a refused record
     that is validly signed and linked still holds its place in the chain, so one bad record
     does not stop the device's later ones */
  status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
  reason TEXT NULL,
  message TEXT NULL,
  push_id TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (device_id, record_seq)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX sync_records_id ON sync_records (device_id, type, record_id);

CREATE TABLE sync_sessions (
  device_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  enterprise_id TEXT NOT NULL,
  bench_id TEXT NOT NULL,
  bench TEXT NOT NULL,
  u_rel_pct REAL NULL,
  operator TEXT NOT NULL,
  started_at TEXT NOT NULL,
  /* running | ended | interrupted | closed, from the signed statements */
  state TEXT NOT NULL,
  ended_at TEXT NULL,
  head_seq INTEGER NULL,
  /* the bench id of the session's ID line, once seen */
  id_line_bench TEXT NULL,
  PRIMARY KEY (device_id, session_id)
) STRICT, WITHOUT ROWID;

/* the meters a session's LOAD lines mounted, and what became of each */
CREATE TABLE sync_session_meters (
  device_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  serial TEXT NOT NULL,
  position INTEGER NULL,
  load_seq INTEGER NOT NULL,
  verification_id TEXT NULL,
  PRIMARY KEY (device_id, session_id, serial)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_batches (
  enterprise_id TEXT NOT NULL,
  id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  meter_type_model TEXT NOT NULL,
  production_date TEXT NOT NULL,
  body TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_audit (
  device_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  body TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (device_id, item_id)
) STRICT, WITHOUT ROWID;

/* the last refusal of each item (kind, id) a device pushed: the 已拒绝 mark and its reason */
CREATE TABLE sync_rejections (
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  item_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  retry INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (device_id, kind, item_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_receipts (
  push_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  receipt TEXT NOT NULL
) STRICT;
CREATE INDEX sync_receipts_device ON sync_receipts (device_id, received_at);

/* what a person must look at: a second content for a held seq, two signed checkpoints for one seq, a record-chain gap, unaccounted meters, a differing unrounded verdict */
CREATE TABLE sync_alarms (
  id INTEGER PRIMARY KEY,
  enterprise_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  details TEXT NOT NULL,
  at TEXT NOT NULL,
  acknowledged_at TEXT NULL
) STRICT;
CREATE INDEX sync_alarms_device ON sync_alarms (device_id, at);
CREATE INDEX sync_alarms_enterprise ON sync_alarms (enterprise_id, at);

/* the public projection of every accepted verification (lookup/, nqi/ read it) */
CREATE TABLE public_meters (
  verification_id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  serial TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  instrument_name TEXT NOT NULL,
  model TEXT NOT NULL,
  accuracy_class TEXT NOT NULL,
  manufacturer TEXT NOT NULL,
  production_date TEXT NOT NULL,
  verification_date TEXT NOT NULL,
  valid_until TEXT NULL,
  conclusion TEXT NOT NULL CHECK (conclusion IN ('合格', '不合格')),
  institution TEXT NOT NULL,
  record_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  superseded_by TEXT NULL,
  integrity TEXT NOT NULL CHECK (integrity IN ('verified', 'broken'))
) STRICT;
CREATE INDEX public_meters_serial ON public_meters (serial, created_at);
CREATE INDEX public_meters_enterprise ON public_meters (enterprise_id, serial);
/* the records a verification supersedes (NQI plan, conflicts): few rows are superseded, so a partial index */
CREATE INDEX public_meters_superseded ON public_meters (superseded_by) WHERE superseded_by IS NOT NULL;
`,
};
