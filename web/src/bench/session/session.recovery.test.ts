/**
 * A session that cannot go on, and goes on (issue 10 items 2 and 4): a bench that stops
 * answering is stopped and the run made again, then the session waits, ready, for the
 * operator — and continues from the open point; a session interrupted by a crash is
 * restored from what its recorder wrote (journal + runs) on a new bench connection and
 * runs only the points still open, counting each stored run as it counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectBench, type Connection } from '../connect.ts';
import { BenchTimeoutError } from '../errors.ts';
import { SessionRecorder, type RecordTarget, type RecordedRun, type RecordedVerdict } from '../recorder/sessionRecorder.ts';
import { journalEntrySchema, sessionContextOf, snapshotOf, type JournalEntry } from '../recorder/journal.ts';
import { createDemoPort } from '../sim/demoPort.ts';
import type { Wmb1SimOptions } from '../sim/wmb1Bench.ts';
import type { RawLine } from '../types.ts';
import type { Wmb1Driver } from '../wmb1/driver.ts';
import type { SessionEvent } from './events.ts';
import { VerificationSession, type SessionPlan } from './session.ts';

const conns: Array<Connection<Wmb1Driver>> = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close().catch(() => undefined);
});

const meter = { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2 as const, deltaL: 0.005, mapMpa: 1.0 };
const plan: SessionPlan = {
  sessionId: 'S1',
  meter,
  points: [
    { point: 'Q3', volumeL: 10 },
    { point: 'Q2', volumeL: 2 },
    { point: 'Q1', volumeL: 1.5 },
  ],
};
const good: Wmb1SimOptions['meterErrors'] = [
  { meanPct: 0.2, sdPct: 0.05 },
  { meanPct: -0.3, sdPct: 0.05 },
];
const ok = [{ key: 'markings', ok: true }];
const link = { commandTimeoutMs: 300, activityTimeoutMs: 500 };

/** What a store would keep: the original record's lines, the runs, the journal, the verdicts. */
class MemoryTarget implements RecordTarget {
  readonly lines: Array<{ seq: number; sessionId: string | null; text: string; direction: string }> = [];
  readonly runs: RecordedRun[] = [];
  readonly journalEntries: JournalEntry[] = [];
  readonly verdicts: RecordedVerdict[] = [];
  appendLine(line: RawLine, sessionId: string | null): Promise<number> {
    const seq = this.lines.length + 1;
    this.lines.push({ seq, sessionId, text: line.text, direction: line.direction });
    return Promise.resolve(seq);
  }
  recordRuns(runs: readonly RecordedRun[]): Promise<void> {
    this.runs.push(...runs);
    return Promise.resolve();
  }
  journal(_sessionId: string, entry: JournalEntry): Promise<void> {
    // What a store gives back is JSON: the entry must survive the trip and the schema.
    this.journalEntries.push(journalEntrySchema.parse(JSON.parse(JSON.stringify(entry))));
    return Promise.resolve();
  }
  recordVerdicts(_sessionId: string, verdicts: readonly RecordedVerdict[]): Promise<void> {
    this.verdicts.push(...verdicts);
    return Promise.resolve();
  }
}

async function bench(target: MemoryTarget, recorder: SessionRecorder, sessionPlan: SessionPlan, sim: Wmb1SimOptions = {}) {
  const port = createDemoPort({ timeScale: 0.0003, fsHz: 2, seed: 5, meterErrors: good, positions: 2, ...sim });
  const conn = await connectBench({ protocol: 'wmb1', port, sink: recorder, connectionId: `c${conns.length + 1}`, ...link });
  conns.push(conn);
  const session = new VerificationSession(conn.driver, sessionPlan);
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  recorder.follow((l) => session.on(l));
  return { port, conn, session, events, target };
}

