/**
 * The bench screen's state machine (benchState.ts): each transition the operator and the
 * session cause, with no browser, store or clock — every timed action carries its `at`.
 */
import { describe, expect, it } from 'vitest';
import { defaultProfile, type MeterVerdict } from '../../domain/index.ts';
import type { BenchIdentity, SessionEvent } from '../../bench/index.ts';
import type { TightnessOutcome } from '../../bench/session/tightnessRun.ts';
import type { MeterType } from '../../store/index.ts';
import { emptyPosition, initialBenchState, reduceBench, restoredPositions, type BenchAction, type BenchState } from './benchState.ts';

const meterType: MeterType = { model: 'LXS-15E', name: '旋翼式冷水水表', dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.05, mapMpa: 1.0, manufacturer: 'x' };
const identity: BenchIdentity = { protocol: 'wmb1', sn: 'SIM-0001', vendor: 'Demo Bench Works', model: 'WMB-SIM', positions: 3, method: 'weighing', uRelPct: 0.2 };
const at = 1_773_104_400_000; // 2026-03-10 09:00 in Tai'an, as a number: the reducer never reads a clock

const run = (state: BenchState, ...actions: BenchAction[]) => actions.reduce(reduceBench, state);
const session = (event: SessionEvent): BenchAction => ({ type: 'session', event, at });
const connected = (): BenchState =>
  run(
    initialBenchState(),
    { type: 'connecting', meterType, batchId: 'B1' },
    { type: 'connected', identity, sessionId: 'S1', positions: [1, 2, 3].map(emptyPosition), tightness: null, at, resumed: false },
  );

const validTest = (): TightnessOutcome => ({
  valid: true,
  setpointKpa: 1648,
  requiredKpa: 1600,
  trace: [],
  condition: { valid: true, requiredKpa: 1600, reachedAtS: 0, heldS: 60, minKpaInHold: 1647.9, decayKpa: 0.1, leakHint: false, reasons: [] },
  kpa0: 1648,
  kpa1: 1648,
  holdS: 60,
});

