/** Kysely row types of the identity tables (migration in ../migrations/). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IdentityTables {}
