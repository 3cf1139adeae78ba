import type { Migration } from './migration.ts';

/**
 * Recall notices as the public lookup shows them (docs/lookup.md "Recalls"): the minimal
 * shape a notice needs — who issued it, when, why, what the owner should do — and the
 * serials it names. A meter is matched by serial within the notice's enterprise, so two
 * manufacturers' equal serials never share a notice. Issue 13 builds the workflow on top.
 */
export const m005: Migration = {
  version: 5,
  name: 'public lookup: recall notices',
  sql: `
CREATE TABLE recalls (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  action TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE recall_meters (
  recall_id TEXT NOT NULL REFERENCES recalls(id),
  serial TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('affected', 'recalled', 'replaced')),
  PRIMARY KEY (recall_id, serial)
) STRICT;

CREATE INDEX recall_meters_serial ON recall_meters (serial);
`,
};
