/**
 * One verification session on a multi-position bench (domain.md §3; bench-protocol.md §1):
 * identify the bench, mount meters by serial number, the external / function checklists,
 * the tightness test, then the flow runs at Q3, Q2 and Q1. An invalid run (flow out of
 * band, too small a volume, temperature; or a bench ABORT) is repeated; a failed point is
 * re-run as often as the profile allows; a run cut by a lost cable or a silent bench is
 * marked interrupted and never evaluated (what was received is in the raw record), and
 * the session can resume on a new connection. Every verdict comes from web/src/domain.
 */
import {
  defaultProfile,
  evaluateRun,
  flowBand,
  flowPoints,
  meterVerdict,
  type Checklist,
  type ChecklistItem,
  type Meter,
  type MeterRecord,
  type MeterVerdict,
  type RegulationProfile,
  type Run,
  type TestPoint,
} from '../../domain/index.ts';
import type { BenchIdentity, DriverEvent } from '../driver.ts';
import { BenchError, BenchTimeoutError, DeviceLostError } from '../errors.ts';
import type { Wmb1Message } from '../wmb1/messages.ts';
import type { PositionResult, SessionEvent, SessionListener, SessionState } from './events.ts';
import { runOf, type FlowBench, type RunEnd } from './flowBench.ts';
import { checkSerial } from './scanner.ts';

export interface PlannedPoint {
  point: TestPoint;
  /** target reference volume (L) */
  volumeL: number;
  /** target flow (L/h); default: the middle of the point's allowed band */
  lph?: number;
}

export interface SessionPlan {
  sessionId: string;
  /** the meter type under test (nameplate values) */
  meter: Meter;
  /** in the order they are run; usually Q3, Q2, Q1 */
  points: PlannedPoint[];
  /** test pressure (kPa) and hold (s); default: the profile's factor × MAP and hold time */
  tightness?: { kpa?: number; holdS?: number };
  /** invalid runs of one point before the session gives up on it (default 3) */
  maxInvalidRuns?: number;
}

interface Slot {
  serial: string;
  external?: Checklist;
  functionCheck?: Checklist;
  tightness?: { leak: boolean; damage: boolean };
  runs: Run[];
}

type RunOutcome = { kind: 'done'; re: RunEnd; mv: Map<number, number> } | { kind: 'aborted'; reason: string } | { kind: 'interrupted'; cause: 'device-lost' | 'timeout' };

export class VerificationSession {
  state: SessionState = 'new';
  identity: BenchIdentity | null = null;
  readonly profile: RegulationProfile;
  private readonly slots = new Map<number, Slot>();
  private readonly listeners = new Set<SessionListener>();
  private bench: FlowBench;
  private detach: () => void = () => undefined;
  private pressure: { minKpa: number; holdS: number } | null = null;
  private runCounter = 0;
  private activeRun: { runId: string; point: TestPoint } | null = null;
  private readonly completedPoints = new Set<TestPoint>();
  private readonly pointProgress = new Map<TestPoint, { needing: Set<number>; fails: Map<number, number> }>();

  constructor(
    bench: FlowBench,
    readonly plan: SessionPlan,
    options: { profile?: RegulationProfile } = {},
  ) {
    this.profile = options.profile ?? defaultProfile;
    this.bench = bench;
    this.attach(bench);
  }

  on(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: SessionEvent): void {
    for (const l of this.listeners) l(e);
  }

  private setState(state: SessionState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit({ type: 'state', state });
  }

  private attach(bench: FlowBench): void {
    this.detach = bench.on((e: DriverEvent<Wmb1Message>) => {
      if (e.type === 'fault') this.emit({ type: 'fault', code: e.code, detail: e.detail, count: e.count });
      else if (e.type === 'device-lost') {
        if (this.activeRun !== null) this.emit({ type: 'run-interrupted', ...this.activeRun, cause: 'device-lost' });
        this.activeRun = null;
        if (this.state !== 'aborted' && this.state !== 'done') {
          this.setState('disconnected');
          this.emit({ type: 'reconnect-offered' });
        }
      }
    });
  }

  private require(ok: boolean, message: string): void {
    if (!ok) throw new BenchError('session-state', message);
  }

  get mounted(): ReadonlyMap<number, string> {
    return new Map([...this.slots].map(([pos, s]) => [pos, s.serial]));
  }

