/**
 * What the Bench screen does, without the screen: connect (a real serial port or the demo
 * bench), put every received line into the original record before it is interpreted
 * (the driver awaits the sink), run the verification session, and store each meter's
 * verification. The view renders `state` and calls the methods; nothing here touches the DOM.
 */
import { defaultProfile, minimumVolumeL, pilotDate, type ChecklistItem, type MeterVerdict, type TestPoint } from '../../domain/index.ts';
import {
  Trace,
  VerificationSession,
  connectBench,
  createDemoPort,
  requestSerialPort,
  type BenchIdentity,
  type Connection,
  type DemoPort,
  type RawLine,
  type RawRecordSink,
  type SessionEvent,
  type Wmb1BenchSim,
  type Wmb1Driver,
} from '../../bench/index.ts';
import type { TightnessOutcome } from '../../bench/session/tightnessRun.ts';
import { RunLineIndex } from '../../bench/session/runLines.ts';
import {
  cacheReferenceData,
  createBatch,
  endSession,
  markSessionInterrupted,
  meterOfType,
  recordVerification,
  sessionLockName,
  startSession,
  type MeterType,
} from '../../store/index.ts';
import { recordRuns, type RunInput } from '../../store/runs.ts';
import { appStore, type AppStore } from '../appStore.ts';
import { softwareIdentity } from '../softwareIdentity.ts';
import { shownError, type ShownError } from '../i18n/errorText.ts';
import { setAppStatus } from '../appStatus.ts';

export type BenchPhase = 'disconnected' | 'connecting' | 'ready' | 'tightness' | 'running' | 'done' | 'aborted' | 'lost';

export interface PointResult {
  errorPct: number;
  mpePct: number;
  valid: boolean;
  pass: boolean;
}

export interface PositionState {
  pos: number;
  serial: string | null;
  externalOk: boolean | null;
  functionOk: boolean | null;
  leak: boolean | null;
  results: Partial<Record<TestPoint, PointResult>>;
  verdict: MeterVerdict | null;
  stored: boolean;
}

export interface LiveState {
  point: TestPoint | null;
  targetLph: number | null;
  volL: number | null;
  lph: number | null;
  waterC: number | null;
  kpa: number | null;
  startedAt: number | null;
}

export interface BenchState {
  phase: BenchPhase;
  identity: BenchIdentity | null;
  meterType: MeterType | null;
  batchId: string | null;
  positions: PositionState[];
  live: LiveState;
  log: Array<{ at: number; level: 'info' | 'warn' | 'error'; text: string }>;
  faults: Record<string, number>;
  error: ShownError | null;
  /** the last tightness test; leak can be confirmed only on a valid one (docs/rules.md R-TIGHT) */
  tightness: TightnessOutcome | null;
}

export interface ConnectRequest {
  source: 'demo' | 'serial';
  meterType: MeterType;
  batchId: string;
  operator: string;
  /** demo bench only: how many times faster than real time it runs */
  demoSpeed?: number;
  demoPositions?: number;
}

const externalItems = ['markings', 'seals', 'register-legible'] as const;
const functionItems = ['register-advances'] as const;

const emptyLive = (): LiveState => ({ point: null, targetLph: null, volL: null, lph: null, waterC: null, kpa: null, startedAt: null });

/**
 * Keeps each line's original-record sequence so a verification can name the lines it came
 * from, and each bench run's range (RUN … RD) so every stored run names its own.
 */
class RecordingSink implements RawRecordSink {
  sessionId: string | null = null;
  firstSeq: number | null = null;
  lastSeq: number | null = null;
  readonly runLines = new RunLineIndex();
  constructor(private readonly store: AppStore) {}
  async append(line: RawLine): Promise<void> {
    const stored = await this.store.record.append({
      connectionId: line.connectionId,
      sessionId: this.sessionId,
      direction: line.direction,
      text: line.text,
      receivedAt: new Date(line.receivedAtMs).toISOString(),
    });
    if (this.sessionId !== null) {
      this.firstSeq ??= stored.seq;
      this.lastSeq = stored.seq;
      this.runLines.note(stored.seq, line.direction, line.text);
    }
  }
}

export class BenchController extends EventTarget {
  state: BenchState = {
    phase: 'disconnected',
    identity: null,
    meterType: null,
    batchId: null,
    positions: [],
    live: emptyLive(),
    log: [],
    faults: {},
    error: null,
    tightness: null,
  };
  readonly trace = new Trace();
  private connection: Connection<Wmb1Driver> | null = null;
  private session: VerificationSession | null = null;
  private sink: RecordingSink | null = null;
  private store: AppStore | null = null;
  private operator = '';
  private demoPort: DemoPort<Wmb1BenchSim> | null = null;
  /** the runs' writes, one transaction per bench run, in the order the bench reported them */
  private runWrites: Promise<void> = Promise.resolve();