describe('a session that cannot go on, and goes on', () => {
  it('a bench that stops answering mid-run is stopped and the run made again; after 3 in a row the session waits, ready, and 继续 completes from the open point', async () => {
    const target = new MemoryTarget();
    const recorder = new SessionRecorder(target);
    recorder.startSession('S1');
    const { port, session, events } = await bench(target, recorder, plan);
    await session.identify();
    for (const pos of [1, 2]) {
      await session.mount(pos, `W-${pos}`);
      session.recordChecklist(pos, 'external', ok);
      session.recordChecklist(pos, 'function', ok);
    }
    // The bench falls silent as Q2 is commanded.
    session.on((e) => e.type === 'point-done' && e.point === 'Q3' && port.sim.inject({ kind: 'stop-answering' }));
    await expect(session.runAll()).rejects.toBeInstanceOf(BenchTimeoutError);
    const interrupted = events.flatMap((e) => (e.type === 'run-interrupted' ? [[e.point, e.cause, e.willRepeat]] : []));
    expect(interrupted).toEqual([
      ['Q2', 'timeout', true],
      ['Q2', 'timeout', true],
      ['Q2', 'timeout', false],
    ]);
    expect(session.state).toBe('ready');
    expect(session.openPoints()).toEqual(['Q2', 'Q1']);
    // The bench answers again; 继续检定 runs Q2 and Q1 only.
    port.sim.inject({ kind: 'resume-answering' });
    await session.runAll();
    const starts = events.flatMap((e) => (e.type === 'run-started' ? [e.point] : []));
    expect(starts.filter((p) => p === 'Q3')).toHaveLength(1);
    expect(session.verdicts().map((v) => v.verdict.passed)).toEqual([false, false]); // no tightness test: not passed, but every point decided
    expect(session.verdicts().every((v) => (['Q3', 'Q2', 'Q1'] as const).every((p) => v.verdict.points[p].passed))).toBe(true);
  });

  it('中止 during a run: the bench stops and nothing more is run', async () => {
    const target = new MemoryTarget();
    const recorder = new SessionRecorder(target);
    recorder.startSession('S1');
    const { session, events } = await bench(target, recorder, plan, { timeScale: 0.01 });
    await session.identify();
    await session.mount(1, 'W-1');
    session.on((e) => e.type === 'run-started' && void session.abort());
    await expect(session.runAll()).rejects.toMatchObject({ code: 'aborted' });
    expect(events.filter((e) => e.type === 'run-started')).toHaveLength(1);
    expect(session.state).toBe('aborted');
  });

  it('restored from its journal and runs on a new connection, a session runs only the open points and counts each stored run as it counted', async () => {
    const target = new MemoryTarget();
    const first = new SessionRecorder(target);
    first.startSession('S1');
    // Meter 2 over-reads by 3 %: it fails Q3 and is re-run while meter 1 runs along, not counted.
    const a = await bench(target, first, plan, { meterErrors: [{ meanPct: 0.2, sdPct: 0.05 }, { meanPct: 3, sdPct: 0.05 }] });
    await a.session.identify();
    first.note({ kind: 'plan', batchId: 'B1', meterTypeModel: 'T', points: plan.points });
    for (const pos of [1, 2]) {
      await a.session.mount(pos, `W-${pos}`);
      a.session.recordChecklist(pos, 'external', ok);
      a.session.recordChecklist(pos, 'function', ok);
    }
    await a.session.tightness();
    for (const pos of [1, 2]) a.session.confirmTightness(pos, { leak: false, damage: pos === 2 });
    await a.session.runPoint(plan.points[0]!);
    await first.flush();
    // The browser dies here: only what the recorder wrote survives.
    expect(target.runs.map((r) => [r.serial, r.point])).toEqual([
      ['W-1', 'Q3'],
      ['W-2', 'Q3'],
      ['W-1', 'Q3'],
      ['W-2', 'Q3'],
    ]);
    for (const r of target.runs) {
      const span = target.lines.filter((l) => l.seq >= r.lines.fromSeq && l.seq <= r.lines.toSeq);
      expect(span[0]?.text.startsWith(`RUN id=${r.benchRunId} `)).toBe(true);
      expect(span.at(-1)?.text.startsWith(`RD id=${r.benchRunId} `)).toBe(true);
    }
    const ctx = sessionContextOf(target.journalEntries);
    expect(ctx.plan).toMatchObject({ batchId: 'B1', meterTypeModel: 'T' });
    const snapshot = snapshotOf(meter, target.journalEntries, target.runs);
    expect(snapshot.mounted).toEqual([
      { pos: 1, serial: 'W-1' },
      { pos: 2, serial: 'W-2' },
    ]);
    expect(snapshot.tightness?.outcome.valid).toBe(true);

    const again = new SessionRecorder(target);
    again.startSession('S1', 1);
    const b = await bench(target, again, { ...plan, runIdPrefix: 'S1.2' }, { meterErrors: [{ meanPct: 0.2, sdPct: 0.05 }, { meanPct: 0.1, sdPct: 0.05 }] });
    await b.session.identify();
    await b.session.restore(snapshot);
    // The meters are on the bench again, and Q3 is settled for both: W-1 passed, W-2 failed and was re-run.
    expect([...b.port.sim.meters]).toEqual([
      [1, 'W-1'],
      [2, 'W-2'],
    ]);
    expect(b.session.openPoints()).toEqual(['Q2', 'Q1']);
    expect(b.session.progress().map((p) => p.runs.length)).toEqual([1, 2]);
    await b.session.runAll();
    expect(b.events.flatMap((e) => (e.type === 'run-started' ? [e.runId] : []))).toEqual(['S1.2-Q2-1', 'S1.2-Q1-2']);
    await again.storeVerdicts(b.session.verdicts());
    const byPos = new Map(target.verdicts.map((v) => [v.pos, v]));
    expect(byPos.get(1)?.record.runs.map((r) => r.point)).toEqual(['Q3', 'Q2', 'Q1']);
    expect(byPos.get(2)?.record.runs.map((r) => r.point)).toEqual(['Q3', 'Q3', 'Q2', 'Q1']);
    expect(byPos.get(1)?.verdict.passed).toBe(true);
    // Meter 2: its damage, confirmed before the crash, still decides — and so does its failed Q3.
    expect(byPos.get(2)?.verdict.reasons.map((r) => r.item)).toEqual(expect.arrayContaining(['tightness', 'indication-error']));
  });
});
