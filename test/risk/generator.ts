/**
 * Clean and forged bench data for the risk detectors (docs/risk.md "Measured rates"). One
 * scenario is one bench PC's few days: 24 sessions of 10 meters (DN15, Q3 2.5 m³/h, R100,
 * class 2, δ 0.05 L), Q3 → Q2 → Q1 at the planned volumes (web/src/domain/runPlan.ts), flows
 * inside the profile's bands, durations from volume and flow, the device's lines pushed
 * to the server now and then (sometimes a day late: offline). A forged scenario is a clean
 * one with one forgery put in. Everything comes from a seeded PRNG (the demo's mulberry32):
 * a seed gives the same scenario every time.
 *
 * Meter errors: per batch and point a small population bias (SD 0.02 × MPE: a stable line), per meter an
 * error of SD 0.4 % (Q3), 0.5 % (Q2), 1.2 % (Q1); per run the bench's reference error
 * (SD 0.03 %) shared by the meters of the run, each meter's repeatability (SD 0.05 %), Vi
 * read to 0.001 L.
 */
import { defaultProfile, flowPoints, minimumVolumeL, plannedRuns, type Meter, type TestPoint } from '../../web/src/domain/index.ts';
import type { RawRef, RiskBenchRun, RiskDataset, RiskDevice, RiskKind, RiskLine, RiskMeterResult, RiskSession } from '../../web/src/domain/risk/index.ts';
// the demo's seeded PRNG (test data only)
import { mulberry32 } from '../../web/src/ui/demo/demoBatch.ts';

export type ForgeryKind =
  | 'batch-bias'
  | 'drift'
  | 'copied-errors'
  | 'low-spread'
  | 'volume-inconsistent'
  | 'clock-jump'
  | 'back-dated'
  | 'chain-restart'
  | 'rate-implausible';

/** The default mix: every kind equally often. */
export const FORGERY_KINDS: readonly ForgeryKind[] = ['batch-bias', 'drift', 'copied-errors', 'low-spread', 'volume-inconsistent', 'clock-jump', 'back-dated', 'chain-restart', 'rate-implausible'];

/** The findings that count as detecting a forgery kind. */
export const DETECTED_BY: Record<ForgeryKind, readonly RiskKind[]> = {
  'batch-bias': ['batch-bias'],
  drift: ['drift-ewma', 'drift-cusum'],
  'copied-errors': ['copied-errors'],
  'low-spread': ['low-spread'],
  'volume-inconsistent': ['volume-inconsistent'],
  'clock-jump': ['clock-jump'],
  'back-dated': ['back-dated'],
  'chain-restart': ['chain-restart'],
  'rate-implausible': ['rate-implausible'],
};

export interface Scenario {
  data: RiskDataset;
  forgery: ForgeryKind | null;
  /** a text a finding's key must contain to be about the forgery (a session, batch, device …) */
  mark: string | null;
}

export const METER: Meter = { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.05, mapMpa: 1.6 };
const POINTS: readonly TestPoint[] = ['Q3', 'Q2', 'Q1'];
const MPE: Record<TestPoint, number> = { Q3: 2, Q2: 2, Q1: 5 };
const METER_SD: Record<TestPoint, number> = { Q3: 0.4, Q2: 0.5, Q1: 1.2 };
const SESSIONS = 24;
const POSITIONS = 10;
const BATCH_SIZE = 120;
const BENCH = 'B-TA-01';
const T0 = Date.parse('2026-03-02T00:30:00Z'); // 08:30 in Tai'an

