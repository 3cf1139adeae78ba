/**
 * Each risk detector on small hand-made data: clean passes, forged is flagged with its
 * numbers and raw refs, and the edges of each threshold (docs/risk.md).
 */
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaultProfile.ts';
import type { TestPoint } from '../types.ts';
import {
  RISK_DEFAULTS,
  detectBatchBias,
  detectChainRestart,
  detectClock,
  detectCopiedErrors,
  detectCusum,
  detectEwma,
  detectLowSpread,
  detectRate,
  detectVolumeInconsistency,
  type RiskBenchRun,
  type RiskLine,
  type RiskSession,
} from './index.ts';

const S = RISK_DEFAULTS;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

/** A bench run of `errors.length` meters; seqs from `seq`. */
function benchRun(o: { session: string; run: string; point?: TestPoint; errors: number[]; start?: number; seq?: number; batch?: string; serials?: string[]; flow?: number; dur?: number; refL?: number; bench?: string }): RiskBenchRun {
  const seq = o.seq ?? 1;
  const point = o.point ?? 'Q3';
  const start = o.start ?? 0;
  const dur = o.dur ?? 144;
  return {
    deviceId: 'D1',
    sessionId: o.session,
    benchId: o.bench ?? 'B1',
    runId: o.run,
    point,
    flowLph: o.flow ?? 2500,
    durationS: dur,
    referenceL: o.refL ?? 100,
    minimumVolumeL: 10,
    startedAt: at(start),
    endedAt: at(start + dur),
    meters: o.errors.map((e, i) => ({ serial: o.serials?.[i] ?? `${o.session}-M${i + 1}`, batchId: o.batch ?? 'BATCH-1', indicatedL: 100 * (1 + e / 100), errorPct: e, mpePct: point === 'Q1' ? 5 : 2, ref: { deviceId: 'D1', fromSeq: seq + 2 + i, toSeq: seq + 2 + i } })),
    ref: { deviceId: 'D1', fromSeq: seq, toSeq: seq + 2 + o.errors.length },
  };
}

/** Ten honest-looking errors around `centre` (fixed, spread ≈ 0.45 %). */
const spread10 = (centre: number): number[] => [-0.6, -0.45, -0.3, -0.15, 0, 0.05, 0.2, 0.35, 0.5, 0.7].map((e) => centre + e);

describe('batch bias', () => {
  it('raises an alarm when a batch mean is beyond 0.4 × MPE, with the numbers and the runs', () => {
    const runs = [0, 1, 2].map((k) => benchRun({ session: `S${k}`, run: 'R1', errors: spread10(0.9), start: k * 3600, seq: 1 + k * 20 }));
    const [f, ...rest] = detectBatchBias(runs, defaultProfile, S);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'batch-bias', key: 'batch-bias:BATCH-1:Q3', evidence: { meters: 30, mpePct: 2, sign: 1, alarmRatio: 0.4 } });
    expect(f!.evidence['meanPct']).toBeCloseTo(0.93, 6);
    expect(f!.rawRefs[0]).toEqual({ deviceId: 'D1', fromSeq: 1, toSeq: 13 });
  });
  it('is quiet at 0.4 × MPE exactly and with too few meters', () => {
    const at04 = [0, 1, 2].map((k) => benchRun({ session: `S${k}`, run: 'R1', errors: Array(10).fill(0.8), start: k * 3600 }));
    expect(detectBatchBias(at04, defaultProfile, S)).toEqual([]);
    const few = [benchRun({ session: 'S0', run: 'R1', errors: Array(10).fill(1.5) })];
    expect(detectBatchBias(few, defaultProfile, S)).toEqual([]);
  });
  it('counts a meter once per session and point: a re-run does not count', () => {
    const first = benchRun({ session: 'S0', run: 'R1', errors: spread10(0), serials: Array.from({ length: 10 }, (_, i) => `M${i}`) });
    const rerun = benchRun({ session: 'S0', run: 'R2', errors: Array(10).fill(1.9), start: 600, serials: Array.from({ length: 10 }, (_, i) => `M${i}`) });
    const more = benchRun({ session: 'S1', run: 'R1', errors: spread10(0), start: 3600 });
    expect(detectBatchBias([first, rerun, more], defaultProfile, S)).toEqual([]);
  });
});

