/**
 * The public view of one meter (docs/lookup.md; docs/rules.md R-PUBLIC): the Annex-2 keys of
 * the newest non-superseded record of its serial, whether its record chain held, and the
 * recall notice that names it. Built key by key from the row, never by spreading it, so a
 * column added to `public_meters` (an id, a hash, a person) cannot reach the public.
 */
import type { CompiledQuery } from 'kysely';
import { annex2Keys, type PublicMeter } from '../../../web/src/sync/protocol.ts';
import type { Db } from '../db/open.ts';
import { first, qb } from '../db/sql.ts';
import { annex2Of } from '../sync/annex2.ts';

/**
 * The lookup's two queries are built and compiled once, with placeholders bound per request:
 * building and compiling a Kysely query costs about ten times the indexed SQLite read
 * itself, and the lookup is the server's hottest path (docs/lookup.md "Load").
 */
const SERIAL = '\u0000serial';
const ENTERPRISE = '\u0000enterprise';

function bind<R>(q: CompiledQuery<R>, values: Readonly<Record<string, string>>): CompiledQuery<R> {
  return { ...q, parameters: q.parameters.map((p) => (typeof p === 'string' && p in values ? values[p] : p)) };
}

/**
 * The record the public sees for `serial` (already normalised). Records are immutable: a
 * re-verification supersedes the earlier record, and two devices' current records for one
 * serial are both kept (docs/sync.md "Conflicts") — the newest by the device's record time
 * is shown, ties broken by the server's receipt time, then by id, so the answer is stable.
 */
const newestCurrentRecord = qb
  .selectFrom('public_meters')
  .select([...annex2Keys, 'enterprise_id', 'integrity'])
  .where('serial', '=', SERIAL)
  .where('superseded_by', 'is', null)
  .orderBy('created_at', 'desc')
  .orderBy('received_at', 'desc')
  .orderBy('verification_id', 'desc')
  .limit(1)
  .compile();

/**
 * The newest recall notice of the meter's enterprise that names the serial, whatever the
 * recall's progress for it (affected, recalled, replaced): an owner who scans the label of a
 * recalled meter must learn of it (docs/lookup.md "Recalls").
 */
const newestRecall = qb
  .selectFrom('recall_meters')
  .innerJoin('recalls', 'recalls.id', 'recall_meters.recall_id')
  .select(['recalls.id', 'recalls.issued_on', 'recalls.reason', 'recalls.action'])
  .where('recall_meters.serial', '=', SERIAL)
  .where('recalls.enterprise_id', '=', ENTERPRISE)
  .orderBy('recalls.issued_on', 'desc')
  .orderBy('recalls.created_at', 'desc')
  .limit(1)
  .compile();

/** The notice the lookup shows for a serial of an enterprise; the NQI record carries the same one (nqi/record.ts). */
export function recallFor(db: Db, enterpriseId: string, serial: string): PublicMeter['recall'] {
  const row = first(db, bind(newestRecall, { [SERIAL]: serial, [ENTERPRISE]: enterpriseId }));
  return row ? { id: row.id, issuedOn: row.issued_on, reason: row.reason, action: row.action } : null;
}

/** The public view of the meter with this (normalised) serial, or undefined when no current record names it. */
export function findPublicMeter(db: Db, serial: string): PublicMeter | undefined {
  const row = first(db, bind(newestCurrentRecord, { [SERIAL]: serial }));
  if (!row) return undefined;
  return {
    ...annex2Of(row),
    integrity: row.integrity,
    recall: recallFor(db, row.enterprise_id, row.serial),
  };
}
