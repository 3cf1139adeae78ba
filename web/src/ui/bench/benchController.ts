/**
 * The Bench screen's controller: what the operator presses, turned into what the bench
 * and the store do, and back into `state`. What the screen shows comes from the pure state
 * machine in benchState.ts (unit-tested); the bench, its session, the recorder, the
 * session row and its lock are one `BenchLink` (./benchLink.ts) with one teardown; how a
 * session is set up is the domain's (`plannedRuns`, `checklistOf`). Nothing here touches
 * the DOM. Which bench is opened, and how, is ./benchSourceOpener.ts (a WMB/1 bench on one
 * port, a PLC bench with its balance on two; the demo's or a real one); in visual reading
 * the bench asks for the operator's readings through `reading` (shown by ./reading-sheet.ts).
 */
import { checklistOf, defaultProfile, isOperatorName, normaliseOperatorName, pilotDate, plannedRuns, type SessionStandingNotice, type SessionStartRefusal } from '../../domain/index.ts';
import {
  BenchError,
  Trace,
  createDemoPort,
  parseJournalEntry,
  requestSerialPort,
  systemClock,
  seedOf,
  sessionContextOf,
  snapshotOf,
  type DemoPort,
  type JournalEntry,
  type RecorderProblem,
  type Clock,
  type SessionEvent,
  type Wmb1BenchSim,
} from '../../bench/index.ts';
import { StorageError, cacheReferenceData, createBatch, meterOfType, resumeSession, sessionProgress, startSession, type MeterType } from '../../store/index.ts';
import { appStore, type AppStore } from '../appStore.ts';
import { setAppStatus } from '../appStatus.ts';
import { shownError } from '../i18n/errorText.ts';
import { connectRefusals } from './benchChecks.ts';
import { BenchLink, type InterruptionReason } from './benchLink.ts';
import { emptyPosition, initialBenchState, reduceBench, restoredPositions, type BenchAction, type BenchState, type Reverification } from './benchState.ts';
import { SessionLock } from './sessionLock.ts';
import type { DemoPlcBench } from '../../bench/sim/demoPlcBench.ts';
import type { ManualReader, ReadingRequest } from '../../bench/orchestrated/types.ts';
import type { ChoosePort, OpenBench } from './benchOpeners.ts';
import { openerFor, type SourceRequest } from './benchSourceOpener.ts';

export type { BenchPhase, BenchState, LiveState, LogEntry, PointResult, PositionState, Reverification } from './benchState.ts';
export type { InterruptionReason } from './benchLink.ts';
export type { BenchSource } from './benchSources.ts';

export interface ConnectRequest extends SourceRequest {
  meterType: MeterType;
  batchId: string;
  operator: string;
  /** the regulator's decisions the operator acknowledged before starting (docs/penalties.md "At the bench") */
  acknowledgedNotices?: readonly SessionStandingNotice[];
}

/** Continue an interrupted session (#/sessions/<id>) on the same bench. */
export interface ResumeRequest extends SourceRequest {
  sessionId: string;
  operator: string;
}

/** What was going on when the cable was pulled: 重新连接并继续 goes on with it (issue 10 item 5). */
type Activity = 'idle' | 'tightness' | 'running';

const alreadyConnected = () => new BenchError('already-connected', 'a bench is already connected: disconnect it first');

export class BenchController extends EventTarget {
  state: BenchState = initialBenchState();
  readonly trace = new Trace();
  private link: BenchLink | null = null;
  private readonly lock = new SessionLock();
  private demoPort: DemoPort<Wmb1BenchSim> | null = null;
  private demoPlcBench: DemoPlcBench | null = null;
  private activity: Activity = 'idle';
  /** the readings the bench waits for (visual reading), while it waits */
  reading: ReadingRequest | null = null;
  /**
   * How a real port is chosen: the screen says which port to pick, then the browser's
   * picker opens (./port-prompt.ts); without a screen, the picker at once.
   */
  choosePort: ChoosePort = () => requestSerialPort();

  /** @param now the clock (an input: the batch's and the records' civil dates come from it) */
  constructor(readonly now: () => Date = () => new Date()) {
    super();
  }

  private dispatch(action: BenchAction): void {
    this.state = reduceBench(this.state, action);
    const p = this.state.phase;
    setAppStatus({ sessionRunning: p === 'ready' || p === 'tightness' || p === 'running' || p === 'lost' || p === 'paused' });
    this.dispatchEvent(new Event('change'));
  }

  private at(): number {
    return this.now().getTime();
  }

  /** The demo bench's device, for faults on demand (demo and tests only). */
  get demo(): Wmb1BenchSim | null {
    return this.demoPort?.sim ?? null;
  }