  async identify(): Promise<BenchIdentity> {
    this.identity = await this.bench.identify();
    this.emit({ type: 'bench', identity: this.identity });
    this.setState('ready');
    return this.identity;
  }

  /** The operator mounted a meter (typed or scanned serial number) on a position. */
  async mount(pos: number, serial: string): Promise<void> {
    this.require(this.state === 'ready', 'identify the bench before mounting meters');
    const positions = this.identity?.positions ?? Infinity;
    this.require(Number.isInteger(pos) && pos >= 1 && pos <= positions, `the bench has positions 1–${positions}, not ${pos}`);
    const problem = checkSerial(serial);
    this.require(problem === null, problem ?? '');
    for (const [p, s] of this.slots) this.require(p === pos || s.serial !== serial, `${serial} is already mounted on position ${p}`);
    await this.bench.load(pos, serial);
    this.slots.set(pos, { serial, runs: [] });
    this.emit({ type: 'mounted', pos, serial });
  }

  async unmount(pos: number): Promise<void> {
    this.require(this.state === 'ready', 'meters can be taken off only between tests');
    await this.bench.load(pos, '');
    this.slots.delete(pos);
    this.emit({ type: 'unmounted', pos });
  }

  private slot(pos: number): Slot {
    const s = this.slots.get(pos);
    if (s === undefined) throw new BenchError('session-state', `no meter is mounted on position ${pos}`);
    return s;
  }

  /** 外观 / 功能 checklist of one meter, item by item (domain.md §3.1–3.2). */
  recordChecklist(pos: number, kind: 'external' | 'function', items: ChecklistItem[]): void {
    const s = this.slot(pos);
    if (kind === 'external') s.external = { items };
    else s.functionCheck = { items };
    this.emit({ type: 'checklist', pos, kind, items });
  }

  /** Runs the bench's pressure test; the operator then confirms leak / damage per position. */
  async tightness(): Promise<{ kpa0: number; kpa1: number; holdS: number; minKpa: number }> {
    this.require(this.state === 'ready' && this.slots.size > 0, 'mount the meters before the tightness test');
    const t = this.profile.tightness.value;
    const mapMpa = this.plan.meter.mapMpa;
    const kpa = this.plan.tightness?.kpa ?? (mapMpa === undefined ? NaN : t.pressureFactorOfMap * mapMpa * 1000);
    this.require(Number.isFinite(kpa), 'the meter type has no MAP: give the test pressure in the session plan');
    const holdS = this.plan.tightness?.holdS ?? t.holdSeconds;
    let minKpa = Infinity;
    const wait = this.waitFor<{ kpa0: number; kpa1: number; holdS: number } | Error>((e) => {
      if (e.type === 'device-lost') return e.error;
      if (e.type === 'fault' && e.code === 'timeout') return new BenchTimeoutError('PRESS', 0);
      if (e.type !== 'message') return undefined;
      const m = e.message;
      if (m.verb === 'PT') {
        minKpa = Math.min(minKpa, m.kpa);
        this.emit({ type: 'pressure', tS: m.tS, kpa: m.kpa });
      } else if (m.verb === 'PTEND') return { kpa0: m.kpa0, kpa1: m.kpa1, holdS: m.holdS };
      else if (m.verb === 'ABORT') return new BenchError('aborted', `the bench aborted the pressure test: ${m.reason}`);
      return undefined;
    });
    this.setState('tightness');
    try {
      await this.bench.press(kpa, holdS);
    } catch (e) {
      wait.cancel();
      this.setState(this.state === 'disconnected' ? 'disconnected' : 'ready');
      throw e;
    }
    const r = await wait.promise;
    if (r instanceof Error) {
      if (this.state !== 'disconnected') this.setState('ready');
      throw r;
    }
    minKpa = Math.min(minKpa, r.kpa0, r.kpa1);
    this.pressure = { minKpa, holdS: r.holdS };
    this.emit({ type: 'tightness-done', ...r });
    this.setState('ready');
    return { ...r, minKpa };
  }

  confirmTightness(pos: number, seen: { leak: boolean; damage: boolean }): void {
    this.slot(pos).tightness = seen;
    this.emit({ type: 'tightness-confirmed', pos, ...seen });
  }