describe('drift (EWMA and CUSUM)', () => {
  // 10 baseline runs wobbling around 0, then 10 more: flat or stepping up
  const wobble = [0.05, -0.1, 0.08, -0.02, 0.12, -0.07, 0.03, -0.11, 0.06, -0.04];
  const series = (after: (i: number) => number): RiskBenchRun[] =>
    [...wobble, ...Array.from({ length: 10 }, (_, i) => after(i))].map((c, k) => benchRun({ session: `S${k}`, run: 'R1', errors: spread10(c), start: k * 3600, seq: 1 + 20 * k }));
  it('is quiet on a bench that stays where it was', () => {
    const flat = series((i) => wobble[i]!);
    expect(detectEwma(flat, S)).toEqual([]);
    expect(detectCusum(flat, S)).toEqual([]);
  });
  it('flags a drifting bench, with the chart of the statistic against its limit', () => {
    const drifting = series((i) => 0.1 * (i + 1));
    const [e] = detectEwma(drifting, S);
    const [c] = detectCusum(drifting, S);
    for (const f of [e, c]) {
      expect(f).toBeDefined();
      expect(f!.subject).toBe('bench B1 Q3');
      const chart = f!.evidence['chart'] as Array<{ stat: number; limit: number }>;
      const first = f!.evidence['firstAlarm'] as { stat: number; limit: number; sessionId: string };
      expect(Math.abs(first.stat)).toBeGreaterThan(first.limit);
      expect(chart.length).toBeGreaterThan(2);
      expect(f!.rawRefs[0]!.fromSeq).toBe(1 + 20 * Number(first.sessionId.slice(1)));
    }
    expect(e!.kind).toBe('drift-ewma');
    expect(c!.kind).toBe('drift-cusum');
  });
  it('needs its baseline before it watches', () => {
    expect(detectEwma(series((i) => 3 + i).slice(0, 10), S)).toEqual([]);
  });
});

describe('copied errors', () => {
  it('flags two meters with the same errors at every point', () => {
    const a = benchRun({ session: 'S1', run: 'R1', errors: [0.1234, 0.5, -0.3] });
    const b = benchRun({ session: 'S1', run: 'R2', point: 'Q2', errors: [0.4321, 0.9, 0.2], seq: 10 });
    // meter 3 copies meter 1's readings
    b.meters[2]!.errorPct = 0.4321;
    a.meters[2]!.errorPct = 0.1234;
    const [f, ...rest] = detectCopiedErrors([a, b], S);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'copied-errors', key: 'copied-errors:D1:S1', evidence: { meters: 2, groups: [{ serials: ['S1-M1', 'S1-M3'], errorsPct: { Q3: 0.1234, Q2: 0.4321 } }] } });
    // the span of the copied readings' MV lines
    expect(f!.rawRefs).toEqual([{ deviceId: 'D1', fromSeq: 3, toSeq: 14 }]);
  });
  it('leaves meters that differ in the 4th decimal, and single points', () => {
    const a = benchRun({ session: 'S1', run: 'R1', errors: [0.1234, 0.12341] });
    const b = benchRun({ session: 'S1', run: 'R2', point: 'Q2', errors: [0.5, 0.5001], seq: 10 });
    expect(detectCopiedErrors([a, b], S)).toEqual([]);
    expect(detectCopiedErrors([benchRun({ session: 'S1', run: 'R1', errors: [0.2, 0.2] })], S)).toEqual([]);
  });
});

