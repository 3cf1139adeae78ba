/** Kysely row types of the nqi tables (migration in ../migrations/). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NqiTables {}
