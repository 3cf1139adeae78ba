import type { Migration } from './migration.ts';

/**
 * NQI publication (sync-server/src/nqi/, docs/nqi.md): the server-side outbox the sync ingest
 * writes in the same transaction as the record, and what the platform has acknowledged.
 * No foreign key to public_meters: the outbox is written inside the ingest's transaction and
 * must never be the reason a push fails; the forwarder skips a row it cannot find.
 */
export const m004: Migration = {
  version: 4,
  name: 'nqi publication',
  sql: `
CREATE TABLE nqi_outbox (
  id INTEGER PRIMARY KEY,
  verification_id TEXT NOT NULL,
  /* why it was queued: publish (a passed verification), recall (issue 13), republish (an admin) */
  reason TEXT NOT NULL CHECK (reason IN ('publish', 'recall', 'republish')),
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  enqueued_at TEXT NOT NULL,
  /* frozen at the first attempt, so a retry is the same request with the same key */
  op TEXT NULL CHECK (op IN ('create', 'update', 'withdraw')),
  platform_id TEXT NULL,
  idempotency_key TEXT NULL,
  body TEXT NULL,
  last_status INTEGER NULL,
  last_error TEXT NULL,
  last_attempt_at TEXT NULL,
  done_at TEXT NULL,
  /* dead letters: refused (4xx) or exhausted (N transient failures) */
  dead_reason TEXT NULL CHECK (dead_reason IN ('refused', 'exhausted'))
) STRICT;
CREATE UNIQUE INDEX nqi_outbox_publish_once ON nqi_outbox (verification_id) WHERE reason = 'publish';
CREATE INDEX nqi_outbox_due ON nqi_outbox (state, next_attempt_at, id);
/* an earlier pending row of the same meter's chain (plan.ts "defer"), without walking every pending row */
CREATE INDEX nqi_outbox_verification ON nqi_outbox (verification_id, state);

/* what the platform acknowledged, per verification: the platform's record it lives in */
CREATE TABLE nqi_records (
  verification_id TEXT PRIMARY KEY,
  platform_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  idempotency_key TEXT NOT NULL,
  revision INTEGER NOT NULL,
  acknowledged_at TEXT NOT NULL
) STRICT;
CREATE INDEX nqi_records_platform ON nqi_records (platform_id);
`,
};
