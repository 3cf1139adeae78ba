/**
 * Queries are written with Kysely (a typed query builder that also targets PostgreSQL) and
 * run synchronously on better-sqlite3: Kysely only compiles, so a push's whole ingest runs
 * inside one better-sqlite3 transaction without an await in it (an async transaction would
 * let another request interleave). Switching to PostgreSQL means swapping the compiler
 * below for PostgresQueryCompiler and these three runners for a pool's.
 */
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type CompiledQuery,
} from 'kysely';
import type { Db } from './open.ts';
import type { Database } from './database.ts';

/** Compile-only: never connects (DummyDriver); the SQL is run by `run`, `all`, `first`. */
export const qb = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

type Query<R> = Compilable<R> | CompiledQuery<R>;

function compiled<R>(q: Query<R>): CompiledQuery<R> {
  return 'compile' in q ? q.compile() : q;
}

/** better-sqlite3 binds booleans and undefined badly: store 0/1 and null (STRICT tables). */
function params(q: CompiledQuery<unknown>): unknown[] {
  return q.parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p));
}

type Statement = ReturnType<Db['prepare']> & { run(...p: unknown[]): { changes: number; lastInsertRowid: number | bigint }; all(...p: unknown[]): unknown[]; get(...p: unknown[]): unknown };

const statementCache = new WeakMap<Db, Map<string, Statement>>();

function statement(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql) as Statement;
    cache.set(sql, s);
  }
  return s;
}

/** INSERT / UPDATE / DELETE: the number of rows changed. */
export function run(db: Db, q: Query<unknown>): number {
  const c = compiled(q);
  return statement(db, c.sql).run(...params(c)).changes;
}

/** Runs an insert; the rowid of the row it made (an INTEGER PRIMARY KEY id). */
export function insertId(db: Db, q: Query<unknown>): number {
  const c = compiled(q);
  return Number(statement(db, c.sql).run(...params(c)).lastInsertRowid);
}

export function all<R>(db: Db, q: Query<R>): R[] {
  const c = compiled(q);
  return statement(db, c.sql).all(...params(c)) as R[];
}

export function first<R>(db: Db, q: Query<R>): R | undefined {
  const c = compiled(q);
  return statement(db, c.sql).get(...params(c)) as R | undefined;
}

/**
 * A query built and compiled once, for the hot paths (the public lookup, per-item statements
 * of an ingest): building and compiling a Kysely query costs several times the indexed
 * SQLite statement itself. Write the query with marker strings where the values go
 * (`'\u0000name'`); `bindTemplate(t, { '\u0000name': value })` puts the values in.
 */
export function template<R>(q: Compilable<R>): CompiledQuery<R> {
  return q.compile();
}

export function bindTemplate<R>(q: CompiledQuery<R>, values: Readonly<Record<string, unknown>>): CompiledQuery<R> {
  return { ...q, parameters: q.parameters.map((p) => (typeof p === 'string' && Object.hasOwn(values, p) ? values[p] : p)) };
}
