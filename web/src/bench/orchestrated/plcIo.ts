/**
 * The PLC as the bench configuration describes it (docs/bench-config.md): its outputs
 * (valves in order, pressurize, vent), the registers a run reads, and the reference's
 * progress while water is collected. Every exchange goes through the Modbus driver, so it
 * is recorded before it is interpreted.
 */
import type { Output, PlcSetup } from '../config/benchConfig.ts';
import type { Clock } from '../types.ts';
import type { ModbusRtuDriver } from '../modbus/driver.ts';
import type { RegisterDef } from '../modbus/registerMap.ts';
import { counterIncrease } from '../modbus/values.ts';
import { checkpoint, pause } from './runControl.ts';

/** How long the vent output stays on to let the test pressure off (bench seconds). */
const VENT_S = 2;
/** A collector that drains longer than this has something wrong with it: the drain closes anyway (bench seconds). */
const DRAIN_MAX_S = 300;
/** The collector is empty when its load changes by less than this between two polls (kg, or L for a tank). */
const DRAINED_STEP = 0.005;

/** One poll of a run: the flow, the water temperature, the inlet pressure if mapped, the reference register if any. */
export interface FlowSample {
  lph: number;
  waterC: number;
  kpa: number;
  /** the master meter's pulses or the tank's litres (not for a balance) */
  ref: number | null;
}

export class PlcIo {
  constructor(
    readonly driver: ModbusRtuDriver,
    readonly setup: PlcSetup,
  ) {}

  /** Coil: function 05. Register: its on or off value, function 06. */
  setOutput(o: Output, on: boolean): Promise<void> {
    return o.kind === 'coil' ? this.driver.writeCoil(o.address, on) : this.driver.writeRegister(o.register.address, on ? o.on : o.off);
  }

  async openValves(): Promise<void> {
    for (const v of this.setup.plc.control.valves) await this.setOutput(v, true);
  }

  /** In the reverse order of opening (docs/bench-config.md: the inlet closes last). */
  async closeValves(): Promise<void> {
    for (const v of [...this.setup.plc.control.valves].reverse()) await this.setOutput(v, false);
  }

  /**
   * Vent on, a moment, vent off. Held for its moment even when the activity was stopped:
   * the test pressure must go.
   */
  async vent(clock: Clock): Promise<void> {
    const vent = this.setup.plc.control.vent;
    if (vent === undefined) return;
    await this.setOutput(vent, true);
    await new Promise<void>((r) => clock.setTimeout(r, VENT_S * 1000));
    await this.setOutput(vent, false);
  }

  /** Stops pressurizing (if the bench can) and vents: what a stopped or failed activity leaves behind. */
  async release(clock: Clock): Promise<void> {
    const p = this.setup.plc.control.pressurize;
    if (p !== undefined) await this.setOutput(p, false);
    await this.vent(clock);
  }

  /**
   * Polls the flow until less than `closedFlowLph` flows (bench time): null then, or the
   * flow still measured after `closeTimeoutS`. Without a signal it cannot be cut short:
   * what a stopped or failed run uses to leave the bench without water running.
   */
  async waitStopped(clock: Clock, signal: AbortSignal | null): Promise<number | null> {
    const { closedFlowLph, closeTimeoutS, pollMs } = this.setup.timing;
    const until = clock.now() + closeTimeoutS * 1000;
    for (;;) {
      const lph = await this.readFlow();
      if (signal !== null) checkpoint(signal);
      if (lph < closedFlowLph) return null;
      if (clock.now() >= until) return lph;
      if (signal === null) await new Promise<void>((r) => clock.setTimeout(r, pollMs));
      else await pause(clock, pollMs, signal);
    }
  }

  /** Closes the valves and waits for the water to stop; the flow still measured if it did not. */
  async closeAndSettle(clock: Clock): Promise<number | null> {
    await this.closeValves();
    return this.waitStopped(clock, null);
  }

  /**
   * Empties the collector after a run's end values are taken (docs/bench-config.md
   * `plc.control.drain`): drain on until `level` (the balance's load, the tank's litres)
   * stops falling, then off; without a level, the drain is held for one vent time.
   */
  async drain(clock: Clock, signal: AbortSignal, level: (() => Promise<number>) | null): Promise<void> {
    const drain = this.setup.plc.control.drain;
    if (drain === undefined) return;
    await this.setOutput(drain, true);
    try {
      const until = clock.now() + DRAIN_MAX_S * 1000;
      let last = level === null ? NaN : await level();
      for (;;) {
        await pause(clock, level === null ? VENT_S * 1000 : this.setup.timing.pollMs, signal);
        if (level === null || clock.now() >= until) break;
        const now = await level();
        checkpoint(signal);
        if (Math.abs(now - last) < DRAINED_STEP) break;
        last = now;
      }
    } finally {
      await this.setOutput(drain, false).catch(() => undefined);
    }
  }

  /** The tank's volume now (L); null for other references. */
  tankLevel(): (() => Promise<number>) | null {
    const r = this.setup.reference;
    return r.kind === 'tank' ? () => this.driver.readValue(r.volumeL) : null;
  }

  readFlow(): Promise<number> {
    return this.driver.readValue(this.setup.plc.registers.flowLph);
  }

  /** The reference register of a master meter or a tank; null for a balance. */
  private referenceDef(): RegisterDef | null {
    const r = this.setup.reference;
    return r.kind === 'master-meter' ? r.pulses : r.kind === 'tank' ? r.volumeL : null;
  }

  /**
   * Every register a run's start or end values are taken from, in one pass: the replay
   * reads the TAKE snapshot from these replies (orchestrated/replay.ts).
   */
  async readAll(): Promise<{ ref: number | null }> {
    const s = this.setup;
    const defs: RegisterDef[] = Object.values(s.plc.registers).filter((d): d is RegisterDef => d !== undefined);
    const ref = this.referenceDef();
    if (ref !== null) defs.push(ref);
    for (const p of s.positions) if (s.reading === 'pulse' && p.counter !== undefined) defs.push(p.counter);
    const values = await this.driver.readValues(defs);
    return { ref: ref === null ? null : (values[defs.indexOf(ref)] ?? null) };
  }

  /** One poll while water flows. */
  async sample(): Promise<FlowSample> {
    const regs = this.setup.plc.registers;
    const defs: RegisterDef[] = [regs.flowLph, regs.waterTempC];
    if (regs.inletKpa !== undefined) defs.push(regs.inletKpa);
    const ref = this.referenceDef();
    if (ref !== null) defs.push(ref);
    const v = await this.driver.readValues(defs);
    return {
      lph: v[0] ?? NaN,
      waterC: v[1] ?? NaN,
      kpa: regs.inletKpa === undefined ? NaN : (v[2] ?? NaN),
      ref: ref === null ? null : (v[defs.length - 1] ?? null),
    };
  }

  /** How much the reference register says has gone through since `start` (L), across one counter wrap. */
  referenceLitres(start: number, now: number): number {
    const r = this.setup.reference;
    if (r.kind === 'tank') return now - start;
    if (r.kind !== 'master-meter') return NaN;
    return counterIncrease(start, now, r.pulses) / r.pulsesPerL;
  }
}
