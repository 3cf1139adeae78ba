/**
 * The physics behind the demo PLC bench and its balance (docs/bench-config.md): valves,
 * the regulated flow, water and air conditions, line and test pressures, each position's
 * pulse pick-up, a master meter or tank, and the water collected on the balance. One
 * state, integrated lazily on the bench clock: every read first advances it to
 * `clock.now()`, so nothing runs on a timer and a test can stop anywhere.
 */
import type { PlcConfig } from '../config/benchConfig.ts';
import { wordsOf } from '../modbus/registerMap.ts';
import type { Clock } from '../types.ts';
import type { PlcBenchFault, PlcBenchModelView } from './demoPlcBench.ts';
import { Prng } from './prng.ts';

/** Q3 of a DN15 meter (JJG 162-2019 Table 1): the set point until the app writes one. */
export const DEFAULT_TARGET_LPH = 2500;
/** kg per litre of water near 20 °C, as the collector sees it */
export const WATER_DENSITY = 0.9982;
/** the regulating valve settles a step within a few seconds (bench time) */
const TAU_OPEN_S = 1.5;
/** closing valves stop the water faster than the regulator opens it */
const TAU_CLOSE_S = 0.5;
/** below this the water has stopped: the collector's mass no longer changes */
const STOPPED_LPH = 0.05;
const TEST_PRESSURE_KPA = 1700;
const RISE_KPA_PER_S = 200;
const VENT_KPA_PER_S = 300;
/** a healthy closed circuit still loses a little */
const NATURAL_DECAY_KPA_PER_S = 0.01;
const STATIC_KPA = 350;
/** integration step (bench s): short against TAU_CLOSE_S */
const STEP_S = 0.05;

export type PlcOutputRole = { kind: 'valve'; index: number } | { kind: 'pressurize' } | { kind: 'vent' } | { kind: 'drain' };

export interface PlcBenchModelOptions {
  config: PlcConfig;
  clock: Clock;
  seed?: number;
}

/** a meter without a pick-up is read by eye: its register resolves 0.001 L (finer than δL of a DN15 meter) */
const DIAL_COUNTS_PER_L = 1000;

/** how fast the weighing tank empties through its drain valve */
const DRAIN_KG_PER_S = 25;

export class PlcBenchModel implements PlcBenchModelView {
  private readonly clock: Clock;
  private readonly rng: Prng;
  private readonly startedAt: number;
  private at: number;
  private readonly valves: boolean[];
  private pressurizeOn = false;
  private ventOn = false;
  /** the weighing tank's drain valve: the collector empties while it is open */
  private drainOn = false;
  private targetLph = DEFAULT_TARGET_LPH;
  private flow = 0;
  private pressureKpa = 0;
  private collected = 0;
  private volumeL = 0;
  private changedAt: number;
  private readonly waterBaseC: number;
  /** per position: the meter's own error (fraction) and the pulses counted so far */
  private readonly meters = new Map<number, { error: number; pulsesPerL: number; pulses: number }>();
  private readonly meterErrorFault = new Map<number, number>();
  private masterPulses = 0;
  private readonly masterPulsesPerL: number;
  private stuck = false;
  private leakKpaPerS = 0;
  private neverSettles = false;
  private exceptionCode: number | null = null;

  constructor(options: PlcBenchModelOptions) {
    const s = options.config.setup;
    this.clock = options.clock;
    this.rng = new Prng(options.seed ?? 1);
    this.startedAt = this.at = this.changedAt = this.clock.now();
    this.valves = s.plc.control.valves.map(() => false);
    this.waterBaseC = 19.6 + 0.8 * this.rng.next();
    for (const p of s.positions) {
      // Meters in service err by a few tenths of a percent: inside ±0.8 %.
      this.meters.set(p.position, { error: (this.rng.next() * 2 - 1) * 0.008, pulsesPerL: p.pulsesPerL ?? DIAL_COUNTS_PER_L, pulses: 0 });
    }
    this.masterPulsesPerL = s.reference.kind === 'master-meter' ? s.reference.pulsesPerL : 1;
  }

  // ---- what the PLC is told ----

  setOutput(role: PlcOutputRole, on: boolean): void {
    this.advance();
    if (role.kind === 'valve') this.valves[role.index] = on;
    else if (role.kind === 'pressurize') this.pressurizeOn = on;
    else if (role.kind === 'drain') this.drainOn = on;
    else this.ventOn = on;
  }

  setTargetFlow(lph: number): void {
    this.advance();
    if (Number.isFinite(lph) && lph >= 0) this.targetLph = lph;
  }

  get targetFlowLph(): number {
    return this.targetLph;
  }

  fault(f: PlcBenchFault): void {
    this.advance();
    switch (f.kind) {
      case 'valve-stuck':
        this.stuck = true;
        return;
      case 'balance-never-settles':
        this.neverSettles = true;
        return;
      case 'exception-once':
        this.exceptionCode = f.code;
        return;
      case 'meter-error':
        this.meterErrorFault.set(f.pos, f.pct / 100);
        return;
      case 'leak':
        this.leakKpaPerS = f.kpaPerS;
        return;
      case 'clear':
        this.stuck = this.neverSettles = false;
        this.exceptionCode = null;
        this.meterErrorFault.clear();
        this.leakKpaPerS = 0;
    }
  }

