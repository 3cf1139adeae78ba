import type { Migration } from './migration.ts';

export const m004: Migration = {
  version: 4,
  name: 'nqi (to be written)',
  sql: `SELECT 1;`,
};
