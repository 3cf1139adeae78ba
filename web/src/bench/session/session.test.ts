import { afterEach, describe, expect, it } from 'vitest';
import { connectBench, type Connection } from '../connect.ts';
import { DeviceLostError } from '../errors.ts';
import { createDemoPort } from '../sim/demoPort.ts';
import type { Wmb1SimOptions } from '../sim/wmb1Bench.ts';
import { MemorySink } from '../types.ts';
import type { Wmb1Driver } from '../wmb1/driver.ts';
import type { SessionEvent } from './events.ts';
import { ScanInput } from './scanner.ts';
import { VerificationSession, type SessionPlan } from './session.ts';
import { until } from '../../../../test/support/bounded.ts';

const conns: Array<Connection<Wmb1Driver>> = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
});

const plan: SessionPlan = {
  sessionId: 'S1',
  meter: { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.005, mapMpa: 1.0 },
  points: [
    { point: 'Q3', volumeL: 10 },
    { point: 'Q2', volumeL: 2 },
    { point: 'Q1', volumeL: 1.5 },
  ],
};

const goodMeters: Wmb1SimOptions['meterErrors'] = [
  { meanPct: 0.2, sdPct: 0.05 },
  { meanPct: -0.3, sdPct: 0.05 },
  { meanPct: 4, sdPct: 0.05 },
];

async function setup(sim: Wmb1SimOptions = {}) {
  const port = createDemoPort({ timeScale: 0.0003, fsHz: 2, seed: 11, meterErrors: goodMeters, ...sim });
  const sink = new MemorySink();
  const conn = await connectBench({ protocol: 'wmb1', port, sink, connectionId: 'c1', activityTimeoutMs: 2000 });
  conns.push(conn);
  const session = new VerificationSession(conn.driver, plan);
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  return { port, sink, conn, session, events };
}

const ok = [{ key: 'marking', ok: true }];

async function prepare(session: VerificationSession, positions = [1, 2, 3]) {
  await session.identify();
  for (const p of positions) await session.mount(p, `WM-${p}`);
  for (const p of positions) {
    session.recordChecklist(p, 'external', ok);
    session.recordChecklist(p, 'function', ok);
  }
}