  /** @param now the clock (an input: the batch's and the records' civil dates come from it) */
  constructor(readonly now: () => Date = () => new Date()) {
    super();
  }

  private update(patch: Partial<BenchState>): void {
    this.state = { ...this.state, ...patch };
    const p = this.state.phase;
    setAppStatus({ sessionRunning: p === 'ready' || p === 'tightness' || p === 'running' || p === 'lost' });
    this.dispatchEvent(new Event('change'));
  }

  private log(level: 'info' | 'warn' | 'error', text: string): void {
    this.update({ log: [...this.state.log.slice(-199), { at: this.now().getTime(), level, text }] });
  }

  private patchPosition(pos: number, patch: Partial<PositionState>): void {
    this.update({ positions: this.state.positions.map((p) => (p.pos === pos ? { ...p, ...patch } : p)) });
  }

  /** The demo bench's device, for faults on demand (demo and tests only). */
  get demo(): Wmb1BenchSim | null {
    return this.demoPort?.sim ?? null;
  }

  get demoPortHandle(): DemoPort<Wmb1BenchSim> | null {
    return this.demoPort;
  }

  async connect(req: ConnectRequest): Promise<void> {
    this.update({ phase: 'connecting', error: null, meterType: req.meterType, batchId: req.batchId });
    try {
      const store = (this.store ??= await appStore());
      this.operator = req.operator;
      const port = req.source === 'demo' ? this.makeDemoPort(req) : await requestSerialPort();
      this.sink = new RecordingSink(store);
      const connection = await connectBench({ protocol: 'wmb1', port, sink: this.sink, trace: this.trace });
      this.connection = connection;
      const identity = await connection.driver.identify();
      await this.prepareBatch(store, req);
      const stored = await startSession(store.db, {
        deviceId: store.device.deviceId,
        bench: { id: identity.sn, vendor: identity.vendor, model: identity.model, protocol: 'wmb1', method: identity.method, uRelPct: identity.uRelPct },
        operator: req.operator,
      });
      this.sink.sessionId = stored.id;
      this.holdSessionLock(stored.id);
      const meter = meterOfType(req.meterType);
      const minVolume = minimumVolumeL(meter.accuracyClass, meter.deltaL, defaultProfile);
      const session = new VerificationSession(connection.driver, {
        sessionId: stored.id,
        meter,
        // Q3 needs volume for a stable reading at high flow; Q2 and Q1 1.5 × the minimum
        // test volume (JJG 162-2019 start–stop reading) so flow noise never takes Va below it.
        points: [
          { point: 'Q3', volumeL: Math.max(100, 1.5 * minVolume) },
          { point: 'Q2', volumeL: 1.5 * minVolume },
          { point: 'Q1', volumeL: 1.5 * minVolume },
        ],
      });
      session.on((e) => this.onSessionEvent(e));
      this.session = session;
      await session.identify();
      const positions = Array.from({ length: identity.positions ?? 1 }, (_, i): PositionState => ({
        pos: i + 1,
        serial: null,
        externalOk: null,
        functionOk: null,
        leak: null,
        results: {},
        verdict: null,
        stored: false,
      }));
      this.update({ phase: 'ready', identity, positions, faults: {}, tightness: null });
      this.log('info', `bench ${identity.sn} (${identity.vendor ?? ''} ${identity.model ?? ''}) identified, ${identity.positions ?? '?'} positions`);
    } catch (err) {
      this.update({ phase: 'disconnected', error: shownError(err) });
      await this.connection?.close().catch(() => undefined);
      this.connection = null;
    }
  }

  private releaseLock: (() => void) | null = null;

  /**
   * Holds the session's Web Lock while it runs, so another tab's start-up does not take
   * this live session for one a crash left behind (store/sessions.ts markInterruptedSessions).
   */
  private holdSessionLock(sessionId: string): void {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return;
    void locks.request(sessionLockName(sessionId), () => new Promise<void>((resolve) => (this.releaseLock = resolve)));
  }

  private dropSessionLock(): void {
    this.releaseLock?.();
    this.releaseLock = null;
  }

  private makeDemoPort(req: ConnectRequest): DemoPort<Wmb1BenchSim> {
    const speed = req.demoSpeed ?? 200;
    this.demoPort = createDemoPort({ protocol: 'wmb1', positions: req.demoPositions ?? 10, timeScale: 1 / speed, seed: 162 });
    return this.demoPort;
  }

