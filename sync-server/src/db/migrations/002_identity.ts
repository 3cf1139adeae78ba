import type { Migration } from './migration.ts';

export const m002: Migration = {
  version: 2,
  name: 'identity (to be written)',
  sql: `SELECT 1;`,
};