describe('reduceBench', () => {
  it('connecting → ready with the bench identified, logged by code', () => {
    const s = connected();
    expect(s.phase).toBe('ready');
    expect(s.sessionId).toBe('S1');
    expect(s.positions.map((p) => p.pos)).toEqual([1, 2, 3]);
    expect(s.log).toEqual([{ code: 'identified', sn: 'SIM-0001', vendor: 'Demo Bench Works', model: 'WMB-SIM', positions: 3, at, level: 'info' }]);
  });

  it('a failed connect goes back to the form with its error, and logs it', () => {
    const error = { code: 'timeout', message: 'no answer' };
    const s = run(initialBenchState(), { type: 'connecting', meterType, batchId: 'B1' }, { type: 'connect-failed', error, at });
    expect(s.phase).toBe('disconnected');
    expect(s.identity).toBeNull();
    expect(s.error).toEqual(error);
    expect(s.log.at(-1)).toMatchObject({ code: 'error', level: 'error' });
  });

  it('mounting, checklists and leak / damage come from the session’s events', () => {
    const s = run(
      connected(),
      session({ type: 'mounted', pos: 2, serial: '24A00102' }),
      session({ type: 'checklist', pos: 2, kind: 'external', items: [{ key: 'markings', ok: true }, { key: 'seals', ok: false }] }),
      session({ type: 'checklist', pos: 2, kind: 'function', items: [{ key: 'register-advances', ok: true }] }),
      session({ type: 'tightness-done', test: validTest(), serials: ['24A00102'] }),
      session({ type: 'tightness-confirmed', pos: 2, leak: false, damage: true }),
    );
    expect(s.positions[1]).toMatchObject({ serial: '24A00102', externalOk: false, functionOk: true, leak: false, damage: true });
    expect(s.tightness?.valid).toBe(true);
    expect(s.log.at(-1)).toMatchObject({ code: 'tightness-valid', requiredKpa: 1600, heldS: 60 });
  });

  it('a new tightness test clears what was confirmed on the last one', () => {
    const s = run(
      connected(),
      session({ type: 'mounted', pos: 1, serial: 'A' }),
      session({ type: 'tightness-done', test: validTest(), serials: ['A'] }),
      session({ type: 'tightness-confirmed', pos: 1, leak: false, damage: false }),
      { type: 'tightness-started' },
    );
    expect(s.phase).toBe('tightness');
    expect(s.tightness).toBeNull();
    const after = run(s, session({ type: 'tightness-invalid', test: { ...validTest(), valid: false } }), { type: 'tightness-finished' });
    expect(after.positions[0]).toMatchObject({ leak: null, damage: null });
    expect(after.phase).toBe('ready');
    expect(after.log.at(-1)).toMatchObject({ code: 'tightness-invalid', level: 'warn' });
  });

  it('a run: running with its live figures, each counted result on its card', () => {
    const s = run(
      connected(),
      session({ type: 'run-started', runId: 'S1-Q3-1', point: 'Q3', lph: 2375, volL: 100 }),
      session({ type: 'flow', runId: 'S1-Q3-1', tMs: 500, lph: 2380, waterC: 20.1 }),
      session({
        type: 'run-result',
        runId: 'S1-Q3-1',
        point: 'Q3',
        flowLph: 2380,
        waterC: 20.1,
        positions: [
          { pos: 1, serial: 'A', counted: true, viL: 100.3, evaluation: { vaL: 100, errorPct: 0.3, mpePct: 2, zone: 'upper', valid: true, pass: true, reasons: [] } },
          { pos: 2, serial: 'B', counted: false, viL: 99, evaluation: { vaL: 100, errorPct: -1, mpePct: 2, zone: 'upper', valid: true, pass: true, reasons: [] } },
        ],
      }),
    );
    expect(s.phase).toBe('running');
    expect(s.live).toMatchObject({ point: 'Q3', targetLph: 2375, lph: 2380, waterC: 20.1, startedAt: at });
    expect(s.positions[0]?.results.Q3).toEqual({ errorPct: 0.3, mpePct: 2, valid: true, pass: true });
    // A run that does not count for the meter (it had settled the point) is not shown as its result.
    expect(s.positions[1]?.results.Q3).toBeUndefined();
  });

  it('a pulled cable: lost, then reconnected → ready; the log keeps both, by code', () => {
    const s = run(
      connected(),
      session({ type: 'run-started', runId: 'S1-Q2-2', point: 'Q2', lph: 42, volL: 15 }),
      session({ type: 'run-interrupted', runId: 'S1-Q2-2', point: 'Q2', cause: 'device-lost', willRepeat: false }),
      session({ type: 'reconnect-offered' }),
    );
    expect(s.phase).toBe('lost');
    expect(s.live.point).toBeNull();
    const back = reduceBench(s, { type: 'reconnected', at });
    expect(back.phase).toBe('ready');
    expect(back.log.map((l) => l.code)).toEqual(['identified', 'run-interrupted', 'connection-lost', 'reconnected']);
  });

  it('the bench not answering after the session’s retries pauses, with the error; continuing runs again', () => {
    const error = { code: 'timeout', message: 'RUN' };
    const s = run(
      connected(),
      session({ type: 'run-started', runId: 'S1-Q2-2', point: 'Q2', lph: 42, volL: 15 }),
      session({ type: 'run-interrupted', runId: 'S1-Q2-2', point: 'Q2', cause: 'timeout', willRepeat: true }),
      { type: 'paused', error, at },
    );
    expect(s.phase).toBe('paused');
    expect(s.error).toEqual(error);
    expect(s.log.at(-2)).toMatchObject({ code: 'run-interrupted', cause: 'timeout', willRepeat: true, level: 'warn' });
    const again = reduceBench(s, session({ type: 'run-started', runId: 'S1-Q2-3', point: 'Q2', lph: 42, volL: 15 }));
    expect(again.phase).toBe('running');
    expect(again.error).toBeNull();
  });

  it('verdicts: shown as the session gives them, stored when written, then done', () => {
    const verdict = { passed: true, reasons: [], points: {}, runs: [] } as unknown as MeterVerdict;
    const s = run(connected(), session({ type: 'mounted', pos: 1, serial: 'A' }), session({ type: 'verdict', pos: 1, serial: 'A', verdict }));
    expect(s.positions[0]).toMatchObject({ verdict, stored: false });
    const done = reduceBench(s, { type: 'verdicts-stored', count: 1, at });
    expect(done.phase).toBe('done');
    expect(done.positions[0]?.stored).toBe(true);
    expect(done.positions[1]?.stored).toBe(false);
  });

  it('中止 and 断开: aborted keeps the screen; disconnected clears it but keeps the log', () => {
    const aborted = reduceBench(connected(), session({ type: 'state', state: 'aborted' }));
    expect(aborted.phase).toBe('aborted');
    const gone = reduceBench(aborted, { type: 'disconnected' });
    expect(gone).toEqual({ ...initialBenchState(), log: aborted.log });
  });

  it('a resumed session: its positions as restored, and the log says it was resumed', () => {
    const meter = { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2 as const, deltaL: 0.05, mapMpa: 1.0 };
    const q3 = { point: 'Q3' as const, flowLph: 2400, waterTempC: 20, indicatedL: 100.4, reference: { method: 'volume' as const, volumeL: 100 } };
    const positions = restoredPositions(3, [{ pos: 2, serial: 'B', external: { items: [{ key: 'markings', ok: true }] }, tightness: { leak: false, damage: false }, runs: [q3] }], meter, defaultProfile);
    expect(positions[0]).toEqual(emptyPosition(1));
    expect(positions[1]).toMatchObject({ serial: 'B', externalOk: true, functionOk: null, leak: false, damage: false });
    expect(positions[1]?.results.Q3?.errorPct).toBeCloseTo(0.4, 9);
    const s = run(initialBenchState(), { type: 'connecting', meterType, batchId: 'B1' }, { type: 'connected', identity, sessionId: 'S1', positions, tightness: null, at, resumed: true });
    expect(s.log.map((l) => l.code)).toEqual(['identified', 'session-resumed']);
    expect(s.log[1]).toMatchObject({ meters: 1 });
  });
});
