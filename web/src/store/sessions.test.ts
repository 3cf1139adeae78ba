import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAt } from '../../../test/bench/storeFixtures.ts';
import { auditTrail } from './audit.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { recordRun, recordRuns, runsOfSession, type RunInput } from './runs.ts';
import { endSession, markInterruptedSessions, markSessionInterrupted, startSession } from './sessions.ts';

let db: ErjianDb;
let deviceId: string;
let n = 0;
const benchId = { id: 'BENCH-7', vendor: 'X', model: 'WMB-40', protocol: 'WMB/1' };
// Sessions are signed by this PC's device (docs/records.md "Sessions").
const start = () => startSession(db, { deviceId, bench: benchId, operator: 'op-1' });

beforeEach(async () => {
  db = new ErjianDb(`sessions-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  deviceId = (await getOrCreateDevice(db)).deviceId;
});
afterEach(async () => {
  await db.delete();
});

function runInput(sessionId: string, seq: number, interrupted = false): RunInput {
  return {
    sessionId,
    serial: 'M0001',
    position: 1,
    point: 'Q3',
    raw: { vi: '10.040', w: '9.986', t: '20.1', ok: true },
    run: runAt('Q3', 0.4),
    rawLines: { deviceId: 'dev-1', fromSeq: seq, toSeq: seq + 3 },
    interrupted,
  };
}

describe('sessions', () => {
  it('start, end; each transition audited', async () => {
    const s = await start();
    expect(s).toMatchObject({ state: 'running', endedAt: null, bench: benchId, operator: 'op-1' });
    const ended = await endSession(db, s.id, 'op-1');
    expect(ended.state).toBe('ended');
    expect(ended.endedAt).not.toBeNull();
    expect((await auditTrail(db, s.id)).map((a) => a.action)).toEqual(['session.started', 'session.ended']);
    await expect(endSession(db, s.id, 'op-1')).rejects.toMatchObject({ code: 'session-not-running' });
    await expect(endSession(db, 'nope', 'op-1')).rejects.toMatchObject({ code: 'unknown-session' });
  });

  it("keeps the regulator's decisions the operator acknowledged in the session's audit entry", async () => {
    const notice = { code: 'model-blocked' as const, model: 'LXS-15E', since: '2026-12-03', reference: '泰市监量〔2026〕12号' };
    const s = await startSession(db, { deviceId, bench: benchId, operator: 'op-1', acknowledgedNotices: [notice] });
    const [started] = await auditTrail(db, s.id);
    expect(started).toMatchObject({ action: 'session.started', actor: 'op-1', details: { bench: 'BENCH-7', acknowledgedNotices: [notice] } });
    // without notices the entry stays as it was
    const plain = await start();
    expect((await auditTrail(db, plain.id))[0]?.details).toEqual({ bench: 'BENCH-7' });
  });

  it('an interrupted session keeps its reason and takes no more runs', async () => {
    const s = await start();
    await recordRun(db, runInput(s.id, 1));
    const cut = await markSessionInterrupted(db, s.id, 'op-1', 'bench unplugged');
    expect(cut).toMatchObject({ state: 'interrupted', interruption: 'bench unplugged' });
    await expect(recordRun(db, runInput(s.id, 5))).rejects.toMatchObject({ code: 'session-not-running' });
    expect(await runsOfSession(db, s.id)).toHaveLength(1);
  });

  it('the runs of one bench run are stored together or not at all', async () => {
    const s = await start();
    const stored = await recordRuns(db, [1, 2, 3].map((pos) => ({ ...runInput(s.id, 1), position: pos, serial: `M000${pos}`, benchRunId: 'R7' })));
    expect(stored.map((r) => [r.position, r.benchRunId])).toEqual([[1, 'R7'], [2, 'R7'], [3, 'R7']]);
    const ended = await start();
    await endSession(db, ended.id, 'op-1');
    // One run names a session that no longer runs: none of the three is stored.
    await expect(recordRuns(db, [runInput(s.id, 9), runInput(ended.id, 9), runInput(s.id, 9)])).rejects.toMatchObject({ code: 'session-not-running' });
    await expect(recordRuns(db, [runInput(s.id, 9), { ...runInput(s.id, 9), serial: ' ' }])).rejects.toMatchObject({ code: 'invalid-record' });
    expect(await runsOfSession(db, s.id)).toHaveLength(3);
  });

  it('at start-up marks sessions left running by a crash as interrupted, but not one another tab still runs', async () => {
    const crashed = await start();
    const alive = await start();
    const done = await start();
    await endSession(db, done.id, 'op-1');
    const marked = await markInterruptedSessions(db, { isAlive: (id) => Promise.resolve(id === alive.id) });
    expect(marked).toEqual([crashed.id]);
    expect((await db.sessions.get(crashed.id))?.state).toBe('interrupted');
    expect((await db.sessions.get(alive.id))?.state).toBe('running');
    expect((await db.sessions.get(done.id))?.state).toBe('ended');
    expect((await auditTrail(db, crashed.id)).at(-1)).toMatchObject({ actor: 'system', action: 'session.interrupted' });
    // Without navigator.locks (Node) nothing counts as alive.
    expect(await markInterruptedSessions(db)).toEqual([alive.id]);
  });
});

describe('runs', () => {
  it('are stored as they complete, with raw fields, the interpreted run and their raw-line range', async () => {
    const s = await start();
    const a = await recordRun(db, runInput(s.id, 1), { now: () => new Date('2026-11-27T08:00:00Z') });
    const b = await recordRun(db, runInput(s.id, 5, true), { now: () => new Date('2026-11-27T08:01:00Z') });
    expect(await runsOfSession(db, s.id)).toEqual([a, b]);
    expect(b).toMatchObject({ interrupted: true, rawLines: { fromSeq: 5, toSeq: 8 }, raw: { vi: '10.040' } });
  });

  it('refuse a run that does not say which point it is, or has no raw lines', async () => {
    const s = await start();
    await expect(recordRun(db, { ...runInput(s.id, 1), point: 'Q1' })).rejects.toMatchObject({ code: 'invalid-record' });
    await expect(recordRun(db, { ...runInput(s.id, 1), rawLines: { deviceId: 'dev-1', fromSeq: 0, toSeq: 0 } })).rejects.toMatchObject({
      code: 'invalid-record',
    });
    await expect(recordRun(db, runInput('nope', 1))).rejects.toMatchObject({ code: 'unknown-session' });
  });
});
