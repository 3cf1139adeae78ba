/**
 * One flow run on a PLC bench, orchestrated by the app (docs/bench-config.md "A run";
 * docs/rules.md R-FLOWBAND, R-VA-WEIGH): BEGIN; the start readings (by eye), tare and a
 * stable balance, every register read, TAKE start; the valves opened in order; a steady
 * flow inside the point's band (FLOW on); water collected until the reference reaches the
 * volume, every sample inside the band; FLOW off; the valves closed in reverse until no
 * water flows; a stable balance, every register read, TAKE end; the end readings; END;
 * the collector drained.
 *
 * The session is told what the replay of the record computes at END (RE, MV, RD): this
 * file never computes a run's volumes itself. A run that cannot finish is VOID in the
 * record and ABORTed to the session with its reason, which counts it invalid and repeats it.
 */
import type { TestPoint } from '../../domain/index.ts';
import type { PlcConfig } from '../config/benchConfig.ts';
import type { Clock } from '../types.ts';
import type { Wmb1Message } from '../wmb1/messages.ts';
import { BalanceWaits } from './balanceWaits.ts';
import type { PlcIo, FlowSample } from './plcIo.ts';
import { readingRequest } from './readingRequest.ts';
import { checkpoint, pause, reasonOf, RunVoid } from './runControl.ts';
import type { StepLog } from './stepLog.ts';
import type { ManualReader } from './types.ts';

/** Water density at about 20 °C (kg/L): the balance has collected `volL` litres once it shows this many kg per litre. */
const KG_PER_L = 0.9982;

export interface RunSpec {
  id: string;
  point: TestPoint;
  lph: number;
  volL: number;
  band?: { minLph: number; maxLph: number };
}

export interface RunDeps {
  config: PlcConfig;
  plc: PlcIo;
  balance: BalanceWaits | null;
  steps: StepLog;
  benchClock: Clock;
  /** the meters on the bench, in position order */
  mounted: ReadonlyArray<{ pos: number; serial: string }>;
  operator: string;
  reader?: ManualReader;
  /** one FS (the session shows it live) */
  emit(m: Wmb1Message): void;
}

export class PlcRun {
  private t0 = 0;
  private readonly timing;

  constructor(
    private readonly d: RunDeps,
    private readonly spec: RunSpec,
    private readonly signal: AbortSignal,
  ) {
    this.timing = d.config.setup.timing;
  }

  /** Drives the run to its end; resolves with the messages that end it for the session (never rejects). */
  async execute(): Promise<Wmb1Message[]> {
    const { id } = this.spec;
    let valvesOpened = false;
    try {
      await this.d.steps.record({ verb: 'BEGIN', id, point: this.spec.point, lph: this.spec.lph, volL: this.spec.volL });
      this.t0 = this.d.benchClock.now();
      this.d.emit({ verb: 'RS', id, point: this.spec.point, t0Ms: this.t0 });
      const startReadings = this.visual() ? await this.readings('start', new Map()) : new Map<number, number>();
      if (this.d.balance !== null) {
        await this.d.balance.tare(this.signal);
        await this.d.balance.stable(this.signal);
      }
      const start = await this.d.plc.readAll();
      checkpoint(this.signal);
      await this.d.steps.record({ verb: 'TAKE', id, at: 'start' });
      const target = this.d.config.setup.plc.control.targetFlowLph;
      if (target !== undefined) await this.d.plc.driver.writeValue(target, this.spec.lph);
      valvesOpened = true;
      await this.d.plc.openValves();
      checkpoint(this.signal);
      await this.waitSteadyFlow();
      await this.d.steps.record({ verb: 'FLOW', id, at: 'on' });
      await this.collect(start.ref);
      await this.d.steps.record({ verb: 'FLOW', id, at: 'off' });
      await this.d.plc.closeValves();
      await this.waitClosed();
      valvesOpened = false;
      if (this.d.balance !== null) await this.d.balance.stable(this.signal);
      await this.d.plc.readAll();
      checkpoint(this.signal);
      await this.d.steps.record({ verb: 'TAKE', id, at: 'end' });
      if (this.visual()) await this.readings('end', startReadings);
      const run = await this.d.steps.record({ verb: 'END', id });
      // The run is complete in the record: a drain that fails spoils nothing of it (the next run tares).
      const balance = this.d.balance;
      await this.d.plc.drain(this.d.benchClock, this.signal, balance === null ? this.d.plc.tankLevel() : () => balance.netKg(this.signal)).catch(() => undefined);
      // What the replay of the record gives is what the session evaluates (docs/bench-config.md "Replay").
      if (run === null) return [{ verb: 'ABORT', id, reason: 'record-incomplete' }];
      const mv = [...run.mv].sort((a, b) => a[0] - b[0]);
      return [run.re, ...mv.map(([pos, viL]): Wmb1Message => ({ verb: 'MV', id, pos, viL })), { verb: 'RD', id, n: mv.length }];
    } catch (e) {
      const reason = reasonOf(e);
      // Water must not keep running after a run that failed (a lost balance, a PLC exception); on a lost PLC this fails at once.
      // The session runs again at once: the water must have stopped before it does (run() refuses otherwise).
      if (valvesOpened) await this.d.plc.closeAndSettle(this.d.benchClock).catch(() => undefined);
      await this.d.steps.record({ verb: 'VOID', id, reason }).catch(() => undefined);
      // After a lost cable the session hears of the loss itself, not of this run.
      return reason === 'device-lost' ? [] : [{ verb: 'ABORT', id, reason }];
    }
  }

