/**
 * When the synthetic bench PC's lines and records happen (syntheticDevice.ts), as a real
 * household-meter bench runs a session: the operator mounts and scans the meters (one `LOAD`
 * each), the tightness test holds, then one bench run per flow point for all mounted meters
 * together, Q3 → Q2 → Q1 at the PWA's planned volumes (web/src/domain/runPlan.ts
 * `plannedRuns`: 1.5 × the minimum volume of docs/rules.md R-VOLUME, Q3 at least 100 L),
 * flows inside the profile's bands (R-FLOWBAND). A run lasts what its volume takes at its
 * flow (`RE dur` = Va ÷ flow, the reported mean flow within ±0.4 % of the true one), so
 * the risk detectors `volume-inconsistent` and `rate-implausible` (docs/risk.md) find
 * nothing. DN15 (Q3 2.5 m³/h, δ 0.05 L): 100 L at ~2400 L/h (2.5 min), 15 L at ~42 L/h
 * (21 min), 15 L at ~26 L/h (35 min): about 70 minutes per session of ten meters.
 *
 * `forged` timing is what a PC that makes readings up would sync: 10 L at every point
 * reported as 60 s runs, every line 200 ms after the one before — Va ≠ flow × duration and
 * faster than any bench (for the tests that the detectors fire).
 *
 * Pure: the times are offsets from the session's start, drawn from the caller's PRNG; a
 * device's whole span can be computed without making it (`syntheticSpanMs`).
 */
import { flowPoints, plannedRuns, type RegulationProfile, type TestPoint } from '../../../web/src/domain/index.ts';
import type { MeterType } from '../../../web/src/store/referenceTypes.ts';
// the demo's seeded PRNG (demo data only, never for sampling orders)
import { mulberry32 } from '../../../web/src/ui/demo/demoBatch.ts';

export type SyntheticTiming = 'physical' | 'forged';

/** One bench run's figures and the times (ms) of its lines. */
export interface RunTimes {
  point: TestPoint;
  /** what `RUN` commands: the target flow and volume */
  targetLph: number;
  targetL: number;
  /** what `RE` reports: the mean flow (3 decimals), the duration (0.1 s), Va (4 decimals) */
  lph: number;
  durS: number;
  refL: number;
  runAt: number;
  rsAt: number;
  reAt: number;
  /** one per meter */
  mvAt: number[];
  rdAt: number;
}

export interface SessionTimes {
  startedAt: number;
  helloAt: number;
  idAt: number;
  /** one per meter */
  loadAt: number[];
  runs: RunTimes[];
  /** the verifications' time */
  verifiedAt: number;
  endedAt: number;
  /** when the next session can start: the ten unmounted */
  nextAt: number;
}

const POINTS: readonly TestPoint[] = ['Q3', 'Q2', 'Q1'];
/** where in each band the bench is set, as a factor of the nominal flow (bands: Q1, Q2 1–1.1; Q3 0.9–1) */
const FLOW_FACTOR: Record<TestPoint, number> = { Q3: 0.96, Q2: 1.05, Q1: 1.04 };
/** the forged timing's step between lines (the old synthetic PC) */
const FORGED_STEP_MS = 200;

const r = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;

/**
 * The times of one session of `count` meters starting at `t` (ms). `rnd` is the device's
 * timing PRNG: each physical session draws the same number of values for the same count.
 */
export function planSession(timing: SyntheticTiming, rnd: () => number, t: number, count: number, type: MeterType, profile: RegulationProfile): SessionTimes {
  const fp = flowPoints(type.q3M3h, type.r, profile);
  const nominal: Record<TestPoint, number> = { Q3: fp.q3Lph, Q2: fp.q2Lph, Q1: fp.q1Lph };
  const between = (a: number, b: number): number => a + (b - a) * rnd();
  let now = t;
  // whole milliseconds, as a Date holds them
  const step = (ms: number): number => (now += timing === 'forged' ? FORGED_STEP_MS : Math.round(ms));
  if (timing === 'forged') {
    const startedAt = step(0);
    const helloAt = step(0);
    const idAt = step(0);
    const loadAt = Array.from({ length: count }, () => step(0));
    const runs = POINTS.map((point): RunTimes => {
      const lph = r(nominal[point] * FLOW_FACTOR[point], 3);
      return { point, targetLph: lph, targetL: 10, lph, durS: 60, refL: 10, runAt: step(0), rsAt: step(0), reAt: step(0), mvAt: Array.from({ length: count }, () => step(0)), rdAt: step(0) };
    });
    const verifiedAt = step(0);
    const endedAt = step(0);
    return { startedAt, helloAt, idAt, loadAt, runs, verifiedAt, endedAt, nextAt: endedAt };
  }
  const planned = new Map(plannedRuns(type, profile).map((p) => [p.point, p.volumeL]));
  const startedAt = now;
  const helloAt = step(1000);
  const idAt = step(300);
  // the operator mounts a meter and scans its serial number
  const loadAt = Array.from({ length: count }, () => step(between(15_000, 30_000)));
  // the tightness test (ramp, 60 s hold, release) and flushing the air out before the first run
  step(between(120_000, 180_000));
  const runs = POINTS.map((point, k): RunTimes => {
    const targetLph = r(nominal[point] * FLOW_FACTOR[point], 3);
    const targetL = planned.get(point)!;
    // setting the flow and letting it settle
    const runAt = k === 0 ? now : step(between(20_000, 60_000));
    const rsAt = step(800);
    const flow = nominal[point] * (FLOW_FACTOR[point] + between(-0.02, 0.02));
    const refL = r(targetL * (1 + between(-0.02, 0.02)), 4);
    const durS = r((refL / flow) * 3600, 1);
    const lph = r(flow * (1 + between(-0.004, 0.004)), 3);
    // the bench stops on the volume and sends RE just after
    const reAt = step(durS * 1000 + between(300, 900));
    const mvAt = Array.from({ length: count }, (_, i) => step(i === 0 ? 200 : 100));
    const rdAt = step(100);
    return { point, targetLph, targetL, lph, durS, refL, runAt, rsAt, reAt, mvAt, rdAt };
  });
  // the PC evaluates, the operator confirms the checklists
  const verifiedAt = step(between(2_000, 5_000));
  const endedAt = step(1_000);
  // unmounting the ten and starting the next session
  const nextAt = endedAt + Math.round(between(60_000, 180_000));
  return { startedAt, helloAt, idAt, loadAt, runs, verifiedAt, endedAt, nextAt };
}

/** The device's enrolment is dated this long before its first session starts. */
export const enrolmentLeadMs = (timing: SyntheticTiming): number => (timing === 'forged' ? 0 : 60_000);

export interface SpanOptions {
  meters: number;
  meterType: MeterType;
  positions: number;
  profile: RegulationProfile;
  timing: SyntheticTiming;
  seed: number;
}

/**
 * From a device's `start` (its enrolment) to its last record (the last session's end), in
 * ms: the same draws as the device makes, without the signing.
 */
export function syntheticSpanMs(o: SpanOptions): number {
  const rnd = mulberry32(timingSeed(o.seed));
  let t = enrolmentLeadMs(o.timing);
  let end = 0;
  for (let left = o.meters; left > 0; left -= o.positions) {
    const s = planSession(o.timing, rnd, t, Math.min(o.positions, left), o.meterType, o.profile);
    end = s.endedAt;
    t = s.nextAt;
  }
  return end;
}

/** The timing PRNG's seed, apart from the errors' (so the errors are the same whatever the timing). */
export const timingSeed = (seed: number): number => (seed ^ 0x5bd1e995) >>> 0;
