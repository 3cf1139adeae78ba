/**
 * An interrupted session's progress (sessionProgress.ts; issue 10 item 4): its journal and
 * runs read back, the list of interrupted sessions, resume (signed, never silent) and
 * close with a reason, a second interruption after a resume, and the runs of a meter that
 * no verification holds yet.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAt } from '../../../test/bench/storeFixtures.ts';
import { auditTrail } from './audit.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { recordRun, type RunInput } from './runs.ts';
import { appendSessionJournal, closeSession, interruptedSessions, resumeSession, sessionProgress, unfinishedRuns } from './sessionProgress.ts';
import { endSession, markSessionInterrupted, startSession } from './sessions.ts';

let db: ErjianDb;
let deviceId: string;
let n = 0;
const bench = { id: 'BENCH-7', vendor: 'X', model: 'WMB-40', protocol: 'wmb1' };
const start = () => startSession(db, { deviceId, bench, operator: '张工' });
const at = (iso: string) => () => new Date(iso);

beforeEach(async () => {
  db = new ErjianDb(`progress-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  deviceId = (await getOrCreateDevice(db)).deviceId;
});
afterEach(async () => {
  await db.delete();
});

function run(sessionId: string, serial: string, seq: number, completedAt: string): RunInput {
  return { sessionId, serial, position: 1, point: 'Q3', raw: {}, run: runAt('Q3', 0.4), rawLines: { deviceId, fromSeq: seq, toSeq: seq + 3 }, interrupted: false, completedAt };
}

describe('session progress', () => {
  it('a running session’s journal and runs are read back in order; the journal refuses a session that is not running', async () => {
    const s = await start();
    await appendSessionJournal(db, s.id, '张工', { kind: 'plan', batchId: 'B1' }, { now: at('2026-03-10T01:00:00Z') });
    await appendSessionJournal(db, s.id, '张工', { kind: 'mounted', pos: 1, serial: 'M1' }, { now: at('2026-03-10T01:00:01Z') });
    await recordRun(db, run(s.id, 'M1', 11, '2026-03-10T01:02:00Z'));
    await recordRun(db, run(s.id, 'M1', 3, '2026-03-10T01:01:00Z'));
    const p = await sessionProgress(db, s.id);
    expect(p?.journal).toEqual([
      { kind: 'plan', batchId: 'B1' },
      { kind: 'mounted', pos: 1, serial: 'M1' },
    ]);
    expect(p?.runs.map((r) => r.rawLines.fromSeq)).toEqual([3, 11]);
    await endSession(db, s.id, '张工');
    await expect(appendSessionJournal(db, s.id, '张工', { kind: 'unmounted', pos: 1 })).rejects.toMatchObject({ code: 'session-not-running' });
    expect(await sessionProgress(db, 'nope')).toBeNull();
  });

  it('lists interrupted sessions only, newest first', async () => {
    const a = await startSession(db, { deviceId, bench, operator: '张工' }, { now: at('2026-03-10T01:00:00Z') });
    const b = await startSession(db, { deviceId, bench, operator: '张工' }, { now: at('2026-03-10T02:00:00Z') });
    const c = await startSession(db, { deviceId, bench, operator: '张工' }, { now: at('2026-03-10T03:00:00Z') });
    await markSessionInterrupted(db, a.id, 'system', 'crash');
    await markSessionInterrupted(db, b.id, 'system', 'crash');
    await endSession(db, c.id, '张工');
    expect((await interruptedSessions(db)).map((p) => p.session.id)).toEqual([b.id, a.id]);
  });

  it('resume: running again, runs accepted; interrupted again and resumed again, each statement its own', async () => {
    const s = await start();
    await recordRun(db, run(s.id, 'M1', 1, '2026-03-10T01:01:00Z'));
    await markSessionInterrupted(db, s.id, 'system', 'left running at start-up (crash or power loss)');
    const resumed = await resumeSession(db, s.id, '李工');
    expect(resumed).toMatchObject({ state: 'running', endedAt: null, interruption: null });
    await recordRun(db, run(s.id, 'M1', 9, '2026-03-10T01:05:00Z'));
    await markSessionInterrupted(db, s.id, 'system', 'left running at start-up (crash or power loss)');
    await resumeSession(db, s.id, '李工');
    await endSession(db, s.id, '李工');
    expect((await auditTrail(db, s.id)).map((a) => a.action)).toEqual([
      'session.started',
      'session.interrupted',
      'session.resumed',
      'session.interrupted',
      'session.resumed',
      'session.ended',
    ]);
    const statements = await db.statements.where('sessionId').equals(s.id).toArray();
    expect(statements.map((x) => x.id).sort()).toEqual(
      [`${s.id}/started`, `${s.id}/interrupted`, `${s.id}/interrupted/2`, `${s.id}/resumed`, `${s.id}/resumed/2`, `${s.id}/ended`].sort(),
    );
    // Only an interrupted session is resumed.
    await expect(resumeSession(db, s.id, '李工')).rejects.toMatchObject({ code: 'session-not-interrupted' });
  });

  it('close: with who and why; no longer interrupted; a reason is required', async () => {
    const s = await start();
    await markSessionInterrupted(db, s.id, 'system', 'crash');
    await expect(closeSession(db, s.id, '张工', '  ')).rejects.toMatchObject({ code: 'invalid-record' });
    const closed = await closeSession(db, s.id, '张工', '水表已拆下返修', { now: at('2026-03-10T04:00:00Z') });
    expect(closed).toMatchObject({ state: 'closed', closure: { reason: '水表已拆下返修', by: '张工', at: '2026-03-10T04:00:00.000Z' } });
    expect(await interruptedSessions(db)).toEqual([]);
    expect((await auditTrail(db, s.id)).at(-1)).toMatchObject({ action: 'session.closed', details: { reason: '水表已拆下返修' } });
    await expect(resumeSession(db, s.id, '张工')).rejects.toMatchObject({ code: 'session-not-interrupted' });
  });

  it('a meter’s unfinished runs: those of sessions without a verification of it', async () => {
    const s = await start();
    await recordRun(db, run(s.id, 'M1', 1, '2026-03-10T01:01:00Z'));
    await recordRun(db, run(s.id, 'M2', 5, '2026-03-10T01:01:00Z'));
    await markSessionInterrupted(db, s.id, 'system', 'crash');
    const groups = await unfinishedRuns(db, 'M1');
    expect(groups.map((g) => [g.session.id, g.session.state, g.runs.map((r) => r.serial)])).toEqual([[s.id, 'interrupted', ['M1']]]);
    expect(await unfinishedRuns(db, 'M9')).toEqual([]);
  });
});