  private visual(): boolean {
    return this.d.config.setup.reading === 'visual';
  }

  private async readings(at: 'start' | 'end', startReadings: ReadonlyMap<number, number>): Promise<Map<number, number>> {
    const reader = this.d.reader;
    if (reader === undefined) throw new RunVoid('no-reader', 'visual reading needs a reading sheet');
    const { id, point, volL } = this.spec;
    const { request, readings } = readingRequest({
      runId: id,
      point,
      at,
      positions: this.d.mounted,
      volL,
      startReadings,
      signal: this.signal,
      record: async (pos, typed, fix) => {
        await this.d.steps.record({ verb: 'READ', id, at, pos, typed, by: this.d.operator, fix });
      },
    });
    reader(request);
    return readings;
  }

  private async sample(): Promise<FlowSample> {
    await pause(this.d.benchClock, this.timing.pollMs, this.signal);
    const s = await this.d.plc.sample();
    checkpoint(this.signal);
    this.d.emit({ verb: 'FS', id: this.spec.id, tMs: this.d.benchClock.now() - this.t0, lph: s.lph, waterC: s.waterC, kpa: s.kpa });
    return s;
  }

  private inBand(lph: number): boolean {
    const b = this.spec.band;
    return b === undefined || (lph >= b.minLph && lph <= b.maxLph);
  }

  /** `stableFlowSamples` samples in a row inside the band and within `stableFlowTolPct` of each other. */
  private async waitSteadyFlow(): Promise<void> {
    const { stableFlowSamples, stableFlowTolPct, flowStableTimeoutS } = this.timing;
    const until = this.d.benchClock.now() + flowStableTimeoutS * 1000;
    const recent: number[] = [];
    for (;;) {
      const { lph } = await this.sample();
      recent.push(lph);
      if (recent.length > stableFlowSamples) recent.shift();
      const lo = Math.min(...recent);
      const hi = Math.max(...recent);
      const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
      if (recent.length === stableFlowSamples && recent.every((x) => this.inBand(x)) && hi - lo <= (mean * stableFlowTolPct) / 100) return;
      if (this.d.benchClock.now() >= until) throw new RunVoid('flow-unstable', `the flow did not settle within ${flowStableTimeoutS} s`);
    }
  }

  /** Until the reference has the run's volume; a sample outside the band makes the run void (docs/rules.md R-FLOWBAND). */
  private async collect(startRef: number | null): Promise<void> {
    const { volL, lph } = this.spec;
    // Bounded: three times the time the volume takes at the target flow, and never less than a minute.
    const limitS = Math.max(60, (3 * volL * 3600) / Math.max(lph, 1e-6));
    const until = this.d.benchClock.now() + limitS * 1000;
    for (;;) {
      const s = await this.sample();
      if (!this.inBand(s.lph)) throw new RunVoid('flow-out-of-band', `the flow ${s.lph} L/h left the band`);
      const litres = this.d.balance !== null ? (await this.d.balance.netKg(this.signal)) / KG_PER_L : startRef === null || s.ref === null ? NaN : this.d.plc.referenceLitres(startRef, s.ref);
      if (litres >= volL) return;
      if (this.d.benchClock.now() >= until) throw new RunVoid('volume-not-reached', `${volL} L were not collected within ${Math.round(limitS)} s`);
    }
  }

  /** The valves are closed when less than `closedFlowLph` flows (docs/bench-config.md timing). */
  private async waitClosed(): Promise<void> {
    const still = await this.d.plc.waitStopped(this.d.benchClock, this.signal);
    if (still !== null) throw new RunVoid('valve-not-closed', `${still} L/h still flowed ${this.timing.closeTimeoutS} s after the valves were closed`);
  }
}