  get demoPortHandle(): DemoPort<Wmb1BenchSim> | null {
    return this.demoPort;
  }

  /** The demo PLC bench and balance pair, for faults on demand (demo and tests only). */
  get demoPlc(): DemoPlcBench | null {
    return this.demoPlcBench;
  }

  private makeDemoPort(req: { demoSpeed?: number; demoPositions?: number }): DemoPort<Wmb1BenchSim> {
    const speed = req.demoSpeed ?? 200;
    this.demoPort = createDemoPort({ protocol: 'wmb1', positions: req.demoPositions ?? 10, timeScale: 1 / speed, seed: 162 });
    return this.demoPort;
  }

  /** The wall clock the record is stamped with: the controller's own. */
  private get wallClock(): Clock {
    return { ...systemClock, now: () => this.at() };
  }

  /** How the chosen bench is opened (./benchSourceOpener.ts); the demo PLC bench kept for its faults. */
  private opener(req: SourceRequest, operator: string): OpenBench {
    this.demoPort = null;
    this.demoPlcBench?.dispose();
    this.demoPlcBench = null;
    const { open, demoPlc } = openerFor(req, { operator, clock: this.wallClock, reader: this.reader, choosePort: (role) => this.choosePort(role), demoWmb1Port: () => this.makeDemoPort(req) });
    this.demoPlcBench = demoPlc;
    return open;
  }

  /** The bench asks for the operator's readings (visual reading): the screen shows them until `done` or an abort. */
  private readonly reader: ManualReader = (request) => {
    this.reading = request;
    request.signal.addEventListener('abort', () => this.readingOver(request), { once: true });
    this.dispatchEvent(new Event('change'));
  };

  /** The readings of `request` are given (or no longer wanted): the sheet goes. */
  readingOver(request: ReadingRequest): void {
    if (this.reading !== request) return;
    this.reading = null;
    this.dispatchEvent(new Event('change'));
  }

  private readonly onProblem = (p: RecorderProblem): void => {
    const at = this.at();
    if (p.kind === 'run-without-lines') {
      this.dispatch({ type: 'log', entry: { code: 'run-without-lines', point: p.point, runId: p.runId, at, level: 'error' } });
      return;
    }
    this.dispatch({ type: 'log', entry: p.kind === 'runs-not-stored' ? { code: 'runs-not-stored', point: p.point, runId: p.runId, at, level: 'error' } : { code: 'journal-not-stored', at, level: 'error' } });
    this.dispatch({ type: 'error', error: shownError(p.error) });
  };

  private readonly onSessionEvent = (event: SessionEvent): void => this.dispatch({ type: 'session', event, at: this.at() });

  private newLink(store: AppStore, operator: string, batchId: string): BenchLink {
    this.link = new BenchLink(store, operator, batchId, this.lock, this.trace, this.onProblem);
    return this.link;
  }

  /** Connects, or returns why it may not (nothing reaches the bench then; docs/rules.md R-IDENT). */
  async connect(req: ConnectRequest): Promise<SessionStartRefusal[]> {
    if (this.link !== null) {
      this.dispatch({ type: 'error', error: shownError(alreadyConnected()) });
      return [];
    }
    this.dispatch({ type: 'connecting', meterType: req.meterType, batchId: req.batchId });
    try {
      const store = await appStore();
      const refusals = await connectRefusals(store, { operator: req.operator, batchId: req.batchId, meterTypeModel: req.meterType.model });
      if (refusals.length > 0) {
        this.dispatch({ type: 'disconnected' });
        return refusals;
      }
      const operator = normaliseOperatorName(req.operator);
      const link = this.newLink(store, operator, req.batchId);
      const identity = await link.connect(this.opener(req, operator));
      await this.prepareBatch(store, req, operator);
      const stored = await startSession(store.db, {
        deviceId: store.device.deviceId,
        bench: { id: identity.sn, vendor: identity.vendor, model: identity.model, protocol: identity.protocol, method: identity.method, uRelPct: identity.uRelPct },
        operator,
        ...(req.acknowledgedNotices === undefined ? {} : { acknowledgedNotices: req.acknowledgedNotices }),
      });
      await link.claim(stored.id);
      // The demo's meters are drawn from the session: no two sessions repeat each other's errors.
      this.demoPort?.sim.newMeters(seedOf(stored.id));
      const meter = meterOfType(req.meterType);
      const points = plannedRuns(meter, defaultProfile);
      link.recorder.note({ kind: 'plan', batchId: req.batchId, meterTypeModel: req.meterType.model, points });
      link.follow(meter, identity, points, this.onSessionEvent);
      const positions = Array.from({ length: identity.positions ?? 1 }, (_, i) => emptyPosition(i + 1));
      this.dispatch({ type: 'connected', identity, sessionId: stored.id, positions, tightness: null, at: this.at(), resumed: false });
    } catch (err) {
      await this.teardown('connect-failed');
      this.dispatch({ type: 'connect-failed', error: shownError(err), at: this.at() });
    }
    return [];
  }