  private async prepareBatch(store: AppStore, req: ConnectRequest): Promise<void> {
    // Until the server sends reference data, the chosen type is cached from the demo list.
    if (!(await store.db.meterTypes.get(req.meterType.model))) await cacheReferenceData(store.db, { meterTypes: [req.meterType] });
    if (!(await store.db.batches.get(req.batchId))) {
      await createBatch(store.db, { id: req.batchId, meterTypeModel: req.meterType.model, productionDate: pilotDate(this.now(), defaultProfile), createdBy: req.operator });
    }
  }

  async mount(pos: number, serial: string): Promise<void> {
    await this.guard(async () => {
      await this.session!.mount(pos, serial);
      this.patchPosition(pos, { serial });
    });
  }

  /** The operator's external and function examination (外观 / 功能), item by item. */
  recordChecks(pos: number, ok: { external: boolean; function: boolean }): void {
    const items = (keys: readonly string[], pass: boolean): ChecklistItem[] => keys.map((key) => ({ key, ok: pass }));
    this.session!.recordChecklist(pos, 'external', items(externalItems, ok.external));
    this.session!.recordChecklist(pos, 'function', items(functionItems, ok.function));
    this.patchPosition(pos, { externalOk: ok.external, functionOk: ok.function });
  }

  async tightness(): Promise<void> {
    await this.guard(async () => {
      this.update({ phase: 'tightness', tightness: null });
      // A new test clears what was confirmed on the last one (the session does the same).
      this.update({ positions: this.state.positions.map((p) => ({ ...p, leak: null })) });
      try {
        const r = await this.session!.tightness();
        const c = r.condition;
        if (r.valid) this.log(c.leakHint ? 'warn' : 'info', `tightness: valid, ≥ ${r.requiredKpa} kPa held ${c.heldS} s, decay ${c.decayKpa} kPa${c.leakHint ? ' — check for leaks' : ''}`);
        else this.log('warn', `tightness: invalid (${c.reasons.map((x) => x.code).join(', ')}), run it again`);
        this.update({ tightness: r });
      } finally {
        // A test that could not run (no MAP, a bad plan) leaves the session ready; a lost cable has its own phase.
        if (this.state.phase === 'tightness') this.update({ phase: 'ready' });
      }
    });
  }

  confirmTightness(pos: number, leak: boolean): void {
    try {
      this.session!.confirmTightness(pos, { leak, damage: false });
      this.patchPosition(pos, { leak });
    } catch (err) {
      this.update({ error: shownError(err) });
    }
  }

  /** Q3, Q2 and Q1 (high to low, JJG 162-2019 usual order), then the verdicts, stored. */
  async runAll(): Promise<void> {
    await this.guard(async () => {
      await this.session!.runAll();
      if (this.session!.state !== 'ready' && this.session!.state !== 'done') return;
      await this.storeVerdicts();
      this.update({ phase: 'done', live: emptyLive() });
    });
  }

  private async storeVerdicts(): Promise<void> {
    const store = this.store!;
    const sink = this.sink!;
    // The runs go in before the verifications that are made of them, and before the
    // session ends (a run is only accepted into a running session).
    await this.runWrites;
    const results = this.session!.verdicts();
    for (const r of results) {
      await recordVerification(store.db, store.device, {
        serial: r.serial,
        batchId: this.state.batchId!,
        sessionId: sink.sessionId!,
        record: r.record,
        verdict: r.verdict,
        operator: this.operator,
        profile: defaultProfile,
        software: { version: softwareIdentity.version, sha256: softwareIdentity.sha256 },
        rawLines: [{ deviceId: store.device.deviceId, fromSeq: sink.firstSeq!, toSeq: sink.lastSeq! }],
      });
      this.patchPosition(r.pos, { verdict: r.verdict, stored: true });
    }
    await endSession(store.db, sink.sessionId!, this.operator);
    this.dropSessionLock();
    await store.record.checkpoint();
    this.log('info', `${results.length} verification records stored`);
  }

  /**
   * After a pulled cable: a new connection to the same bench, the session resumes (the
   * interrupted run is repeated, never stitched — docs/bench-protocols.md), meters reloaded.
   */
  async reconnect(): Promise<void> {
    await this.guard(async () => {
      await this.connection?.close().catch(() => undefined);
      this.connection = null;
      let port;
      if (this.demoPort) {
        this.demoPort.replug();
        port = this.demoPort;
      } else {
        port = await requestSerialPort();
      }
      const connection = await connectBench({ protocol: 'wmb1', port, sink: this.sink!, trace: this.trace });
      this.connection = connection;
      await this.session!.resume(connection.driver);
      this.update({ phase: 'ready' });
      this.log('info', 'bench reconnected, session resumed');
    });
  }

