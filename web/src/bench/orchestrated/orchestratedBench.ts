/**
 * A PLC bench (and its balance) in the session's `FlowBench` slot (docs/bench-config.md;
 * session/flowBench.ts): the app runs each test itself and tells the session what a WMB/1
 * bench would say — RS, FS, RE, MV, RD or ABORT for a run, PT and PTEND for the pressure
 * test — so the same session state machine and the same domain rules apply. RE and MV
 * are what the replay of the original record computes (orchestrated/replay.ts).
 *
 * Driver faults are passed on as they come (a timeout is an interrupted run to the
 * session, which stops the bench and runs again); a lost cable on either port is one
 * `device-lost`, and the activity under way is abandoned.
 */
import type { TestPoint } from '../../domain/index.ts';
import { methodOf, type PlcConfig } from '../config/benchConfig.ts';
import type { BenchIdentity, DriverEvent, FaultCode, Listener } from '../driver.ts';
import { BenchError, DeviceLostError, SessionRefusal } from '../errors.ts';
import type { ModbusRtuDriver } from '../modbus/driver.ts';
import type { MtSicsDriver } from '../mtsics/driver.ts';
import type { FlowBench } from '../session/flowBench.ts';
import type { Clock } from '../types.ts';
import type { BenchState, Wmb1Message } from '../wmb1/messages.ts';
import { BalanceWaits } from './balanceWaits.ts';
import { PlcIo } from './plcIo.ts';
import { PlcRun } from './plcRun.ts';
import { PlcTightness } from './plcTightness.ts';
import { Halt } from './runControl.ts';
import type { StepLog } from './stepLog.ts';
import type { ManualReader } from './types.ts';

export interface OrchestratedBenchDeps {
  config: PlcConfig;
  plc: ModbusRtuDriver;
  balance: MtSicsDriver | null;
  steps: StepLog;
  wallClock: Clock;
  benchClock: Clock;
  operator: string;
  reader?: ManualReader;
}

interface Activity {
  kind: 'run' | 'press';
  id: string;
  controller: AbortController;
  /** settles when the activity has ended and said so */
  done: Promise<void>;
}

export class OrchestratedBench implements FlowBench {
  private readonly listeners = new Set<Listener<Wmb1Message>>();
  private readonly plc: PlcIo;
  private readonly balance: BalanceWaits | null;
  private readonly mounted = new Map<number, string>();
  private active: Activity | null = null;
  private lost: DeviceLostError | null = null;
  private readonly unsubscribe: Array<() => void>;

  constructor(private readonly d: OrchestratedBenchDeps) {
    const timing = d.config.setup.timing;
    this.plc = new PlcIo(d.plc, d.config.setup);
    this.balance = d.balance === null ? null : new BalanceWaits(d.balance, d.benchClock, timing.balanceStableTimeoutS, timing.pollMs);
    const forward = (e: DriverEvent<unknown>) => this.driverEvent(e);
    this.unsubscribe = [d.plc.on(forward), ...(d.balance === null ? [] : [d.balance.on(forward)])];
  }

  get faults(): Readonly<Partial<Record<FaultCode, number>>> {
    const out: Partial<Record<FaultCode, number>> = { ...this.d.plc.faults };
    for (const [k, n] of Object.entries(this.d.balance?.faults ?? {}) as Array<[FaultCode, number]>) out[k] = (out[k] ?? 0) + n;
    return out;
  }

  on(listener: Listener<Wmb1Message>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: DriverEvent<Wmb1Message>): void {
    for (const l of this.listeners) l(e);
  }

  private message(message: Wmb1Message): void {
    this.emit({ type: 'message', message, seq: this.d.steps.lastSeq, atMs: this.d.wallClock.now() });
  }

  private driverEvent(e: DriverEvent<unknown>): void {
    if (e.type === 'fault') this.emit(e);
    else if (e.type === 'device-lost' && this.lost === null) {
      this.lost = e.error;
      this.active?.controller.abort(new Halt('device-lost'));
      this.emit({ type: 'device-lost', error: e.error });
    }
  }

  /** Refuses while a cable is out or another activity runs. */
  private ready(): void {
    if (this.lost !== null) throw new DeviceLostError(this.lost.cause);
    if (this.active !== null) throw new BenchError('busy', `the bench is busy (${this.active.kind} ${this.active.id})`);
  }

  async identify(): Promise<BenchIdentity> {
    if (this.lost !== null) throw new DeviceLostError(this.lost.cause);
    // A PLC has no identity command: reading the flow proves it answers; `@` the balance's.
    await this.plc.readFlow();
    await this.d.balance?.identify();
    const c = this.d.config;
    return {
      protocol: 'modbus-rtu',
      sn: c.id,
      ...(c.vendor === undefined ? {} : { vendor: c.vendor }),
      ...(c.model === undefined ? {} : { model: c.model }),
      positions: c.setup.positions.length,
      method: methodOf(c.setup),
      uRelPct: c.uRelPct,
    };
  }