  /**
   * Continues an interrupted session (a crash, a closed browser, a reload) on the same
   * bench: the meters are loaded again, their checks, tightness and runs come back from the
   * record, and — when every item before the flow test is recorded — the points still open
   * run at once, without a second 开始检定 (issue 10 item 4).
   */
  async resume(req: ResumeRequest): Promise<void> {
    if (this.link !== null) {
      this.dispatch({ type: 'error', error: shownError(alreadyConnected()) });
      return;
    }
    try {
      const store = await appStore();
      const progress = await sessionProgress(store.db, req.sessionId);
      if (progress === null) throw new StorageError('unknown-session', `session ${req.sessionId} is not on this PC`);
      const journal = progress.journal.map(parseJournalEntry).filter((e): e is JournalEntry => e !== null);
      const ctx = sessionContextOf(journal);
      const meterType = ctx.plan === null ? undefined : await store.db.meterTypes.get(ctx.plan.meterTypeModel);
      if (ctx.plan === null || meterType === undefined) throw new BenchError('resume-no-plan', `session ${req.sessionId} has no plan (batch, meter type) in its record: it cannot be resumed, only closed`);
      this.dispatch({ type: 'connecting', meterType, batchId: ctx.plan.batchId });
      const named = normaliseOperatorName(req.operator);
      const link = this.newLink(store, isOperatorName(named) ? named : progress.session.operator, ctx.plan.batchId);
      const identity = await link.connect(this.opener(req, link.operator));
      if (identity.sn !== progress.session.bench.id) {
        throw new BenchError('wrong-bench', `this is bench ${identity.sn}, the session ran on ${progress.session.bench.id} — connect the same bench`);
      }
      await resumeSession(store.db, req.sessionId, link.operator);
      await link.claim(req.sessionId, progress.firstSeq);
      this.demoPort?.sim.newMeters(seedOf(`${req.sessionId}/${ctx.resumes + 1}`));
      link.recorder.note({ kind: 'resumed' });
      for (const [serial, again] of ctx.reverifications) link.reverifications.set(serial, again);
      const meter = meterOfType(meterType);
      // Each resume has run ids of its own, so no run id of the session is given to two runs.
      const session = link.follow(meter, identity, ctx.plan.points, this.onSessionEvent, `${req.sessionId}.${ctx.resumes + 2}`);
      const snapshot = snapshotOf(meter, journal, progress.runs, defaultProfile);
      await session.restore(snapshot);
      const count = identity.positions ?? Math.max(1, ...snapshot.mounted.map((m) => m.pos));
      const positions = restoredPositions(count, session.progress(), meter, defaultProfile).map((p) => ({ ...p, reverification: p.serial === null ? null : (link.reverifications.get(p.serial) ?? null) }));
      this.dispatch({ type: 'connected', identity, sessionId: req.sessionId, positions, tightness: snapshot.tightness?.outcome ?? null, at: this.at(), resumed: true });
      const slots = session.progress();
      const itemsRecorded = slots.length > 0 && slots.every((s) => s.external && s.functionCheck && s.tightness);
      if (itemsRecorded && session.openPoints().length > 0) await this.runAll();
    } catch (err) {
      await this.teardown('connect-failed');
      this.dispatch({ type: 'connect-failed', error: shownError(err), at: this.at() });
    }
  }

  private async prepareBatch(store: AppStore, req: ConnectRequest, operator: string): Promise<void> {
    // Until the server sends reference data, the chosen type is cached from the demo list.
    if (!(await store.db.meterTypes.get(req.meterType.model))) await cacheReferenceData(store.db, { meterTypes: [req.meterType] });
    if (!(await store.db.batches.get(req.batchId))) {
      await createBatch(store.db, { id: req.batchId, meterTypeModel: req.meterType.model, productionDate: pilotDate(this.now(), defaultProfile), createdBy: operator });
    }
  }

  private get session() {
    const s = this.link?.session;
    if (!s) throw new BenchError('not-connected', 'no bench is connected');
    return s;
  }

  /** `serial` as the domain normalised and accepted it (ui/bench/benchChecks.ts checkMount). */
  async mount(pos: number, serial: string, reverification: Reverification | null = null): Promise<void> {
    await this.guard(async () => {
      await this.session.mount(pos, serial);
      const link = this.link!;
      if (reverification !== null) {
        link.reverifications.set(serial, reverification);
        link.recorder.note({ kind: 'reverification', pos, serial, supersedes: reverification.supersedes, reason: reverification.reason });
      } else link.reverifications.delete(serial);
      this.dispatch({ type: 'reverification', pos, reverification });
    });
  }