describe('low spread', () => {
  it('flags a session whose errors hardly differ, and passes an honest one', () => {
    const flat = (['Q3', 'Q2', 'Q1'] as const).map((p, k) => benchRun({ session: 'S1', run: `R${k}`, point: p, errors: Array.from({ length: 10 }, (_, i) => 0.2 + (i % 2) * 0.01), seq: 1 + 20 * k }));
    const [f] = detectLowSpread(flat, S);
    expect(f).toMatchObject({ kind: 'low-spread', key: 'low-spread:D1:S1' });
    expect(f!.evidence['spreadRatio'] as number).toBeLessThan(0.05);
    const honest = (['Q3', 'Q2'] as const).map((p, k) => benchRun({ session: 'S2', run: `R${k}`, point: p, errors: spread10(0) }));
    expect(detectLowSpread(honest, S)).toEqual([]);
  });
  it('does not judge fewer than 5 meters', () => {
    expect(detectLowSpread([benchRun({ session: 'S1', run: 'R1', errors: [0.1, 0.1, 0.1, 0.1] })], S)).toEqual([]);
  });
});

describe('Va against flow × duration', () => {
  it('flags a volume 10 % off and passes one 4 % off', () => {
    // 2500 L/h × 144 s = 100 L
    const off = benchRun({ session: 'S1', run: 'R1', errors: [0], refL: 110 });
    const near = benchRun({ session: 'S2', run: 'R1', errors: [0], refL: 104 });
    const found = detectVolumeInconsistency([off, near], S);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'volume-inconsistent', subject: 'session S1', evidence: { worstPct: 10 } });
    expect((found[0]!.evidence['runs'] as Array<{ expectedL: number }>)[0]!.expectedL).toBe(100);
  });
});

describe('clock', () => {
  const line = (seq: number, s: number, stored: number, session: string | null = 'S1'): RiskLine => ({ deviceId: 'D1', seq, sessionId: session, receivedAt: at(s), storedAt: at(stored), prevHash: `h${seq - 1}`, hash: `h${seq}` });
  it('passes lines in time order pushed later (offline)', () => {
    expect(detectClock([line(1, 0, 86_400), line(2, 1, 86_400), line(3, 4000, 86_400)], S)).toEqual([]);
  });
  it('flags a clock going back, a leap within a session, a line dated after the server stored it', () => {
    const kinds = (ls: RiskLine[]) => detectClock(ls, S).map((f) => `${f.kind}/${f.evidence['check']}`);
    expect(kinds([line(1, 100, 200), line(2, 90, 200)])).toEqual(['clock-jump/backwards']);
    expect(kinds([line(1, 100, 200), line(2, 99, 200)])).toEqual([]);
    expect(kinds([line(1, 0, 99_000), line(2, 5 * 3600, 99_000)])).toEqual(['clock-jump/jump']);
    expect(kinds([line(1, 0, 99_000), line(2, 5 * 3600, 99_000, 'S2')])).toEqual([]);
    expect(kinds([line(1, 1000, 100)])).toEqual(['clock-jump/ahead']);
  });
  it('flags a line dated before an earlier push was stored', () => {
    const found = detectClock([line(1, 0, 100), line(2, 50_000, 50_100, 'S2'), line(3, 50_001, 50_100, 'S2'), line(4, 60, 90_000, 'S3')], S);
    expect(found.map((f) => f.kind)).toContain('back-dated');
    const f = found.find((x) => x.kind === 'back-dated')!;
    expect(f.rawRefs).toEqual([{ deviceId: 'D1', fromSeq: 4, toSeq: 4 }]);
    expect(f.evidence['comparedWith']).toBe(at(50_100));
  });
  it('passes a backlog synced page after page, seconds apart: the later pages hold older lines', () => {
    // three days of sessions, pushed in three pages 2 s apart a week later
    const page = 7 * 86_400;
    expect(detectClock([line(1, 0, page, 'S1'), line(2, 86_400, page + 2, 'S2'), line(3, 2 * 86_400, page + 4, 'S3')], S)).toEqual([]);
    // … but a line pushed an hour after that sync, dated days before it, was made later and dated back
    const found = detectClock([line(1, 0, page, 'S1'), line(2, 86_400, page + 2, 'S2'), line(3, 2 * 86_400, page + 3600, 'S3')], S);
    expect(found.map((f) => `${f.kind}:${f.evidence['seq']}`)).toEqual(['back-dated:3']);
  });
});