  async load(pos: number, serial: string): Promise<void> {
    const positions = this.d.config.setup.positions;
    if (!positions.some((p) => p.position === pos)) throw new SessionRefusal('position-unknown', `the bench configuration has no position ${pos}`, { pos, positions: positions.length });
    await this.d.steps.record({ verb: 'MOUNT', pos, meter: serial });
    if (serial === '') this.mounted.delete(pos);
    else this.mounted.set(pos, serial);
  }

  /**
   * What runs; with nothing running, water still flowing is reported as a run (of no id):
   * a PLC reconnected after a lost cable may still have its valves open, and the session
   * then stops the bench before it goes on (session.resume).
   */
  async status(): Promise<{ state: BenchState; id: string | null }> {
    const a = this.active;
    if (a !== null) return { state: a.kind, id: a.kind === 'run' ? a.id : null };
    if (this.lost !== null) throw new DeviceLostError(this.lost.cause);
    const flow = await this.plc.readFlow();
    return { state: flow >= this.d.config.setup.timing.closedFlowLph ? 'run' : 'idle', id: null };
  }

  /** Starts `work`; its closing messages go out once the bench is idle again, so the session's next command is not refused as busy. */
  private start(kind: Activity['kind'], id: string, controller: AbortController, work: Promise<Wmb1Message[]>): void {
    const a: Activity = { kind, id, controller, done: Promise.resolve() };
    this.active = a;
    a.done = work.then((closing) => {
      if (this.active === a) this.active = null;
      for (const m of closing) this.message(m);
    });
  }

  async run(id: string, point: TestPoint, lph: number, volL: number, band?: { minLph: number; maxLph: number }): Promise<void> {
    this.ready();
    const { closedFlowLph } = this.d.config.setup.timing;
    // A valve that did not close keeps every later run from starting (docs/bench-config.md timing.closedFlowLph).
    const flow = await this.plc.readFlow();
    if (flow >= closedFlowLph) {
      throw new BenchError('valve-not-closed', `${flow} L/h flow with the valves closed: check the valves before the next run`, undefined, { flowLph: flow });
    }
    this.ready();
    const controller = new AbortController();
    const mounted = [...this.mounted].sort((a, b) => a[0] - b[0]).map(([pos, serial]) => ({ pos, serial }));
    const run = new PlcRun(
      {
        config: this.d.config,
        plc: this.plc,
        balance: this.balance,
        steps: this.d.steps,
        benchClock: this.d.benchClock,
        mounted,
        operator: this.d.operator,
        ...(this.d.reader === undefined ? {} : { reader: this.d.reader }),
        emit: (m) => this.message(m),
      },
      { id, point, lph, volL, ...(band === undefined ? {} : { band }) },
      controller.signal,
    );
    this.start('run', id, controller, run.execute());
  }

  /**
   * Resolves once the test pressure is reached (as WMB/1 acknowledges PRESS); the hold's
   * PT samples and PTEND follow. Rejects with `pressure-not-reached`.
   */
  async press(kpa: number, holdS: number): Promise<void> {
    this.ready();
    const controller = new AbortController();
    const test = new PlcTightness(this.plc, this.d.benchClock, controller.signal);
    const build = test.build(kpa);
    const a: Activity = { kind: 'press', id: '-', controller, done: build.then(() => undefined, () => undefined) };
    this.active = a;
    try {
      await build;
    } catch (e) {
      if (this.active === a) this.active = null;
      if (e instanceof Halt) throw e.reason === 'device-lost' ? new DeviceLostError(this.lost?.cause) : new BenchError('aborted', `the pressure test was stopped (${e.reason})`);
      throw e;
    }
    if (this.active !== a) return;
    this.active = null;
    this.start('press', '-', controller, test.hold(holdS, (m) => this.message(m)));
  }

  /** Aborts what runs (its ABORT says `user`), closes the valves in reverse order and vents. */
  async stop(): Promise<void> {
    if (this.lost !== null) throw new DeviceLostError(this.lost.cause);
    const a = this.active;
    if (a !== null) {
      a.controller.abort(new Halt('user'));
      await a.done;
    }
    await this.plc.closeAndSettle(this.d.benchClock);
    await this.plc.release(this.d.benchClock);
  }

  /** The connection is closing: what runs is abandoned, and nothing more is said. */
  async dispose(): Promise<void> {
    const a = this.active;
    a?.controller.abort(new Halt('closed'));
    this.listeners.clear();
    for (const off of this.unsubscribe) off();
    await a?.done;
  }
}
