/**
 * For the orchestrator's tests: a verification session on the in-browser demo PLC bench
 * and balance (sim/demoPlcBench.ts), opened the way the app opens one (openPlcBench), with
 * the bench's waits on the simulator's fast clock and every line in one memory sink; and
 * the record read back by the one replay the PC and the server use (bench/replay.ts).
 */
import pulseJson from '../config/examples/plc-balance-pulse.json';
import visualJson from '../config/examples/plc-balance-visual.json';
import { meterVerdict, type MeterVerdict, type Run } from '../../domain/index.ts';
import { until } from '../../../../test/support/bounded.ts';
import { isPlcConfig, parseBenchConfig, type PlcConfig } from '../config/benchConfig.ts';
import { replayBenchRuns } from '../replay.ts';
import type { SessionEvent } from '../session/events.ts';
import { VerificationSession, type SessionPlan } from '../session/session.ts';
import { createDemoPlcBench, type DemoPlcBench } from '../sim/demoPlcBench.ts';
import { MemorySink } from '../types.ts';
import { openPlcBench } from './plcBench.ts';
import type { ManualReader, PlcBenchConnection } from './types.ts';

export function plcConfig(json: unknown, edit: (c: PlcConfig) => void = () => undefined): PlcConfig {
  const c = parseBenchConfig(json);
  if (!isPlcConfig(c)) throw new Error('not a PLC bench configuration');
  edit(c);
  return c;
}

export const pulseConfig = (edit?: (c: PlcConfig) => void) => plcConfig(pulseJson, edit);
export const visualConfig = (edit?: (c: PlcConfig) => void) => plcConfig(visualJson, edit);

/** A DN15 meter, Q3 2.5 m³/h, R100, class 2, MAP 1.0 MPa. */
export const DN15 = { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2 as const, deltaL: 0.005, mapMpa: 1.0 };

export function planOf(sessionId: string, extra: Partial<SessionPlan> = {}): SessionPlan {
  return {
    sessionId,
    meter: DN15,
    points: [
      { point: 'Q3', volumeL: 10 },
      { point: 'Q2', volumeL: 2 },
      { point: 'Q1', volumeL: 1.5 },
    ],
    ...extra,
  };
}

export const serialOf = (pos: number) => `WM2024${String(pos).padStart(4, '0')}`;

/** Bench time runs this many times faster than the wall clock. */
export const SPEED = 400;

export class DemoSession {
  readonly sink = new MemorySink();
  readonly events: SessionEvent[] = [];
  readonly connections: PlcBenchConnection[] = [];
  readonly sim: DemoPlcBench;
  private started: VerificationSession | null = null;

  constructor(
    readonly config: PlcConfig,
    private readonly reader?: ManualReader,
  ) {
    this.sim = createDemoPlcBench({ config, speed: SPEED, seed: 7 });
  }

  /** A new connection on the demo ports (first, or after a resume). */
  async open(): Promise<PlcBenchConnection> {
    const conn = await openPlcBench({
      config: this.config,
      plcPort: this.sim.plcPort,
      balancePort: this.sim.balancePort,
      sink: this.sink,
      benchClock: this.sim.clock,
      operator: 'li.wei',
      commandTimeoutMs: 500,
      ...(this.reader === undefined ? {} : { reader: this.reader }),
    });
    this.connections.push(conn);
    return conn;
  }

  get session(): VerificationSession {
    if (this.started === null) throw new Error('start the session first');
    return this.started;
  }

  async start(plan: SessionPlan): Promise<VerificationSession> {
    const conn = await this.open();
    const session = new VerificationSession(conn.bench, plan);
    this.started = session;
    session.on((e) => this.events.push(e));
    await session.identify();
    return session;
  }

  async mountAll(positions = this.config.setup.positions.map((p) => p.position)): Promise<void> {
    for (const pos of positions) {
      await this.session.mount(pos, serialOf(pos));
      this.session.recordChecklist(pos, 'external', [{ key: 'nameplate', ok: true }]);
      this.session.recordChecklist(pos, 'function', [{ key: 'register-advances', ok: true }]);
    }
  }

  /** The tightness test, every meter confirmed without leak or damage. */
  async tightness(): Promise<void> {
    const outcome = await this.session.tightness();
    if (!outcome.valid) throw new Error(`the tightness test is not valid: ${JSON.stringify(outcome.condition)}`);
    for (const pos of this.session.mounted.keys()) this.session.confirmTightness(pos, { leak: false, damage: false });
  }

  /** Resolves with the first event (seen or to come) `match` accepts; bounded. */
  event<T extends SessionEvent['type']>(type: T, ms: number, match: (e: Extract<SessionEvent, { type: T }>) => boolean = () => true): Promise<Extract<SessionEvent, { type: T }>> {
    type E = Extract<SessionEvent, { type: T }>;
    const fits = (e: SessionEvent): e is E => e.type === type && match(e as E);
    return until<E>(`session event ${type}`, ms, (resolve) => {
      const seen = this.events.find(fits);
      if (seen !== undefined) return resolve(seen);
      const off = this.session.on((e) => {
        if (fits(e)) {
          off();
          resolve(e);
        }
      });
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections.splice(0)) await c.close().catch(() => undefined);
    this.sim.dispose();
  }

  /** Every (run, position) the session evaluated, in order. */
  sessionRuns(): Array<{ runId: string; serial: string; position: number; run: Run }> {
    return this.events.flatMap((e) => (e.type === 'run-result' ? e.positions.flatMap((p) => (p.run === undefined ? [] : [{ runId: e.runId, serial: p.serial, position: p.pos, run: p.run }])) : []));
  }

  /** The record replayed as the store gives it: one sequence, each line with its connection. */
  replayed() {
    return replayBenchRuns(this.sink.lines.map((l, i) => ({ seq: i + 1, connectionId: l.connectionId, direction: l.direction, text: l.text })));
  }

  /**
   * Each meter's verdict recomputed by the domain over its runs as the replay rebuilds
   * them — the runs the session counted, found by bench run id and position.
   */
  replayedVerdicts(): Array<{ serial: string; verdict: MeterVerdict }> {
    const replay = this.replayed();
    const counted = new Set(this.events.flatMap((e) => (e.type === 'run-result' ? e.positions.filter((p) => p.counted && p.run !== undefined).map((p) => `${e.runId}/${p.pos}`) : [])));
    return this.session.verdicts().map(({ serial, record }) => {
      const runs = replay.runs.filter((r) => r.serial === serial && counted.has(`${r.runId}/${r.position}`)).map((r) => r.run);
      return { serial, verdict: meterVerdict({ ...record, runs }, this.session.profile) };
    });
  }
}