  /** Subscribes to bench events until `handle` returns a value. */
  private waitFor<T>(handle: (e: DriverEvent<Wmb1Message>) => T | undefined): { promise: Promise<T>; cancel(): void } {
    let off: () => void = () => undefined;
    const promise = new Promise<T>((resolve) => {
      off = this.bench.on((e) => {
        const r = handle(e);
        if (r !== undefined) {
          off();
          resolve(r);
        }
      });
    });
    return { promise, cancel: () => off() };
  }

  private targetLph(p: PlannedPoint): number {
    if (p.lph !== undefined) return p.lph;
    const band = flowBand(p.point, flowPoints(this.plan.meter.q3M3h, this.plan.meter.r, this.profile), this.profile);
    return (band.minLph + band.maxLph) / 2;
  }

  private async runOnce(point: TestPoint, lph: number, volL: number): Promise<{ runId: string; outcome: RunOutcome }> {
    const runId = `${this.plan.sessionId}-${point}-${++this.runCounter}`;
    let re: RunEnd | null = null;
    const mv = new Map<number, number>();
    const wait = this.waitFor<RunOutcome>((e) => {
      if (e.type === 'device-lost') return { kind: 'interrupted', cause: 'device-lost' };
      if (e.type === 'fault' && e.code === 'timeout') return { kind: 'interrupted', cause: 'timeout' };
      if (e.type !== 'message') return undefined;
      const m = e.message;
      if (!('id' in m) || m.id !== runId) return undefined;
      if (m.verb === 'FS') this.emit({ type: 'flow', runId, tMs: m.tMs, lph: m.lph, waterC: m.waterC });
      else if (m.verb === 'RE') re = m;
      else if (m.verb === 'MV') mv.set(m.pos, m.viL);
      else if (m.verb === 'RD') return re === null ? { kind: 'aborted', reason: 'RD without RE' } : { kind: 'done', re, mv };
      else if (m.verb === 'ABORT') return { kind: 'aborted', reason: m.reason };
      return undefined;
    });
    this.activeRun = { runId, point };
    this.emit({ type: 'run-started', runId, point, lph, volL });
    try {
      await this.bench.run(runId, point, lph, volL);
    } catch (e) {
      wait.cancel();
      this.activeRun = null;
      throw e;
    }
    const outcome = await wait.promise;
    if (outcome.kind === 'interrupted' && outcome.cause === 'timeout') {
      this.emit({ type: 'run-interrupted', runId, point, cause: 'timeout' });
      await this.bench.stop().catch(() => undefined);
    }
    this.activeRun = null;
    return { runId, outcome };
  }

  /**
   * Runs one point until every mounted meter has a deciding run: invalid runs are repeated
   * (up to `maxInvalidRuns`), a meter that failed is re-run as the profile allows, and a
   * meter whose MV line did not come is run again. Rejects on device loss or silence.
   */
  async runPoint(planned: PlannedPoint): Promise<void> {
    this.require(this.state === 'ready' && this.slots.size > 0, 'identify the bench and mount meters before running a point');
    const { point, volumeL } = planned;
    const lph = this.targetLph(planned);
    const maxInvalid = this.plan.maxInvalidRuns ?? 3;
    const rule = this.profile.repeatRule.value;
    const maxReruns = rule.rule === 'rerun-decides' ? rule.maxReruns : 2;
    // Progress survives an interrupted call: after a resume, meters that already settled
    // this point are not run again, and earlier failures still count towards the re-run limit.
    let progress = this.pointProgress.get(point);
    if (!progress) {
      progress = { needing: new Set(this.slots.keys()), fails: new Map() };
      this.pointProgress.set(point, progress);
    }
    const { needing, fails } = progress;
    let invalid = 0;
    this.setState('running');
    try {
      while (needing.size > 0) {
        const { runId, outcome } = await this.runOnce(point, lph, volumeL);
        if (outcome.kind === 'interrupted') {
          throw outcome.cause === 'device-lost' ? new DeviceLostError() : new BenchTimeoutError(`RUN ${runId}`, 0);
        }
        if (outcome.kind === 'aborted') {
          invalid++;
          this.emit({ type: 'run-aborted', runId, point, reason: outcome.reason, willRepeat: invalid < maxInvalid });
          if (invalid >= maxInvalid) break;
          continue;
        }
        const results: PositionResult[] = [];
        let runValid = true;
        const reasons = new Set<string>();
        for (const [pos, slot] of this.slots) {
          const viL = outcome.mv.get(pos);
          const counted = needing.has(pos);
          if (viL === undefined) {
            // No Vi, no run for this meter: it is run again (bench-protocol.md §1, RD n).
            results.push({ pos, serial: slot.serial, counted: false });
            continue;
          }
          const run = runOf(point, outcome.re, viL);
          const evaluation = evaluateRun(this.plan.meter, run, this.profile);
          results.push({ pos, serial: slot.serial, viL, run, evaluation, counted });
          if (!counted) continue;
          slot.runs.push(run);
          if (!evaluation.valid) {
            runValid = false;
            for (const r of evaluation.reasons) if (r !== 'out-of-scope') reasons.add(r);
          } else if (evaluation.pass) {
            needing.delete(pos);
          } else {
            const n = (fails.get(pos) ?? 0) + 1;
            fails.set(pos, n);
            if (n > maxReruns) needing.delete(pos);
          }
        }
        this.emit({ type: 'run-result', runId, point, flowLph: outcome.re.lph, waterC: outcome.re.waterC, positions: results });
        const missing = results.filter((r) => r.viL === undefined && needing.has(r.pos)).map((r) => r.pos);
        if (!runValid || missing.length > 0) {
          invalid++;
          const willRepeat = invalid < maxInvalid;
          if (!runValid) this.emit({ type: 'run-invalid', runId, point, reasons: [...reasons], willRepeat });
          if (missing.length > 0) this.emit({ type: 'run-incomplete', runId, point, missingPositions: missing, willRepeat });
          if (!willRepeat) break;
        }
      }
      this.completedPoints.add(point);
      this.emit({ type: 'point-done', point });
    } finally {
      if (this.state === 'running') this.setState('ready');
    }
  }

