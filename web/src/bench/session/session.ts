/**
 * One verification session on a multi-position bench (docs/rules.md R-ITEMS;
 * docs/bench-protocols.md WMB/1): identify the bench, mount meters by serial number, the
 * external / function checklists, the tightness test, then the flow runs at Q3, Q2 and
 * Q1. An invalid run (flow out of band, too small a volume, temperature; or a bench
 * ABORT) is repeated; a failed point is re-run as often as the profile allows; a run cut
 * by a lost cable or a silent bench is marked interrupted and never evaluated (what was
 * received is in the raw record), and the session can resume on a new connection. Every
 * verdict comes from web/src/domain.
 */
import {
  defaultProfile,
  evaluateRun,
  flowBand,
  flowPoints,
  meterVerdict,
  repeatDecision,
  type Checklist,
  type ChecklistItem,
  type Meter,
  type MeterRecord,
  type MeterVerdict,
  type RegulationProfile,
  type Run,
  type TestPoint,
  type TightnessTest,
} from '../../domain/index.ts';
import type { BenchIdentity, DriverEvent } from '../driver.ts';
import { BenchError, BenchTimeoutError, DeviceLostError } from '../errors.ts';
import type { Wmb1Message } from '../wmb1/messages.ts';
import type { PositionResult, SessionEvent, SessionListener, SessionState } from './events.ts';
import { runOf, type FlowBench, type RunEnd } from './flowBench.ts';
import { checkSerial } from './scanner.ts';
import { tightnessOutcome, tightnessSetup, type TightnessOutcome } from './tightnessRun.ts';

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
  /**
   * test pressure commanded (kPa) and hold (s); default: the profile's setpoint (1.6 × MAP
   * plus its margin) and hold time (docs/rules.md R-TIGHT)
   */
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
  /** the last valid tightness test and the meters it was run on (docs/rules.md R-TIGHT) */
  private tightnessTest: { outcome: TightnessOutcome; serials: ReadonlySet<string> } | null = null;
  private runCounter = 0;
  private activeRun: { runId: string; point: TestPoint } | null = null;
  private readonly completedPoints = new Set<TestPoint>();

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

  /** 外观 / 功能 checklist of one meter, item by item (docs/rules.md R-ITEMS). */
  recordChecklist(pos: number, kind: 'external' | 'function', items: ChecklistItem[]): void {
    const s = this.slot(pos);
    if (kind === 'external') s.external = { items };
    else s.functionCheck = { items };
    this.emit({ type: 'checklist', pos, kind, items });
  }

  /**
   * Runs the bench's pressure test at the profile's setpoint. A valid test (the domain's
   * hold window) is then confirmed leak / damage per position; an invalid one fails no
   * meter — it is reported (`tightness-invalid`) and the operator runs it again
   * (docs/rules.md R-TIGHT). Either way a new test replaces the last one.
   */
  async tightness(): Promise<TightnessOutcome> {
    this.require(this.state === 'ready' && this.slots.size > 0, 'mount the meters before the tightness test');
    const setup = tightnessSetup(this.plan.meter, this.plan.tightness, this.profile);
    // What the operator confirmed was seen on the last test; this one starts afresh.
    this.tightnessTest = null;
    for (const s of this.slots.values()) delete s.tightness;
    const trace: TightnessOutcome['trace'] = [];
    const wait = this.waitFor<Extract<Wmb1Message, { verb: 'PTEND' }> | Error>((e) => {
      if (e.type === 'device-lost') return e.error;
      if (e.type === 'fault' && e.code === 'timeout') return new BenchTimeoutError('PRESS', 0);
      if (e.type !== 'message') return undefined;
      const m = e.message;
      if (m.verb === 'PT') {
        trace.push({ tS: m.tS, kpa: m.kpa });
        this.emit({ type: 'pressure', tS: m.tS, kpa: m.kpa });
      } else if (m.verb === 'PTEND') return m;
      else if (m.verb === 'ABORT') return new BenchError('aborted', `the bench aborted the pressure test: ${m.reason}`);
      return undefined;
    });
    this.setState('tightness');
    try {
      await this.bench.press(setup.setpointKpa, setup.holdS);
    } catch (e) {
      wait.cancel();
      this.setState(this.state === 'disconnected' ? 'disconnected' : 'ready');
      throw e;
    }
    const end = await wait.promise;
    if (end instanceof Error) {
      if (this.state !== 'disconnected') this.setState('ready');
      throw end;
    }
    const outcome = tightnessOutcome(setup, trace, end);
    if (outcome.valid) {
      this.tightnessTest = { outcome, serials: new Set([...this.slots.values()].map((s) => s.serial)) };
      this.emit({ type: 'tightness-done', test: outcome });
    } else {
      this.emit({ type: 'tightness-invalid', test: outcome });
    }
    this.setState('ready');
    return outcome;
  }

  /** The operator's leak / damage observation of one meter, on the valid test it was mounted for. */
  confirmTightness(pos: number, seen: { leak: boolean; damage: boolean }): void {
    const s = this.slot(pos);
    const test = this.tightnessTest;
    if (test === null) throw new BenchError('tightness-no-valid-test', 'there is no valid tightness test to confirm: run the tightness test (again)');
    if (!test.serials.has(s.serial)) throw new BenchError('tightness-no-valid-test', `${s.serial} was mounted after the tightness test: run the test again`);
    s.tightness = seen;
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
   * Whether the profile's repeat rule wants another run of this meter at `point`, asked of
   * the domain over the meter's valid runs so far (docs/rules.md R-REPEAT): the same
   * answer the point verdict gives, so the session never makes a run the verdict would
   * call irregular, nor stops before the verdict can be reached.
   */
  private needsRun(slot: Slot, point: TestPoint): boolean {
    const valid = slot.runs.filter((r) => r.point === point).map((r) => evaluateRun(this.plan.meter, r, this.profile)).filter((e) => e.valid);
    return repeatDecision(this.profile.repeatRule.value, valid).runAgain;
  }

  /**
   * Runs one point until the repeat rule wants no more runs of any mounted meter: invalid
   * runs are repeated (up to `maxInvalidRuns`), a meter that failed is re-run as the
   * profile's rule asks, and a meter whose MV line did not come is run again. Rejects on
   * device loss or silence.
   */
  async runPoint(planned: PlannedPoint): Promise<void> {
    this.require(this.state === 'ready' && this.slots.size > 0, 'identify the bench and mount meters before running a point');
    const { point, volumeL } = planned;
    const lph = this.targetLph(planned);
    const maxInvalid = this.plan.maxInvalidRuns ?? 3;
    // Read from the meters' own runs, so progress survives an interrupted call: after a
    // resume, meters that already settled this point are not run again, and earlier
    // failures still count.
    const needing = new Set([...this.slots].filter(([, slot]) => this.needsRun(slot, point)).map(([pos]) => pos));
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
            // No Vi, no run for this meter: it is run again (docs/bench-protocols.md WMB/1, RD n).
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
            for (const r of evaluation.reasons) reasons.add(r);
          } else if (!this.needsRun(slot, point)) {
            needing.delete(pos);
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
      const test = this.tightnessTest?.outcome;
      const tightness: TightnessTest | undefined =
        test === undefined || s.tightness === undefined
          ? undefined
          : { setpointKpa: test.setpointKpa, trace: test.trace, ...(test.gauge ? { gauge: test.gauge } : {}), leak: s.tightness.leak, damage: s.tightness.damage };
      // The record goes out with its verdict: the store re-derives the verdict from it
      // before it accepts the verification (docs/architecture.md: derived data recomputes).
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
