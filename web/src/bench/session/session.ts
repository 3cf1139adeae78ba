/**
 * One verification session on a multi-position bench (docs/rules.md R-ITEMS;
 * docs/bench-protocols.md WMB/1): identify the bench, mount meters by serial number, the
 * external / function checklists, the tightness test, then the flow runs at Q3, Q2 and
 * Q1. An invalid run (flow out of band, too small a volume, temperature; or a bench
 * ABORT) is repeated; a failed point is re-run as often as the profile allows; a run cut
 * by a lost cable or a silent bench is marked interrupted and never evaluated (what was
 * received is in the raw record). A lost answer or a silent bench (a checksum fault, line
 * noise) is a communication failure: the bench is stopped and the run or the pressure
 * test made again, a few times in a row before the session gives up and waits — ready,
 * its finished points kept — for the operator to continue. After a lost cable the
 * session resumes on a new connection; after a crash or a reload it is restored from its
 * record and runs only what is still open. Every verdict comes from web/src/domain.
 */
import {
  countRuns,
  defaultProfile,
  evaluateRun,
  flowBand,
  flowPoints,
  meterVerdict,
  wantsRun,
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
import { BenchError, BenchTimeoutError, DeviceLostError, SessionRefusal, serialRefusal, type ErrorParams, type SessionRefusalCode } from '../errors.ts';
import type { Wmb1Message } from '../wmb1/messages.ts';
import type { PositionResult, SessionEvent, SessionListener, SessionState } from './events.ts';
import { runOf, type FlowBench, type RunEnd } from './flowBench.ts';
import { checkSerial } from './scanner.ts';
import type { SessionSnapshot } from './snapshot.ts';
import { tightnessOutcome, tightnessSetup, type TightnessOutcome, type TightnessSetup } from './tightnessRun.ts';

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
  /**
   * communication failures in a row (an answer lost to a checksum fault, a silent bench)
   * before the session stops retrying and waits for the operator (default 3)
   */
  maxCommFailures?: number;
  /**
   * what the bench's run ids start with (default `sessionId`): a resumed session gets its
   * own, so no run id of the session is ever given to two runs
   */
  runIdPrefix?: string;
}

/** What the operator and the bench recorded for one mounted meter so far. */
export interface SlotProgress {
  pos: number;
  serial: string;
  external?: Checklist;
  functionCheck?: Checklist;
  tightness?: { leak: boolean; damage: boolean };
  /** the runs that count for this meter, in the order they were made */
  runs: readonly Run[];
}

interface Slot {
  serial: string;
  external?: Checklist;
  functionCheck?: Checklist;
  tightness?: { leak: boolean; damage: boolean };
  runs: Run[];
}

type RunOutcome = { kind: 'done'; re: RunEnd; mv: Map<number, number> } | { kind: 'aborted'; reason: string } | { kind: 'interrupted'; cause: 'device-lost' | 'timeout' };