  /** The operator's external and function examination (外观 / 功能); only what was chosen is recorded, never assumed good. */
  recordChecks(pos: number, ok: { external?: boolean; function?: boolean }): void {
    try {
      if (ok.external !== undefined) this.session.recordChecklist(pos, 'external', checklistOf('external', ok.external));
      if (ok.function !== undefined) this.session.recordChecklist(pos, 'function', checklistOf('function', ok.function));
    } catch (err) {
      this.dispatch({ type: 'error', error: shownError(err) });
    }
  }

  async tightness(): Promise<void> {
    await this.guard(async () => {
      this.activity = 'tightness';
      this.dispatch({ type: 'tightness-started' });
      try {
        await this.session.tightness();
      } finally {
        // Cut by a pulled cable, the test goes on after 重新连接并继续; otherwise it is over.
        if (this.state.phase !== 'lost') this.activity = 'idle';
        this.dispatch({ type: 'tightness-finished' });
      }
    });
  }

  confirmTightness(pos: number, seen: { leak: boolean; damage: boolean }): void {
    try {
      this.session.confirmTightness(pos, seen);
    } catch (err) {
      this.dispatch({ type: 'error', error: shownError(err) });
    }
  }

  /**
   * The points still open, Q3 → Q2 → Q1 (high to low, JJG 162-2019 usual order), then the
   * verdicts, stored, and the session ended. After a pause or a resume it runs only what
   * is still open.
   */
  async runAll(): Promise<void> {
    await this.guard(async () => {
      this.activity = 'running';
      const session = this.session;
      await session.runAll();
      this.activity = 'idle';
      if (session.state !== 'ready' && session.state !== 'done') return;
      const count = await this.link!.complete();
      this.dispatch({ type: 'verdicts-stored', count, at: this.at() });
    });
  }

  /** 继续检定 after a pause: the same as starting, for what is still open. */
  continueRun(): Promise<void> {
    return this.runAll();
  }

  /**
   * After a pulled cable: a new connection to the same bench, the session resumes (the
   * interrupted run is repeated, never stitched — docs/bench-protocols.md), meters reloaded,
   * and what was going on goes on by itself (issue 10 item 5).
   */
  async reconnect(): Promise<void> {
    const cut = this.activity;
    let reconnected = false;
    await this.guard(async () => {
      const link = this.link;
      if (link === null) throw new BenchError('not-connected', 'no bench is connected');
      await link.reconnect();
      this.dispatch({ type: 'reconnected', at: this.at() });
      reconnected = true;
    });
    if (!reconnected) return;
    if (cut === 'running') await this.runAll();
    else if (cut === 'tightness') await this.tightness();
  }

  /** 中止: the bench stops; the session is interrupted in the store and can be resumed or closed later. */
  async abort(): Promise<void> {
    if (this.reading !== null) this.readingOver(this.reading);
    await this.link?.session?.abort();
    this.activity = 'idle';
    await this.link?.finish('aborted-by-operator');
    this.dispatch({ type: 'aborted' });
  }

  /** 断开: the one teardown. A session that ran nothing ends; one with runs is interrupted, to be resumed. */
  async disconnect(): Promise<void> {
    await this.teardown('disconnected-by-operator');
    this.dispatch({ type: 'disconnected' });
  }

  private async teardown(reason: InterruptionReason): Promise<void> {
    const link = this.link;
    this.link = null;
    this.activity = 'idle';
    if (this.reading !== null) this.readingOver(this.reading);
    if (link === null) return;
    try {
      await link.finish(reason);
    } finally {
      await link.close();
    }
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      this.dispatch({ type: 'error', error: null });
      await work();
    } catch (err) {
      const shown = shownError(err);
      // A lost device already has its own banner and reconnect button; 中止 has its phase.
      if (shown.code === 'device-lost' && this.state.phase === 'lost') return;
      if (shown.code === 'aborted' && this.state.phase === 'aborted') return;
      this.dispatch({ type: 'log', entry: { code: 'error', error: shown, at: this.at(), level: 'error' } });
      // The bench stopped answering after the session's own retries: it waits, ready, to continue.
      if (shown.code === 'timeout' && this.link?.session?.state === 'ready' && this.activity === 'running') {
        this.activity = 'idle';
        this.dispatch({ type: 'paused', error: shown, at: this.at() });
        return;
      }
      this.dispatch({ type: 'error', error: shown });
    }
  }
}
