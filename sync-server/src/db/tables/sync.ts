/** Kysely row types of the sync tables (migration in ../migrations/). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SyncTables {}
