/**
 * Flow-test runs, stored one by one as the bench reports each complete, so a crash in the
 * middle of a session loses no finished run (docs/architecture.md invariant: acknowledged
 * means on disk). A run is stored with the raw fields the bench sent, the interpreted
 * `Run` the domain evaluates, and the range of the original record it was read from;
 * runs are never edited — a repeated run is a new run (JJG 162-2019 示值误差; docs/rules.md R-REPEAT).
 */
import { TEST_POINTS } from '../domain/index.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import type { StoredRun } from './recordTypes.ts';

export type RunInput = Omit<StoredRun, 'id' | 'completedAt'> & { completedAt?: string };

export interface RunOptions {
  now?: () => Date;
}

function checked(input: RunInput, now: Date): StoredRun {
  const { fromSeq, toSeq } = input.rawLines;
  if (!input.serial.trim() || !TEST_POINTS.includes(input.point) || input.run.point !== input.point) {
    throw new StorageError('invalid-record', 'a run needs a serial and a test point that matches its interpreted run');
  }
  if (!Number.isInteger(fromSeq) || !Number.isInteger(toSeq) || fromSeq < 1 || toSeq < fromSeq) {
    throw new StorageError('invalid-record', `the run's raw lines must be 1 ≤ fromSeq ≤ toSeq, got ${fromSeq}…${toSeq}`);
  }
  return { ...input, id: crypto.randomUUID(), completedAt: input.completedAt ?? now.toISOString() };
}

export async function recordRun(db: ErjianDb, input: RunInput, options: RunOptions = {}): Promise<StoredRun> {
  const [run] = await recordRuns(db, [input], options);
  return run!;
}

/**
 * The runs of one bench run (every mounted meter's) in one transaction: all are stored or
 * none, and a 40-position bench costs one commit, not 40.
 */
export async function recordRuns(db: ErjianDb, inputs: readonly RunInput[], options: RunOptions = {}): Promise<StoredRun[]> {
  const now = (options.now ?? (() => new Date()))();
  const runs = inputs.map((input) => checked(input, now));
  const sessionIds = [...new Set(runs.map((r) => r.sessionId))];
  try {
    await db.transaction('rw', db.sessions, db.runs, async () => {
      const sessions = await db.sessions.bulkGet(sessionIds);
      sessionIds.forEach((id, i) => {
        const session = sessions[i];
        if (!session) throw new StorageError('unknown-session', `session ${id} is not on this device`);
        if (session.state !== 'running') throw new StorageError('session-not-running', `session ${id} is ${session.state}`);
      });
      await db.runs.bulkAdd(runs);
    });
  } catch (err) {
    throw toStorageError(err);
  }
  return runs;
}

/** A session's runs in the order they completed. */
export async function runsOfSession(db: ErjianDb, sessionId: string): Promise<StoredRun[]> {
  try {
    const runs = await db.runs.where('sessionId').equals(sessionId).toArray();
    return runs.sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0));
  } catch (err) {
    throw toStorageError(err);
  }
}
