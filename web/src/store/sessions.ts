/**
 * Verification sessions: started, ended, or interrupted. A crash (tab closed, power cut)
 * leaves a session `running` in the database; at start-up `markInterruptedSessions`
 * marks such sessions `interrupted`, so no record is ever added to a session nobody is
 * running and the operator sees which meters must be tested again. Every transition has
 * its audit entry in the same transaction (docs/rules.md R-RECORD).
 *
 * Another tab may be running a session right now: a live session holds the Web Lock
 * `sessionLockName(id)` for as long as it runs, and start-up leaves locked sessions alone.
 */
import { auditEntry } from './audit.ts';
import { lineHead, sealHead } from './checkpoints.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import type { SessionStandingNotice } from '../domain/index.ts';
import type { BenchIdentity, SessionRecord } from './recordTypes.ts';
import { nextStatementId } from './sessionProgress.ts';
import { sessionStatementId, signingDevice, writeSessionEvent } from './sessionStatements.ts';

export interface SessionOptions {
  now?: () => Date;
}

export interface StartSessionInput {
  deviceId: string;
  bench: BenchIdentity;
  operator: string;
  /**
   * the regulator's decisions the operator was shown and acknowledged before starting (a
   * blocked model, a stopped enterprise; docs/penalties.md "At the bench"): kept in the
   * session's audit entry, so the record shows who started knowing what
   */
  acknowledgedNotices?: readonly SessionStandingNotice[];
}

/** The Web Lock a tab holds while it runs the session (navigator.locks.request(name, …)). */
export function sessionLockName(sessionId: string): string {
  return `erjian-session:${sessionId}`;
}

export async function startSession(db: ErjianDb, input: StartSessionInput, options: SessionOptions = {}): Promise<SessionRecord> {
  if (!input.operator.trim() || !input.bench.id.trim()) throw new StorageError('invalid-record', 'a session needs an operator and a bench id');
  const now = (options.now ?? (() => new Date()))();
  const session: SessionRecord = {
    id: crypto.randomUUID(),
    deviceId: input.deviceId,
    bench: input.bench,
    operator: input.operator,
    startedAt: now.toISOString(),
    endedAt: null,
    state: 'running',
    interruption: null,
  };
  try {
    // Signed and chained with its bench identity (docs/records.md "Sessions").
    const device = await signingDevice(db, input.deviceId);
    await writeSessionEvent(db, device, {
      statement: async () => ({ id: sessionStatementId(session.id, 'started'), event: 'started', sessionId: session.id, at: session.startedAt, actor: input.operator, bench: input.bench, reason: null, head: null }),
      row: async () => {
        await db.sessions.add(session);
        return session;
      },
      audit: () =>
        auditEntry(now, input.operator, 'session.started', session.id, {
          bench: input.bench.id,
          ...(input.acknowledgedNotices === undefined || input.acknowledgedNotices.length === 0 ? {} : { acknowledgedNotices: input.acknowledgedNotices.map((n) => ({ ...n })) }),
        }),
    });
  } catch (err) {
    throw toStorageError(err);
  }
  return session;
}

async function finish(
  db: ErjianDb,
  sessionId: string,
  state: 'ended' | 'interrupted',
  actor: string,
  reason: string | null,
  now: Date,
): Promise<SessionRecord> {
  try {
    // The end is signed with the raw-line head it ended at, then that head gets its
    // checkpoint — however the session ended (docs/records.md "Checkpoints").
    const device = await signingDevice(db);
    const running = await db.sessions.get(sessionId);
    const head = running ? await lineHead(db, running.deviceId) : null;
    const done = await writeSessionEvent(db, device, {
      statement: async () => {
        const session = await db.sessions.get(sessionId);
        if (!session) throw new StorageError('unknown-session', `session ${sessionId} is not on this device`);
        if (session.state !== 'running') throw new StorageError('session-not-running', `session ${sessionId} is already ${session.state}`);
        // A resumed session can be interrupted (or end) again: the statement then has its own id.
        return { id: await nextStatementId(db, sessionId, state), event: state, sessionId, at: now.toISOString(), actor, bench: null, reason, head };
      },
      row: async () => {
        const session = (await db.sessions.get(sessionId))!;
        const done: SessionRecord = { ...session, state, endedAt: now.toISOString(), interruption: reason };
        await db.sessions.put(done);
        return done;
      },
      audit: () => auditEntry(now, actor, `session.${state}`, sessionId, reason === null ? undefined : { reason }),
    });
    await sealHead(db, device, 'session-end', { now: () => now, sessionId }).catch((err: unknown) => {
      // The end is on disk; a head someone already "signed" with another hash is not replaced — the integrity check names it.
      if (!(err instanceof StorageError && err.code === 'checkpoint-conflict')) throw err;
    });
    return done;
  } catch (err) {
    throw toStorageError(err);
  }
}

/** The operator ends the session normally. */
export function endSession(db: ErjianDb, sessionId: string, actor: string, options: SessionOptions = {}): Promise<SessionRecord> {
  return finish(db, sessionId, 'ended', actor, null, (options.now ?? (() => new Date()))());
}

/** The session cannot go on (bench lost, operator aborted): its meters must be tested again. */
export function markSessionInterrupted(
  db: ErjianDb,
  sessionId: string,
  actor: string,
  reason: string,
  options: SessionOptions = {},
): Promise<SessionRecord> {
  return finish(db, sessionId, 'interrupted', actor, reason, (options.now ?? (() => new Date()))());
}

export interface StartupOptions extends SessionOptions {
  /** whether a tab still runs the session; by default, whether its Web Lock is held */
  isAlive?: (sessionId: string) => Promise<boolean>;
}

async function heldLocks(): Promise<Set<string>> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return new Set();
  const { held = [] } = await locks.query();
  return new Set(held.flatMap((l) => (l.name === undefined ? [] : [l.name])));
}

/** At start-up: every session left `running` by a crash becomes `interrupted`; returns their ids. */
export async function markInterruptedSessions(db: ErjianDb, options: StartupOptions = {}): Promise<string[]> {
  let running: SessionRecord[];
  try {
    running = await db.sessions.where('state').equals('running').toArray();
  } catch (err) {
    throw toStorageError(err);
  }
  let isAlive = options.isAlive;
  if (!isAlive) {
    const held = await heldLocks();
    isAlive = (id) => Promise.resolve(held.has(sessionLockName(id)));
  }
  const marked: string[] = [];
  for (const s of running) {
    if (await isAlive(s.id)) continue;
    try {
      await markSessionInterrupted(db, s.id, 'system', 'left running at start-up (crash or power loss)', options);
      marked.push(s.id);
    } catch (err) {
      // Another tab marked it in the meantime: that is the outcome we wanted.
      if (!(err instanceof StorageError && err.code === 'session-not-running')) throw err;
    }
  }
  return marked;
}