function normal(rnd: () => number): () => number {
  return () => {
    const u = Math.max(rnd(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
}

const iso = (t: number): string => new Date(Math.round(t)).toISOString();

interface LineDraft {
  sessionId: string | null;
  t: number;
  /** the bench run's id, for refs */
  mark?: 'run-start' | 'run-end' | 'mv';
}

interface SessionDraft {
  sessionId: string;
  deviceId: string;
  lines: LineDraft[];
  runs: Array<Omit<RiskBenchRun, 'ref' | 'meters' | 'startedAt' | 'endedAt'> & { meters: Array<Omit<RiskMeterResult, 'ref'>>; lineFrom: number; lineRs: number; lineRe: number; lineMv: number; lineTo: number }>;
}

/** One scenario; `forgery` null for a clean one. */
export function generateScenario(seed: number, forgery: ForgeryKind | null): Scenario {
  const rnd = mulberry32(seed);
  const z = normal(rnd);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (a: number, b: number): number => a + (b - a) * rnd();
  const fp = flowPoints(METER.q3M3h, METER.r, defaultProfile);
  const bands = defaultProfile.flowBands.value;
  const nominal: Record<TestPoint, number> = { Q3: fp.q3Lph, Q2: fp.q2Lph, Q1: fp.q1Lph };
  const volume = Object.fromEntries(plannedRuns(METER, defaultProfile).map((p) => [p.point, p.volumeL])) as Record<TestPoint, number>;
  const minVol = minimumVolumeL(METER.accuracyClass, METER.deltaL, defaultProfile);

  const batches = Math.ceil((SESSIONS * POSITIONS) / BATCH_SIZE);
  const popBias = Array.from({ length: batches }, () => Object.fromEntries(POINTS.map((p) => [p, z() * 0.02 * MPE[p]])) as Record<TestPoint, number>);
  let mark: string | null = null;

  // Forgeries decided up front, so the clean part draws the same numbers either way.
  const forgedSession = 6 + Math.floor(rnd() * (SESSIONS - 8));
  if (forgery === 'batch-bias') {
    const b = Math.floor(rnd() * batches);
    const p = pick(POINTS);
    popBias[b]![p] = (rnd() < 0.5 ? -1 : 1) * between(0.5, 0.8) * MPE[p];
    mark = `batch-bias:BATCH-${b + 1}:${p}`;
  }
  const driftFrom = 12 + Math.floor(rnd() * 5);
  const driftPerSession = (rnd() < 0.5 ? -1 : 1) * between(0.08, 0.16);
  if (forgery === 'drift') mark = `:${BENCH}:`;

  // A legitimate PC replacement in some clean scenarios (named predecessor), a forged one without.
  const replaceAt = forgery === 'chain-restart' || rnd() < 0.25 ? 8 + Math.floor(rnd() * 10) : -1;
  const parallel = forgery === 'chain-restart' && rnd() < 0.5;
  const devices: RiskDevice[] = [{ deviceId: 'PC-1', predecessor: null }];
  if (replaceAt >= 0) devices.push({ deviceId: 'PC-2', predecessor: forgery === 'chain-restart' ? null : 'PC-1' });
  if (forgery === 'chain-restart') mark = `bench:${BENCH}:PC-2`;

  const drafts: SessionDraft[] = [];
  let t = T0;
  let meterNo = 0;
  for (let s = 0; s < SESSIONS; s++) {
    // 8 sessions a day, a night between days
    if (s > 0 && s % 8 === 0) t = T0 + (s / 8) * 86_400_000 + between(0, 1_800_000);
    const onSecond = replaceAt >= 0 && s >= replaceAt && (!parallel || s % 2 === 1);
    const deviceId = onSecond ? 'PC-2' : 'PC-1';
    const sessionId = `${deviceId}-S${s + 1}`;
    const d: SessionDraft = { sessionId, deviceId, lines: [], runs: [] };
    const line = (dt: number, m?: LineDraft['mark']): number => {
      t += dt;
      d.lines.push({ sessionId, t, ...(m ? { mark: m } : {}) });
      return d.lines.length - 1;
    };
    line(1000); // HELLO
    line(300); // ID
    const serials: string[] = [];
    const batchOf: string[] = [];
    const truth: Array<Record<TestPoint, number>> = [];
    for (let i = 0; i < POSITIONS; i++) {
      meterNo++;
      serials.push(`TA${String(seed % 1000).padStart(3, '0')}${String(meterNo).padStart(5, '0')}`);
      const b = Math.floor((meterNo - 1) / BATCH_SIZE);
      batchOf.push(`BATCH-${b + 1}`);
      truth.push(Object.fromEntries(POINTS.map((p) => [p, popBias[b]![p] + z() * METER_SD[p]])) as Record<TestPoint, number>);
      line(between(15_000, 40_000)); // LOAD: the operator mounts a meter
    }
    const flat = forgery === 'low-spread' && s === forgedSession ? between(-0.3, 0.3) : null;
    for (const point of POINTS) {
      const lineFrom = line(between(20_000, 60_000)); // RUN
      const lineRs = line(800, 'run-start');
      const [lo, hi] = [bands[point].minFactor * nominal[point], bands[point].maxFactor * nominal[point]];
      const flow = between(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo));
      const va = volume[point] * (1 + z() * 0.01);
      const durationS = (va / flow) * 3600 * (1 + z() * 0.005);
      const reportedFlow = Math.round(flow * (1 + z() * 0.004) * 1000) / 1000;
      // a few flow samples, then RE after the run's duration
      for (let k = 1; k <= 3; k++) line((durationS * 1000) / 4);
      const lineRe = line((durationS * 1000) / 4, 'run-end');
      const drift = forgery === 'drift' && s >= driftFrom ? driftPerSession * (s - driftFrom + 1) : 0;
      const benchError = z() * 0.03 + drift;
      const meters = serials.map((serial, i) => {
        const e = flat !== null ? flat + z() * 0.005 : truth[i]![point] + benchError + z() * 0.05;
        const indicatedL = Math.round(va * (1 + e / 100) * 1000) / 1000;
        const errorPct = ((indicatedL - va) / va) * 100;
        return { serial, batchId: batchOf[i]!, indicatedL, errorPct, mpePct: MPE[point] };
      });
      const lineMv = line(200, 'mv');
      for (let i = 1; i < POSITIONS; i++) line(100, 'mv');
      const lineTo = line(100); // RD
      d.runs.push({ deviceId, sessionId, benchId: BENCH, runId: `R${s + 1}-${point}`, point, flowLph: reportedFlow, durationS: Math.round(durationS * 10) / 10, referenceL: Math.round(va * 1000) / 1000, minimumVolumeL: minVol, meters, lineFrom, lineRs, lineRe, lineMv, lineTo });
    }
    drafts.push(d);
    t += between(10 * 60_000, 40 * 60_000); // unmount, mount the next ten
  }

  // Forgeries on one session's data.
  const fs = drafts[forgedSession]!;
  if (forgery === 'copied-errors') {
    const copies = 1 + Math.floor(rnd() * 3);
    const from = Math.floor(rnd() * POSITIONS);
    for (let c = 1; c <= copies; c++) {
      const to = (from + c) % POSITIONS;
      for (const r of fs.runs) {
        r.meters[to] = { ...r.meters[to]!, indicatedL: r.meters[from]!.indicatedL, errorPct: r.meters[from]!.errorPct };
      }
    }
    mark = `:${fs.sessionId}`;
  }
  if (forgery === 'low-spread' || forgery === 'volume-inconsistent' || forgery === 'rate-implausible') mark = `:${fs.sessionId}`;
  if (forgery === 'volume-inconsistent') {
    const r = pick(fs.runs);
    const f = (rnd() < 0.5 ? -1 : 1) * between(0.08, 0.4);
    if (rnd() < 0.5) r.referenceL = Math.round(r.referenceL! * (1 + f) * 1000) / 1000;
    else r.durationS = Math.round(r.durationS! * (1 + f) * 10) / 10;
  }
  if (forgery === 'rate-implausible') {
    // the session's lines were made faster than its runs could have run
    const k = between(0.1, 0.5);
    const base = fs.lines[0]!.t;
    for (const l of fs.lines) l.t = base + (l.t - base) * k;
  }
  if (forgery === 'clock-jump') {
    const from = 2 + Math.floor(rnd() * (fs.lines.length - 4));
    const step = rnd() < 0.5 ? -between(5 * 60_000, 2 * 3_600_000) : between(5 * 3_600_000, 12 * 3_600_000);
    for (const l of fs.lines.slice(from)) l.t += step;
    mark = `:${fs.deviceId}:`;
  }
  if (forgery === 'back-dated') {
    // the last session, made after the others were pushed, dated days back
    const last = drafts.at(-1)!;
    const back = between(1, 5) * 86_400_000;
    for (const l of last.lines) l.t -= back;
    mark = `back-dated:`;
  }

  return { data: assemble(drafts, devices, forgery, rnd), forgery, mark };
}

/** Lines with seqs, chain hashes and server receipt times; runs and sessions with their refs. */
function assemble(drafts: SessionDraft[], devices: RiskDevice[], forgery: ForgeryKind | null, rnd: () => number): RiskDataset {
  const lines: RiskLine[] = [];
  const benchRuns: RiskBenchRun[] = [];
  const sessions: RiskSession[] = [];
  const seqOf = new Map<string, number>();
  // Pushes: after a session, mostly within minutes; sometimes the PC is offline until a later session.
  const pending = new Map<string, RiskLine[]>();
  let lastPush = Number.NEGATIVE_INFINITY;
  for (const [i, d] of drafts.entries()) {
    let seq = seqOf.get(d.deviceId) ?? 0;
    const refOf = (a: number, b: number): RawRef => ({ deviceId: d.deviceId, fromSeq: seq + 1 + a, toSeq: seq + 1 + b });
    for (const r of d.runs) {
      const { lineFrom, lineRs, lineRe, lineMv, lineTo, meters, ...run } = r;
      benchRuns.push({
        ...run,
        startedAt: iso(d.lines[lineRs]!.t),
        endedAt: iso(d.lines[lineRe]!.t),
        meters: meters.map((m, k) => ({ ...m, ref: refOf(lineMv + k, lineMv + k) })),
        ref: refOf(lineFrom, lineTo),
      });
    }
    sessions.push({ deviceId: d.deviceId, sessionId: d.sessionId, benchId: BENCH, positions: POSITIONS, startedAt: iso(d.lines[0]!.t), endedAt: iso(d.lines.at(-1)!.t), ref: refOf(0, d.lines.length - 1) });
    const list = pending.get(d.deviceId) ?? [];
    for (const l of d.lines) {
      seq++;
      const prevHash = seq === 1 ? '0'.repeat(64) : `${d.deviceId}#${seq - 1}`;
      list.push({ deviceId: d.deviceId, seq, sessionId: l.sessionId, receivedAt: iso(l.t), storedAt: '', prevHash, hash: `${d.deviceId}#${seq}` });
    }
    seqOf.set(d.deviceId, seq);
    pending.set(d.deviceId, list);
    const endT = d.lines.at(-1)!.t;
    const offline = rnd() < 0.15 && i < drafts.length - 1;
    const backDated = forgery === 'back-dated' && i === drafts.length - 1;
    if (!offline) {
      // a back-dated session reaches the server after the pushes before it, whatever its lines say
      const at = backDated ? lastPush + 3_600_000 * (1 + rnd()) : Math.max(endT, lastPush) + 1000 + rnd() * 300_000;
      for (const [, ls] of pending) for (const l of ls) lines.push({ ...l, storedAt: iso(at) });
      pending.clear();
      lastPush = at;
    }
  }
  lines.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.seq - b.seq));
  return { devices, sessions, benchRuns, lines };
}