  /** Every planned point in order. */
  async runAll(): Promise<void> {
    // After a resume, points already finished are not run again: a second series of runs
    // on a passed point would be an irregular record (domain judgePoint), not a repeat.
    for (const p of this.plan.points) if (!this.completedPoints.has(p.point)) await this.runPoint(p);
  }

  /** Each meter's verdict from the domain, over everything recorded for it. */
  verdicts(): Array<{ pos: number; serial: string; record: MeterRecord; verdict: MeterVerdict }> {
    const out: Array<{ pos: number; serial: string; record: MeterRecord; verdict: MeterVerdict }> = [];
    for (const [pos, s] of [...this.slots].sort((a, b) => a[0] - b[0])) {
      const tightness =
        this.pressure === null || s.tightness === undefined
          ? undefined
          : { testPressureMpa: this.pressure.minKpa / 1000, holdSeconds: this.pressure.holdS, leak: s.tightness.leak, damage: s.tightness.damage };
      // The record goes out with its verdict: the store re-derives the verdict from it
      // before it accepts the verification (architecture.md: derived data recomputes).
      const record: MeterRecord = { meter: this.plan.meter, externalExamination: s.external, functionCheck: s.functionCheck, tightness, runs: [...s.runs] };
      const verdict = meterVerdict(record, this.profile);
      out.push({ pos, serial: s.serial, record, verdict });
      this.emit({ type: 'verdict', pos, serial: s.serial, verdict });
    }
    if (this.state === 'ready') this.setState('done');
    return out;
  }

  /** Stops whatever the bench is doing; the session cannot continue. */
  async abort(): Promise<void> {
    this.setState('aborted');
    await this.bench.stop().catch(() => undefined);
  }

  /**
   * Continues on a new connection after a device loss: same bench (serial number), any
   * activity still running is stopped (the interrupted run is repeated, never stitched:
   * lines sent while the cable was out are gone), and the meters are loaded again.
   */
  async resume(bench: FlowBench): Promise<void> {
    this.require(this.state === 'disconnected', 'resume is for a session whose bench connection was lost');
    this.detach();
    this.bench = bench;
    this.attach(bench);
    const identity = await bench.identify();
    if (this.identity !== null && identity.sn !== this.identity.sn) {
      throw new BenchError('wrong-bench', `this is bench ${identity.sn}, the session ran on ${this.identity.sn} — connect the same bench`);
    }
    this.identity = identity;
    const st = await bench.status();
    if (st.state !== 'idle') await bench.stop();
    for (const [pos, s] of this.slots) await bench.load(pos, s.serial);
    this.setState('ready');
  }
}