  async abort(): Promise<void> {
    await this.session?.abort();
    await this.runWrites;
    if (this.sink?.sessionId) await markSessionInterrupted(this.store!.db, this.sink.sessionId, this.operator, 'aborted by the operator').catch(() => undefined);
    this.dropSessionLock();
    this.update({ phase: 'aborted', live: emptyLive() });
  }

  async disconnect(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    this.connection = null;
    this.session = null;
    this.update({ phase: 'disconnected', identity: null, positions: [], live: emptyLive() });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      this.update({ error: null });
      await work();
    } catch (err) {
      this.log('error', shownError(err).message);
      // A lost device already has its own banner and reconnect button.
      if (shownError(err).code === 'device-lost' && this.state.phase === 'lost') return;
      this.update({ error: shownError(err) });
    }
  }

  /**
   * Stores every run the bench reported for a mounted meter — counted or not (a meter that
   * had already settled the point still ran with the others): the record keeps every run
   * (JJG 162-2019 示值误差; docs/rules.md R-REPEAT); whether a run counts is whether the meter's
   * verification holds it. A position without its MV line has no run, only raw lines. One
   * transaction per bench run (store/runs.ts), queued behind the earlier ones.
   */
  private storeRuns(e: Extract<SessionEvent, { type: 'run-result' }>): void {
    const store = this.store;
    const sink = this.sink;
    const range = sink?.runLines.range(e.runId);
    if (!store || !sink?.sessionId || !range) {
      this.log('error', `${e.point}: run ${e.runId} has no raw lines in the original record; it is not stored`);
      return;
    }
    const inputs: RunInput[] = e.positions.flatMap((p) =>
      p.run === undefined
        ? []
        : [
            {
              sessionId: sink.sessionId!,
              serial: p.serial,
              position: p.pos,
              benchRunId: e.runId,
              point: e.point,
              raw: sink.runLines.rawFields(e.runId, p.pos),
              run: p.run,
              rawLines: { deviceId: store.device.deviceId, ...range },
              interrupted: false,
            },
          ],
    );
    sink.runLines.forget(e.runId);
    if (inputs.length === 0) return;
    const write = this.runWrites.then(() => recordRuns(store.db, inputs));
    this.runWrites = write.then(
      () => undefined,
      (err: unknown) => {
        // The raw lines are on disk whatever happens here: the run can be rebuilt from them.
        this.log('error', `${e.point}: runs of ${e.runId} not stored: ${shownError(err).message}`);
        this.update({ error: shownError(err) });
      },
    );
  }

  private onSessionEvent(e: SessionEvent): void {
    const live = this.state.live;
    switch (e.type) {
      case 'run-started':
        this.update({ phase: 'running', live: { ...emptyLive(), point: e.point, targetLph: e.lph, volL: e.volL, startedAt: this.now().getTime() } });
        break;
      case 'flow':
        this.update({ live: { ...live, lph: e.lph, waterC: e.waterC } });
        break;
      case 'pressure':
        this.update({ live: { ...live, kpa: e.kpa } });
        break;
      case 'run-result':
        this.storeRuns(e);
        for (const p of e.positions) {
          if (!p.evaluation || !p.counted) continue;
          const ev = p.evaluation;
          const pos = this.state.positions.find((x) => x.pos === p.pos);
          this.patchPosition(p.pos, { results: { ...pos?.results, [e.point]: { errorPct: ev.errorPct, mpePct: ev.mpePct, valid: ev.valid, pass: ev.pass } } });
        }
        break;
      case 'run-invalid':
        this.log('warn', `${e.point}: run invalid (${e.reasons.join(', ')})${e.willRepeat ? ', repeating' : ''}`);
        break;
      case 'run-incomplete':
        this.log('warn', `${e.point}: no reading from position(s) ${e.missingPositions.join(', ')}${e.willRepeat ? ', repeating' : ''}`);
        break;
      case 'run-aborted':
        this.sink?.runLines.forget(e.runId);
        this.log('warn', `${e.point}: bench aborted the run (${e.reason})${e.willRepeat ? ', repeating' : ''}`);
        break;
      case 'run-interrupted':
        this.sink?.runLines.forget(e.runId);
        this.log('error', `${e.point}: run interrupted (${e.cause})`);
        break;
      case 'reconnect-offered':
        // The session stays open in the store: it resumes on a new connection. Only a
        // crash leaves it for markInterruptedSessions at the next start.
        this.update({ phase: 'lost', live: emptyLive() });
        this.log('error', 'bench connection lost');
        break;
      case 'fault':
        this.update({ faults: { ...this.state.faults, [e.code]: e.count } });
        break;
      case 'state':
        if (e.state === 'aborted') this.update({ phase: 'aborted' });
        break;
      default:
        break;
    }
  }
}
