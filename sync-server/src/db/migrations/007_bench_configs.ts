import type { Migration } from './migration.ts';

/**
 * Bench configurations (docs/bench-config.md; issue 14 item 1): every version a bench PC
 * saved, as it pushed it (`bench-config` items, sync/benchConfigs.ts), validated again
 * with the PC's own `parseBenchConfig`. Append-only: a version is never updated; the same
 * version pushed again is a duplicate, another content under it a conflict.
 */
export const m007: Migration = {
  version: 7,
  name: 'bench configurations pushed by the bench PCs',
  sql: `
CREATE TABLE bench_configs (
  device_id TEXT NOT NULL REFERENCES devices(device_id),
  config_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  /* the configuration as validated (JSON, format erjian.bench/1) */
  body TEXT NOT NULL,
  /* the device clock at the save, and who saved it */
  saved_at TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  /* the server clock at receipt */
  received_at TEXT NOT NULL,
  /* SHA-256 of the canonical item: a re-push of the same content is a duplicate */
  content_hash TEXT NOT NULL,
  PRIMARY KEY (device_id, config_id, version)
) STRICT, WITHOUT ROWID;
`,
};