  /** The exception the next Modbus request gets (fault exception-once), taken once. */
  takeException(): number | null {
    const c = this.exceptionCode;
    this.exceptionCode = null;
    return c;
  }

  get balanceNeverSettles(): boolean {
    return this.neverSettles;
  }

  /** Empties the collector (the operator drains the weighing tank between runs). */
  drain(): void {
    this.advance();
    this.collected = 0;
    this.changedAt = this.at;
  }

  // ---- what the instruments read ----

  get valvesOpen(): boolean {
    return this.stuck || this.valves.every((v) => v);
  }

  get flowLph(): number {
    this.advance();
    if (this.flow === 0) return 0;
    return Math.max(0, this.flow * (1 + this.rng.normal(0, 0.001)));
  }

  get collectedKg(): number {
    this.advance();
    return this.collected;
  }

  /** When the collected mass last changed (bench ms): the balance settles after it. */
  get collectedChangedAt(): number {
    this.advance();
    return this.changedAt;
  }

  get tightnessKpa(): number {
    this.advance();
    return this.pressureKpa;
  }

  get waterTempC(): number {
    this.advance();
    // A slow drift of a tenth of a degree or so over a quarter of an hour.
    const t = (this.at - this.startedAt) / 1000;
    return this.waterBaseC + 0.15 * Math.sin((2 * Math.PI * t) / 900);
  }

  get inletKpa(): number {
    return this.linePressure(50);
  }

  get outletKpa(): number {
    return this.linePressure(100);
  }

  private linePressure(dropAtQ3: number): number {
    this.advance();
    // Under the test pressure the whole closed line is at it.
    if (this.pressureKpa > STATIC_KPA) return this.pressureKpa;
    return STATIC_KPA - dropAtQ3 * Math.min(1.5, this.flow / DEFAULT_TARGET_LPH);
  }

  readonly airTempC = 20;
  readonly airHPa = 1013;
  readonly airRhPct = 50;

  /** Pulses the pick-up on `pos` has counted (not wrapped), or 0 for an unknown position. */
  pulses(pos: number): number {
    this.advance();
    return Math.floor(this.meters.get(pos)?.pulses ?? 0);
  }

  /** What the meter on `pos` has indicated (L), through its own error. */
  indicatedL(pos: number): number {
    const m = this.meters.get(pos);
    return m === undefined ? 0 : this.pulses(pos) / m.pulsesPerL;
  }

  get masterMeterPulses(): number {
    this.advance();
    return Math.floor(this.masterPulses);
  }

  get tankL(): number {
    this.advance();
    return this.volumeL;
  }

  // ---- integration ----

  private advance(): void {
    const now = this.clock.now();
    while (this.at < now) {
      const dt = Math.min(STEP_S, (now - this.at) / 1000);
      this.step(dt);
      this.at = Math.min(now, this.at + dt * 1000);
    }
  }

  private step(dt: number): void {
    const open = this.valvesOpen;
    const target = open ? this.targetLph : 0;
    const tau = open ? TAU_OPEN_S : TAU_CLOSE_S;
    const f0 = this.flow;
    const k = Math.exp(-dt / tau);
    let f1 = target + (f0 - target) * k;
    // Exact volume of a first-order step: ∫ flow dt (L/h × s → L).
    const litres = Math.max(0, (target * dt + (f0 - target) * tau * (1 - k)) / 3600);
    if (!open && f1 < STOPPED_LPH) f1 = 0;
    this.flow = f1;
    if (litres > 0) {
      this.volumeL += litres;
      this.collected += litres * WATER_DENSITY;
      this.masterPulses += litres * this.masterPulsesPerL;
      for (const [pos, m] of this.meters) m.pulses += litres * (1 + (this.meterErrorFault.get(pos) ?? m.error)) * m.pulsesPerL;
      this.changedAt = this.at + dt * 1000;
    }
    if (this.drainOn && this.collected > 0) {
      this.collected = Math.max(0, this.collected - DRAIN_KG_PER_S * dt);
      this.changedAt = this.at + dt * 1000;
    }
    this.stepPressure(dt);
  }

  private stepPressure(dt: number): void {
    if (this.ventOn) this.pressureKpa = Math.max(0, this.pressureKpa - VENT_KPA_PER_S * dt);
    else if (this.pressurizeOn) this.pressureKpa = Math.min(TEST_PRESSURE_KPA, this.pressureKpa + RISE_KPA_PER_S * dt);
    else this.pressureKpa = Math.max(0, this.pressureKpa - (NATURAL_DECAY_KPA_PER_S + this.leakKpaPerS) * dt);
  }
}

/** Raw counts wrap at the register's size, as a PLC counter does. */
export function wrapCount(count: number, type: 'u16' | 'u32' | 'f32'): number {
  const size = 2 ** (16 * wordsOf(type));
  return ((count % size) + size) % size;
}