/** A bench that did not answer in time: the command or the activity timed out. */
const isNoAnswer = (e: unknown): boolean => e instanceof BenchError && e.code === 'timeout';

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
        if (this.activeRun !== null) this.emit({ type: 'run-interrupted', ...this.activeRun, cause: 'device-lost', willRepeat: false });
        this.activeRun = null;
        if (this.state !== 'aborted' && this.state !== 'done') {
          this.setState('disconnected');
          this.emit({ type: 'reconnect-offered' });
        }
      }
    });
  }

  /** Refuses a step with its own code and facts: the operator reads the code's sentence (web/src/ui/i18n/errorText.ts). */
  private require(ok: boolean, code: SessionRefusalCode, message: string, params: ErrorParams = {}): void {
    if (!ok) throw new SessionRefusal(code, message, params);
  }

  private requirePosition(pos: number, positions: number): void {
    const known = Number.isFinite(positions) ? positions : '?';
    this.require(Number.isInteger(pos) && pos >= 1 && pos <= positions, 'position-unknown', `the bench has positions 1–${known}, not ${pos}`, { pos, positions: known });
  }

  get mounted(): ReadonlyMap<number, string> {
    return new Map([...this.slots].map(([pos, s]) => [pos, s.serial]));
  }

  async identify(): Promise<BenchIdentity> {
    this.identified(await this.bench.identify());
    return this.identity!;
  }

  /** The connection already asked the bench who it is (HELLO): the session takes that answer. */
  identified(identity: BenchIdentity): void {
    this.identity = identity;
    this.emit({ type: 'bench', identity });
    this.setState('ready');
  }

  /** The operator mounted a meter (typed or scanned serial number) on a position. */
  async mount(pos: number, serial: string): Promise<void> {
    this.require(this.state === 'ready', 'bench-not-identified', 'identify the bench before mounting meters');
    const positions = this.identity?.positions ?? Infinity;
    this.requirePosition(pos, positions);
    const problem = checkSerial(serial);
    if (problem !== null) throw serialRefusal(problem);
    for (const [p, s] of this.slots) if (p !== pos && s.serial === serial) throw serialRefusal({ code: 'already-mounted', serial, pos: p });
    await this.bench.load(pos, serial);
    this.slots.set(pos, { serial, runs: [] });
    this.emit({ type: 'mounted', pos, serial });
  }

  async unmount(pos: number): Promise<void> {
    this.require(this.state === 'ready', 'meters-locked', 'meters can be taken off only between tests');
    await this.bench.load(pos, '');
    this.slots.delete(pos);
    this.emit({ type: 'unmounted', pos });
  }

  private slot(pos: number): Slot {
    const s = this.slots.get(pos);
    if (s === undefined) throw new SessionRefusal('position-empty', `no meter is mounted on position ${pos}`, { pos });
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
    this.require(this.state === 'ready' && this.slots.size > 0, 'no-meters-mounted', 'mount the meters before the tightness test');
    const setup = tightnessSetup(this.plan.meter, this.plan.tightness, this.profile);
    // What the operator confirmed was seen on the last test; this one starts afresh.
    this.tightnessTest = null;
    for (const s of this.slots.values()) delete s.tightness;
    const maxComm = this.plan.maxCommFailures ?? 3;
    for (let failures = 1; ; failures++) {
      const end = await this.pressOnce(setup);
      if (end !== 'no-answer') {
        const outcome = tightnessOutcome(setup, end.trace, end.ptend);
        if (outcome.valid) {
          const serials = [...this.slots.values()].map((s) => s.serial);
          this.tightnessTest = { outcome, serials: new Set(serials) };
          this.emit({ type: 'tightness-done', test: outcome, serials });
        } else {
          this.emit({ type: 'tightness-invalid', test: outcome });
        }
        this.setState('ready');
        return outcome;
      }
      // An answer lost (PRESS's ACK, PTEND) or a silent bench: the bench was stopped; test again.
      const willRepeat = failures < maxComm;
      this.emit({ type: 'tightness-interrupted', cause: 'timeout', willRepeat });
      if (!willRepeat) {
        this.setState('ready');
        throw new BenchTimeoutError('PRESS', 0);
      }
    }
  }

  /** One pressure test: its trace and PTEND, or 'no-answer' (the bench stopped). Rejects on device loss. */
  private async pressOnce(setup: TightnessSetup): Promise<{ trace: TightnessOutcome['trace']; ptend: Extract<Wmb1Message, { verb: 'PTEND' }> } | 'no-answer'> {
    const trace: TightnessOutcome['trace'] = [];
    const wait = this.waitFor<Extract<Wmb1Message, { verb: 'PTEND' }> | Error | 'no-answer'>((e) => {
      if (e.type === 'device-lost') return e.error;
      if (e.type === 'fault' && e.code === 'timeout') return 'no-answer';
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
      if (isNoAnswer(e)) {
        await this.settle();
        return 'no-answer';
      }
      this.setState(this.state === 'disconnected' ? 'disconnected' : 'ready');
      throw e;
    }
    const end = await wait.promise;
    if (end === 'no-answer') {
      await this.settle();
      return 'no-answer';
    }
    if (end instanceof Error) {
      if (this.state !== 'disconnected') this.setState('ready');
      throw end;
    }
    return { trace, ptend: end };
  }

  /**
   * After an answer was lost, the bench may still be running what it was asked: STOP
   * brings it back to idle (it aborts a run with `ABORT … reason=user`), so the next
   * command is not refused as busy. A lost answer to STOP changes nothing.
   */
  private async settle(): Promise<void> {
    await this.bench.stop().catch(() => undefined);
  }

  /** The operator's leak / damage observation of one meter, on the valid test it was mounted for. */
  confirmTightness(pos: number, seen: { leak: boolean; damage: boolean }): void {
    const s = this.slot(pos);
    const test = this.tightnessTest;
    if (test === null) throw new BenchError('tightness-no-valid-test', 'there is no valid tightness test to confirm: run the tightness test (again)');
    if (!test.serials.has(s.serial)) throw new SessionRefusal('tightness-mounted-after', `${s.serial} was mounted after the tightness test: run the test again`, { serial: s.serial });
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

  private bandOf(point: TestPoint): { minLph: number; maxLph: number } {
    const band = flowBand(point, flowPoints(this.plan.meter.q3M3h, this.plan.meter.r, this.profile), this.profile);
    return { minLph: band.minLph, maxLph: band.maxLph };
  }

  private targetLph(p: PlannedPoint): number {
    if (p.lph !== undefined) return p.lph;
    const band = this.bandOf(p.point);
    return (band.minLph + band.maxLph) / 2;
  }

  private async runOnce(point: TestPoint, lph: number, volL: number): Promise<{ runId: string; outcome: RunOutcome }> {
    const runId = `${this.plan.runIdPrefix ?? this.plan.sessionId}-${point}-${++this.runCounter}`;
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
      await this.bench.run(runId, point, lph, volL, this.bandOf(point));
    } catch (e) {
      wait.cancel();
      this.activeRun = null;
      if (!isNoAnswer(e)) throw e;
      // RUN's ACK was lost: the bench may be running it. It is stopped and the run made again.
      await this.settle();
      return { runId, outcome: { kind: 'interrupted', cause: 'timeout' } };
    }
    const outcome = await wait.promise;
    if (outcome.kind === 'interrupted' && outcome.cause === 'timeout') await this.settle();
    this.activeRun = null;
    return { runId, outcome };
  }

  /** Whether the repeat rule wants another run of this meter at `point` (domain `wantsRun`, docs/rules.md R-REPEAT). */
  private needsRun(slot: Slot, point: TestPoint): boolean {
    return wantsRun(this.plan.meter, slot.runs, point, this.profile);
  }

  /**
   * Runs one point until the repeat rule wants no more runs of any mounted meter: invalid
   * runs are repeated (up to `maxInvalidRuns`), a meter that failed is re-run as the
   * profile's rule asks, and a meter whose MV line did not come is run again; a run whose
   * answer was lost is made again. Rejects on device loss, and on `maxCommFailures` lost
   * answers in a row: the session is then ready, and `runAll` goes on from this point.
   */
  async runPoint(planned: PlannedPoint): Promise<void> {
    this.require(this.state === 'ready' && this.slots.size > 0, 'no-meters-mounted', 'identify the bench and mount meters before running a point');
    const { point, volumeL } = planned;
    const lph = this.targetLph(planned);
    const maxInvalid = this.plan.maxInvalidRuns ?? 3;
    // Read from the meters' own runs, so progress survives an interrupted call: after a
    // resume, meters that already settled this point are not run again, and earlier
    // failures still count.
    const needing = new Set([...this.slots].filter(([, slot]) => this.needsRun(slot, point)).map(([pos]) => pos));
    let invalid = 0;
    let commFailures = 0;
    const maxComm = this.plan.maxCommFailures ?? 3;
    this.setState('running');
    try {
      while (needing.size > 0) {
        const { runId, outcome } = await this.runOnce(point, lph, volumeL);
        // 中止: the run the bench aborted for it is not repeated, nor anything after it.
        if (this.state === 'aborted') throw new BenchError('aborted', 'the operator aborted the session');
        if (outcome.kind === 'interrupted') {
          if (outcome.cause === 'device-lost') throw new DeviceLostError();
          // A lost answer or a silent bench is no fault of the meters: the run is made again.
          const willRepeat = ++commFailures < maxComm;
          this.emit({ type: 'run-interrupted', runId, point, cause: 'timeout', willRepeat });
          if (!willRepeat) throw new BenchTimeoutError(`RUN ${runId}`, 0);
          continue;
        }
        commFailures = 0;
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

  /** What is recorded for each mounted meter, by position. */
  progress(): SlotProgress[] {
    return [...this.slots]
      .sort((a, b) => a[0] - b[0])
      .map(([pos, s]) => ({
        pos,
        serial: s.serial,
        ...(s.external ? { external: s.external } : {}),
        ...(s.functionCheck ? { functionCheck: s.functionCheck } : {}),
        ...(s.tightness ? { tightness: s.tightness } : {}),
        runs: [...s.runs],
      }));
  }

  /** The planned points at which some mounted meter still needs a run, in plan order. */
  openPoints(): TestPoint[] {
    return this.plan.points.filter((p) => [...this.slots.values()].some((s) => this.needsRun(s, p.point))).map((p) => p.point);
  }

  /**
   * Continues a session a crash, a closed browser or a reload interrupted, on a new
   * connection (after `identify`): the meters are loaded on the bench again at their
   * positions; their checklists, the valid tightness test and the leak / damage
   * confirmations come back; each meter's stored runs count as they counted when they
   * were made (domain `countRuns`), so `runAll` runs only the points still open.
   */
  async restore(snapshot: SessionSnapshot): Promise<void> {
    this.require(this.state === 'ready' && this.slots.size === 0, 'restore-too-late', 'a session is restored on a new connection, before anything is mounted');
    const positions = this.identity?.positions ?? Infinity;
    for (const { pos, serial } of snapshot.mounted) {
      this.requirePosition(pos, positions);
      await this.bench.load(pos, serial);
      this.slots.set(pos, { serial, runs: [] });
    }
    for (const c of snapshot.checklists) {
      const s = this.slots.get(c.pos);
      if (s === undefined) continue;
      if (c.kind === 'external') s.external = { items: c.items };
      else s.functionCheck = { items: c.items };
    }
    const test = snapshot.tightness;
    if (test !== null) {
      this.tightnessTest = { outcome: test.outcome, serials: new Set(test.serials) };
      for (const c of snapshot.confirmations) {
        const s = this.slots.get(c.pos);
        if (s !== undefined && test.serials.includes(s.serial)) s.tightness = { leak: c.leak, damage: c.damage };
      }
    }
    for (const s of this.slots.values()) {
      const runs = snapshot.runs.filter((r) => r.serial === s.serial).map((r) => r.run);
      s.runs = countRuns(this.plan.meter, runs, this.profile).counted;
    }
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
    this.require(this.state === 'disconnected', 'not-disconnected', 'resume is for a session whose bench connection was lost');
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
