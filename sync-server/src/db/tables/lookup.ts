/** Kysely row types of the lookup tables (migration in ../migrations/). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LookupTables {}
