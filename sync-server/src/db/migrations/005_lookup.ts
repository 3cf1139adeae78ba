import type { Migration } from './migration.ts';

export const m005: Migration = {
  version: 5,
  name: 'lookup (to be written)',
  sql: `SELECT 1;`,
};
