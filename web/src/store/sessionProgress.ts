/**
 * A session's progress, so that an interrupted session can be shown, resumed or closed
 * (issue 10 item 4; docs/architecture.md invariant "acknowledged means on disk"):
 *
 * - the **journal**: what the operator and the bench recorded outside the flow runs (the
 *   batch and meter type, meters mounted, checklists, the tightness test, leak / damage),
 *   each an audit entry `session.journal` of the session, written as it happens — who did
 *   what when (docs/rules.md R-RECORD). Opaque JSON here; the bench layer reads it
 *   (web/src/bench/recorder/journal.ts);
 * - **resume**: an interrupted session runs again, by a person's decision, with a signed
 *   `resumed` statement — never silently; its runs and journal stay as they were;
 * - **close**: an interrupted session that will not be resumed is closed with a reason,
 *   signed; its meters are verified again in a new session;
 * - the **runs of unfinished verifications** of a meter, for its record page.
 */
import { auditEntry } from './audit.ts';
import type { SessionEvent } from './chainTypes.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import type { SessionRecord, StoredRun } from './recordTypes.ts';
import { sessionStatementId, signingDevice, writeSessionEvent } from './sessionStatements.ts';

export interface ProgressOptions {
  now?: () => Date;
}

const JOURNAL_ACTION = 'session.journal';

/**
 * The id of the session's next statement of `event`: a session interrupted, resumed and
 * interrupted again has `<id>/interrupted` and `<id>/interrupted/2` (chainTypes.ts).
 * Call inside a transaction over `db.statements`.
 */
export async function nextStatementId(db: ErjianDb, sessionId: string, event: SessionEvent): Promise<string> {
  const earlier = await db.statements.where('sessionId').equals(sessionId).filter((s) => 'event' in s && s.event === event).count();
  return sessionStatementId(sessionId, event, earlier + 1);
}

/** Appends one journal entry to a running session. */
export async function appendSessionJournal(db: ErjianDb, sessionId: string, actor: string, entry: Record<string, unknown>, options: ProgressOptions = {}): Promise<void> {
  const now = (options.now ?? (() => new Date()))();
  try {
    await db.transaction('rw', db.sessions, db.audit, async () => {
      const session = await db.sessions.get(sessionId);
      if (!session) throw new StorageError('unknown-session', `session ${sessionId} is not on this device`);
      if (session.state !== 'running') throw new StorageError('session-not-running', `session ${sessionId} is ${session.state}`);
      await db.audit.add(auditEntry(now, actor, JOURNAL_ACTION, sessionId, { entry }));
    });
  } catch (err) {
    throw toStorageError(err);
  }
}

/** A session with everything it stored: its journal entries (oldest first) and runs (in completion order). */
export interface SessionProgress {
  session: SessionRecord;
  journal: unknown[];
  runs: StoredRun[];
  /** the session's first line in the original record, if it has any */
  firstSeq: number | null;
}

/** One session's progress, or null if this PC does not have it. */
export async function sessionProgress(db: ErjianDb, sessionId: string): Promise<SessionProgress | null> {
  try {
    const session = await db.sessions.get(sessionId);
    if (!session) return null;
    const [audit, runs, first] = await Promise.all([
      db.audit.where('target').equals(sessionId).sortBy('id'),
      db.runs.where('sessionId').equals(sessionId).toArray(),
      db.rawLines.where('sessionId').equals(sessionId).first(),
    ]);
    const journal = audit.filter((a) => a.action === JOURNAL_ACTION).map((a) => a.details?.entry);
    runs.sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0));
    return { session, journal, runs, firstSeq: first?.seq ?? null };
  } catch (err) {
    throw toStorageError(err);
  }
}

/** Every interrupted session, newest first, with what it stored. */
export async function interruptedSessions(db: ErjianDb): Promise<SessionProgress[]> {
  let rows: SessionRecord[];
  try {
    rows = await db.sessions.where('state').equals('interrupted').toArray();
  } catch (err) {
    throw toStorageError(err);
  }
  rows.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  const out: SessionProgress[] = [];
  for (const s of rows) {
    const p = await sessionProgress(db, s.id);
    if (p !== null) out.push(p);
  }
  return out;
}

async function transition(
  db: ErjianDb,
  sessionId: string,
  actor: string,
  event: Extract<SessionEvent, 'resumed' | 'closed'>,
  reason: string | null,
  now: Date,
  row: (s: SessionRecord) => SessionRecord,
): Promise<SessionRecord> {
  try {
    const device = await signingDevice(db);
    return await writeSessionEvent(db, device, {
      statement: async () => {
        const session = await db.sessions.get(sessionId);
        if (!session) throw new StorageError('unknown-session', `session ${sessionId} is not on this device`);
        if (session.state !== 'interrupted') throw new StorageError('session-not-interrupted', `session ${sessionId} is ${session.state}, not interrupted`);
        const id = await nextStatementId(db, sessionId, event);
        return { id, event, sessionId, at: now.toISOString(), actor, bench: null, reason, head: null };
      },
      row: async () => {
        const next = row((await db.sessions.get(sessionId))!);
        await db.sessions.put(next);
        return next;
      },
      audit: () => auditEntry(now, actor, `session.${event}`, sessionId, reason === null ? undefined : { reason }),
    });
  } catch (err) {
    throw toStorageError(err);
  }
}

/**
 * The operator continues an interrupted session on the bench: it is running again (runs
 * and journal entries are accepted), with the interruption kept in its statements and audit.
 */
export function resumeSession(db: ErjianDb, sessionId: string, actor: string, options: ProgressOptions = {}): Promise<SessionRecord> {
  const now = (options.now ?? (() => new Date()))();
  return transition(db, sessionId, actor, 'resumed', null, now, (s) => ({ ...s, state: 'running', endedAt: null, interruption: null }));
}

/** An interrupted session that will not be resumed is closed, with the reason; its meters are verified again. */
export function closeSession(db: ErjianDb, sessionId: string, actor: string, reason: string, options: ProgressOptions = {}): Promise<SessionRecord> {
  if (!reason.trim() || !actor.trim()) return Promise.reject(new StorageError('invalid-record', 'closing a session needs who closes it and why'));
  const now = (options.now ?? (() => new Date()))();
  return transition(db, sessionId, actor, 'closed', reason.trim(), now, (s) => ({ ...s, state: 'closed', closure: { reason: reason.trim(), by: actor, at: now.toISOString() } }));
}

/**
 * The runs of a meter that no verification holds yet, by session (the session still
 * running, interrupted or closed without a verdict for it): shown on the meter's page as
 * unfinished, never as a result.
 */
export async function unfinishedRuns(db: ErjianDb, serial: string): Promise<Array<{ session: SessionRecord; runs: StoredRun[] }>> {
  try {
    const [runs, verifications] = await Promise.all([db.runs.where('serial').equals(serial).toArray(), db.verifications.where('serial').equals(serial).toArray()]);
    const verified = new Set(verifications.map((v) => v.sessionId));
    const bySession = new Map<string, StoredRun[]>();
    for (const r of runs) if (!verified.has(r.sessionId)) bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), r]);
    const sessions = await db.sessions.bulkGet([...bySession.keys()]);
    return sessions
      .filter((s): s is SessionRecord => s !== undefined)
      .map((session) => ({ session, runs: bySession.get(session.id)!.sort((a, b) => (a.completedAt < b.completedAt ? -1 : 1)) }))
      .sort((a, b) => (a.session.startedAt < b.session.startedAt ? 1 : -1));
  } catch (err) {
    throw toStorageError(err);
  }
}
