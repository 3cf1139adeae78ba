/** A numbered schema step. Append only: a released migration is never edited, a change is a new one. */
export interface Migration {
  version: number;
  name: string;
  /** SQLite DDL (STRICT tables); a PostgreSQL variant comes with the PostgreSQL issue */
  sql: string;
}