describe('chain restart', () => {
  const sess = (deviceId: string, id: string, s: number): RiskSession => ({ deviceId, sessionId: id, benchId: 'B1', positions: 10, startedAt: at(s), endedAt: at(s + 3000), ref: { deviceId, fromSeq: 1, toSeq: 50 } });
  it('passes a replaced PC that names its predecessor', () => {
    expect(detectChainRestart([{ deviceId: 'D1', predecessor: null }, { deviceId: 'D2', predecessor: 'D1' }], [sess('D1', 'a', 0), sess('D2', 'b', 10_000)], [], S)).toEqual([]);
  });
  it('flags a second chain for the bench without a predecessor, or in parallel', () => {
    const [f] = detectChainRestart([{ deviceId: 'D1', predecessor: null }, { deviceId: 'D2', predecessor: null }], [sess('D1', 'a', 0), sess('D2', 'b', 10_000)], [], S);
    expect(f).toMatchObject({ kind: 'chain-restart', key: 'chain-restart:bench:B1:D2', evidence: { parallel: false, earlierDevice: 'D1' } });
    const [g] = detectChainRestart([{ deviceId: 'D1', predecessor: null }, { deviceId: 'D2', predecessor: 'D1' }], [sess('D1', 'a', 0), sess('D2', 'b', 10_000), sess('D1', 'c', 20_000)], [], S);
    expect(g).toMatchObject({ evidence: { parallel: true } });
  });
  it('flags lines that start again from genesis', () => {
    const g = '0'.repeat(64);
    const lines: RiskLine[] = [
      { deviceId: 'D1', seq: 1, sessionId: null, receivedAt: at(0), storedAt: at(1), prevHash: g, hash: 'a' },
      { deviceId: 'D1', seq: 2, sessionId: null, receivedAt: at(1), storedAt: at(1), prevHash: 'a', hash: 'b' },
      { deviceId: 'D1', seq: 1, sessionId: null, receivedAt: at(2), storedAt: at(3), prevHash: g, hash: 'c' },
    ];
    const found = detectChainRestart([], [], lines, S);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toMatchObject({ previousSeq: 2, seq: 1, genesis: true });
  });
});

describe('rate', () => {
  it('passes a session as long as its runs need', () => {
    // 10 L at 25 L/h needs 1440 s; the run took 2160 s
    const ok = benchRun({ session: 'S1', run: 'R1', point: 'Q1', errors: [0, 0.1], flow: 25, dur: 2160, refL: 15 });
    expect(detectRate([ok], [], S)).toEqual([]);
  });
  it('flags a run whose lines are closer than its duration, and a session faster than physics', () => {
    const fast = benchRun({ session: 'S1', run: 'R1', point: 'Q1', errors: [0, 0.1], flow: 25, dur: 2160, refL: 15 });
    fast.endedAt = at(600);
    const [f] = detectRate([fast], [], S);
    expect(f).toMatchObject({ kind: 'rate-implausible', evidence: { neededS: 1440, elapsedS: 600, meters: 2 } });
    expect(f!.evidence['shortRuns']).toEqual([{ runId: 'R1', point: 'Q1', durationS: 2160, linesApartS: 600 }]);
  });
  it('flags two sessions on one bench at the same time', () => {
    const a = benchRun({ session: 'S1', run: 'R1', errors: [0], start: 0 });
    const b = benchRun({ session: 'S2', run: 'R1', errors: [0], start: 100, seq: 30 });
    const found = detectRate([a, b], [], S);
    expect(found.map((f) => f.key)).toEqual(['rate-implausible:overlap:B1:S1:S2']);
  });
});
