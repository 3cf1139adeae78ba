import type { Migration } from './migration.ts';

export const m003: Migration = {
  version: 3,
  name: 'sync (to be written)',
  sql: `SELECT 1;`,
};
