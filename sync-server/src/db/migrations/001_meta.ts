import type { Migration } from './migration.ts';

export const m001: Migration = {
  version: 1,
  name: 'server metadata',
  sql: `CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;`,
};