describe('VerificationSession on the demo bench', () => {
  it('a whole session: scan, checklists, tightness, Q3 → Q2 → Q1, verdicts from the domain', async () => {
    const { session, events } = await setup();
    await session.identify();
    const scanner = new ScanInput((serial) => void session.mount(1, serial));
    for (const key of ['W', 'M', '-', '1', 'Enter']) scanner.key({ key });
    await new Promise((r) => setTimeout(r, 20));
    expect(session.mounted.get(1)).toBe('WM-1');
    for (const p of [2, 3]) await session.mount(p, `WM-${p}`);
    for (const p of [1, 2, 3]) {
      session.recordChecklist(p, 'external', ok);
      session.recordChecklist(p, 'function', ok);
    }
    const t = await session.tightness();
    expect(t.holdS).toBe(60);
    expect(events.filter((e) => e.type === 'pressure').length).toBeGreaterThan(50);
    for (const p of [1, 2, 3]) session.confirmTightness(p, { leak: false, damage: false });
    await session.runAll();
    const verdicts = session.verdicts();
    expect(verdicts.map((v) => [v.serial, v.verdict.passed])).toEqual([
      ['WM-1', true],
      ['WM-2', true],
      ['WM-3', false],
    ]);
    // Position 3 over-reads by 4 %: failed at Q3 and Q2 (upper zone, MPE 2 %), re-run once each, passed Q1 (5 %).
    expect(verdicts[2]?.verdict.reasons.map((r) => `${r.code}@${r.point ?? ''}`)).toEqual(['point-failed@Q3', 'point-failed@Q2']);
    const results = events.flatMap((e) => (e.type === 'run-result' ? [e] : []));
    expect(results.map((r) => r.point)).toEqual(['Q3', 'Q3', 'Q2', 'Q2', 'Q1']);
    const first = results[0]?.positions[0]?.evaluation;
    expect(first?.valid).toBe(true);
    expect(first?.errorPct).toBeGreaterThan(0);
    expect(first?.errorPct).toBeLessThan(0.5);
    // Each result carries the interpreted run (what the bench screen stores); a meter's
    // counted runs, in order, are exactly its record's runs.
    for (const v of verdicts) {
      const counted = results.flatMap((r) => r.positions.filter((p) => p.pos === v.pos && p.counted).map((p) => p.run));
      expect(counted).toEqual(v.record.runs);
    }
    expect(session.state).toBe('done');
  });

  it('an invalid run (flow out of band) is repeated; the invalid run stays in the meter record', async () => {
    const { session, port, events } = await setup({ meterErrors: [{ meanPct: 0, sdPct: 0.05 }] });
    await prepare(session, [1]);
    port.sim.inject({ kind: 'flow-out-of-band', factor: 1.5 });
    await session.runPoint({ point: 'Q1', volumeL: 1.5 });
    const invalid = events.find((e) => e.type === 'run-invalid');
    expect(invalid).toMatchObject({ point: 'Q1', reasons: ['flow-out-of-band'], willRepeat: true });
    expect(events.filter((e) => e.type === 'run-started')).toHaveLength(2);
    const v = session.verdicts()[0]?.verdict;
    expect(v?.runs.map((r) => r.valid)).toEqual([false, true]);
    expect(v?.points.Q1.passed).toBe(true);
  });

  it('a bench ABORT and a missing MV line are repeated', async () => {
    const { session, port, events } = await setup({ meterErrors: [{ meanPct: 0, sdPct: 0.05 }] });
    await prepare(session, [1, 2]);
    port.sim.inject({ kind: 'flow-unstable' });
    await session.runPoint({ point: 'Q2', volumeL: 2 });
    expect(events.find((e) => e.type === 'run-aborted')).toMatchObject({ reason: 'flow-unstable', willRepeat: true });
    port.sim.inject({ kind: 'drop-mv', pos: 2 });
    await session.runPoint({ point: 'Q1', volumeL: 1.5 });
    expect(events.find((e) => e.type === 'run-incomplete')).toMatchObject({ missingPositions: [2], willRepeat: true });
    expect(events.find((e) => e.type === 'run-invalid')).toBeUndefined();
    expect(events.find((e) => e.type === 'fault' && e.code === 'missing-mv')).toBeDefined();
    const q1 = events.flatMap((e) => (e.type === 'run-result' && e.point === 'Q1' ? [e.positions.map((p) => p.counted)] : []));
    // Second Q1 run: position 1 had passed, so only position 2's result counts.
    expect(q1).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('cable pulled mid-run: run interrupted, reconnect offered, resume on a new connection, point repeated', async () => {
    const { session, port, events, sink } = await setup({ timeScale: 0.002, meterErrors: [{ meanPct: 0, sdPct: 0.05 }] });
    await prepare(session, [1]);
    const running = session.runPoint({ point: 'Q3', volumeL: 10 });
    await until<void>('a flow sample of the running Q3 point', 5000, (r) => session.on((e) => e.type === 'flow' && r()));
    const received = sink.lines.length;
    port.unplug();
    await expect(running).rejects.toBeInstanceOf(DeviceLostError);
    expect(events.filter((e) => ['run-interrupted', 'reconnect-offered'].includes(e.type)).map((e) => e.type)).toEqual(['run-interrupted', 'reconnect-offered']);
    expect(session.state).toBe('disconnected');
    expect(sink.lines.length).toBeGreaterThanOrEqual(received);
    port.replug();
    const again = await connectBench({ protocol: 'wmb1', port, sink, connectionId: 'c2' });
    conns.push(again);
    await session.resume(again.driver);
    expect(session.state).toBe('ready');
    await session.runPoint({ point: 'Q3', volumeL: 10 });
    const v = session.verdicts()[0]?.verdict;
    expect(v?.runs).toHaveLength(1);
    expect(v?.points.Q3.passed).toBe(true);
  });

  it('a resume in the middle of a re-run runs only the meters still open at that point', async () => {
    const { session, port, sink } = await setup({ timeScale: 0.05 });
    await prepare(session);
    // First Q3 run: meters 1 and 2 pass, meter 3 (+4 %) fails and is re-run; pull the cable then.
    let starts = 0;
    session.on((e) => {
      if (e.type === 'run-started' && ++starts === 2) port.unplug();
    });
    const running = session.runPoint({ point: 'Q3', volumeL: 10 });
    await expect(running).rejects.toBeInstanceOf(DeviceLostError);
    port.replug();
    const again = await connectBench({ protocol: 'wmb1', port, sink, connectionId: 'c2' });
    conns.push(again);
    await session.resume(again.driver);
    await session.runPoint({ point: 'Q3', volumeL: 10 });
    const byPos = new Map(session.verdicts().map((v) => [v.pos, v]));
    // Meters 1 and 2 keep their single passing run: no irregular second series.
    expect(byPos.get(1)?.record.runs.filter((r) => r.point === 'Q3')).toHaveLength(1);
    expect(byPos.get(2)?.record.runs.filter((r) => r.point === 'Q3')).toHaveLength(1);
    expect(byPos.get(1)?.verdict.points.Q3.passed).toBe(true);
    // Meter 3: its failed run and its re-run after the resume — a failed point, not irregular.
    expect(byPos.get(3)?.record.runs.filter((r) => r.point === 'Q3')).toHaveLength(2);
    expect(byPos.get(3)?.verdict.reasons).toContainEqual({ item: 'indication-error', code: 'point-failed', point: 'Q3' });
  });

  it('refuses a duplicate serial, a position the bench lacks, and a point before identification', async () => {
    const { session } = await setup();
    await expect(session.runPoint({ point: 'Q3', volumeL: 10 })).rejects.toMatchObject({ code: 'no-meters-mounted' });
    await session.identify();
    await session.mount(1, 'A');
    // Each refusal has its own code and the facts of it, for the operator's sentence (ui/i18n/errorText.ts).
    await expect(session.mount(2, 'A')).rejects.toMatchObject({ code: 'serial-already-mounted', params: { serial: 'A', pos: 1 } });
    await expect(session.mount(7, 'B')).rejects.toMatchObject({ code: 'position-unknown', params: { pos: 7, positions: 6 } });
    await expect(session.mount(2, '')).rejects.toMatchObject({ code: 'serial-empty' });
    await expect(session.mount(2, 'X'.repeat(65))).rejects.toMatchObject({ code: 'serial-too-long', params: { max: 64 } });
  });
});
