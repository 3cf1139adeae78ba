/**
 * Hot statements of the ingest, compiled by Kysely ONCE and prepared once per database: a
 * push of thousands of lines must not compile the same INSERT thousands of times
 * (db/sql.ts `run` compiles on every call). The SQL still comes from the query builder, so
 * it follows the dialect (docs/architecture.md: PostgreSQL later).
 */
import type { Db } from '../db/open.ts';
import { qb } from '../db/sql.ts';
import type { SyncLineRow } from '../db/tables/sync.ts';

type Bound = (...params: unknown[]) => void;

const lineColumns = ['device_id', 'seq', 'connection_id', 'session_id', 'direction', 'text', 'received_at', 'prev_hash', 'hash', 'stored_at'] as const;

function compileInsertLine(): string {
  const dummy = Object.fromEntries(lineColumns.map((c) => [c, ''])) as unknown as SyncLineRow;
  return qb.insertInto('sync_lines').values(dummy).compile().sql;
}

const insertLineSql = compileInsertLine();
const prepared = new WeakMap<Db, Bound>();

/** INSERT of one raw line, with a statement prepared once per database. */
export function insertLine(db: Db, row: SyncLineRow): void {
  let s = prepared.get(db);
  if (!s) {
    const stmt = db.prepare(insertLineSql);
    s = (...p: unknown[]) => void stmt.run(...p);
    prepared.set(db, s);
  }
  s(row.device_id, row.seq, row.connection_id, row.session_id, row.direction, row.text, row.received_at, row.prev_hash, row.hash, row.stored_at);
}
