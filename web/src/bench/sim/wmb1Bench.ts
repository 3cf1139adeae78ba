/**
 * A WMB/1 bench (docs/bench-protocols.md WMB/1) in software: the reference peer for the driver, the
 * in-browser demo bench and `npm run bench-sim`. It follows the spec to the letter on the
 * wire (ACK or NAK to every command, then ID / STAT / ABORT where due), streams flow
 * samples with noise, and sends the reference quantity by the bench method. Each position
 * holds a meter whose error is drawn from that position's distribution (seeded), so tests
 * are reproducible. Faults on demand: bad checksum, a missing MV line, noise bytes, an
 * over-long line, silence, an unstable flow (ABORT), a flow out of band, or a pressure
 * dip in the next tightness test. The pressure test ramps to the commanded pressure,
 * holds it (optionally sagging) and names its gauge on PTEND.
 */
import { defaultProfile, weighingVolume, type TestPoint } from '../../domain/index.ts';
import { LineFramer } from '../framing/lineFramer.ts';
import { systemClock, asciiBytes, type Clock } from '../types.ts';
import { decodeCommand, encodeMessage } from '../wmb1/codec.ts';
import type { BenchMethod, BenchState, Wmb1Command, Wmb1Message } from '../wmb1/messages.ts';
import type { SimDevice } from './device.ts';
import { Prng } from './prng.ts';

export interface MeterErrorDistribution {
  meanPct: number;
  sdPct: number;
}

export interface Wmb1SimOptions {
  seed?: number;
  positions?: number;
  method?: BenchMethod;
  vendor?: string;
  model?: string;
  sn?: string;
  fw?: string;
  uRelPct?: number;
  /** real milliseconds per bench millisecond: 1 is real time, 0.001 a thousand times faster */
  timeScale?: number;
  /** flow samples per bench second (the spec allows 2–10) */
  fsHz?: number;
  /** relative noise of each flow sample (%) */
  flowNoisePct?: number;
  waterTempC?: number;
  /** per position (index 0 = position 1); missing positions use the last entry */
  meterErrors?: MeterErrorDistribution[];
  /** K-factor sent with unit=pulse */
  pulsesPerL?: number;
  /** tightness test: seconds from 0 to the commanded pressure before the hold (default 0) */
  pressureRampS?: number;
  /** tightness test: how far the pressure falls, linearly, over every hold (kPa; default 0) */
  pressureSagKpa?: number;
  /** the gauge named on PTEND (WMB/1 `pg`, `pg_u`); null: the bench names none */
  pressureGauge?: { id: string; uKpa?: number } | null;
  clock?: Clock;
}

export type Wmb1SimFault =
  | { kind: 'bad-checksum'; lines?: number }
  | { kind: 'drop-mv'; pos: number }
  | { kind: 'noise'; bytes?: number }
  | { kind: 'overlong-line' }
  | { kind: 'stop-answering' }
  | { kind: 'resume-answering' }
  | { kind: 'flow-unstable' }
  | { kind: 'flow-out-of-band'; factor: number }
  /** the next tightness test loses `kpa` for 3 s in the middle of its hold */
  | { kind: 'pressure-dip'; kpa: number }
  /** the next tightness test falls by a further `kpa` over its hold, as a leaking circuit does */
  | { kind: 'pressure-sag'; kpa: number };

const DEFAULT_ERRORS: MeterErrorDistribution[] = [
  { meanPct: 0.3, sdPct: 0.3 },
  { meanPct: -0.4, sdPct: 0.4 },
  { meanPct: 0.8, sdPct: 0.5 },
  { meanPct: 0.0, sdPct: 0.3 },
  { meanPct: 1.2, sdPct: 0.6 },
  { meanPct: -0.9, sdPct: 0.5 },
];

interface ActiveRun {
  id: string;
  point: TestPoint;
  startReal: number;
  benchT0: number;
  durMs: number;
  lph: number;
  volL: number;
  sent: number;
  sumLph: number;
  tw: number;
  timer: unknown;
}

interface ActivePress {
  kpa: number;
  holdS: number;
  startReal: number;
  sent: number;
  timer: unknown;
}

/** The default gauge: a digital transducer, 0–4 MPa, ±0.25 % FS. */
const DEFAULT_GAUGE = { id: 'PG-SIM-01 0-4MPa 0.25%FS', uKpa: 10 };

export class Wmb1BenchSim implements SimDevice {
  readonly meters = new Map<number, string>();
  private readonly o: Required<Omit<Wmb1SimOptions, 'clock' | 'seed'>>;
  private readonly clock: Clock;
  private rng: Prng;
  private readonly framer = new LineFramer();
  private readonly startReal: number;
  private output: ((bytes: Uint8Array) => void) | null = null;
  private run: ActiveRun | null = null;
  private press: ActivePress | null = null;
  private silent = false;
  private badChecksums = 0;
  private readonly dropMv = new Set<number>();
  private nextFlowFactor: number | null = null;
  private abortNext = false;
  private nextPressureDipKpa = 0;
  private nextPressureSagKpa = 0;

  constructor(options: Wmb1SimOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.rng = new Prng(options.seed ?? 1);
    this.o = {
      positions: options.positions ?? 6,
      method: options.method ?? 'weighing',
      vendor: options.vendor ?? 'Demo Bench Works',
      model: options.model ?? 'WMB-SIM',
      sn: options.sn ?? 'SIM-0001',
      fw: options.fw ?? '1.0.0',
      uRelPct: options.uRelPct ?? 0.2,
      timeScale: options.timeScale ?? 1,
      fsHz: options.fsHz ?? 5,
      flowNoisePct: options.flowNoisePct ?? 0.4,
      waterTempC: options.waterTempC ?? 20,
      meterErrors: options.meterErrors ?? DEFAULT_ERRORS,
      pulsesPerL: options.pulsesPerL ?? 1000,
      pressureRampS: options.pressureRampS ?? 0,
      pressureSagKpa: options.pressureSagKpa ?? 0,
      pressureGauge: options.pressureGauge === undefined ? DEFAULT_GAUGE : options.pressureGauge,
    };
    this.startReal = this.clock.now();
  }

  /**
   * Other meters on the positions: the noise restarts from `seed` and each position's
   * error distribution is drawn from it (a systematic error within a few tenths of a
   * percent, a repeatability of 0.15–0.45 %). The demo bench calls it with a seed of the
   * session, so no two sessions repeat each other's errors — identical runs would leave a
   * control chart no spread to estimate σ from.
   */
  newMeters(seed: number): void {
    this.rng = new Prng(seed);
    this.o.meterErrors = Array.from({ length: this.o.positions }, () => ({
      meanPct: Math.round(this.rng.normal(0, 0.6) * 100) / 100,
      sdPct: Math.round((0.15 + 0.3 * this.rng.next()) * 100) / 100,
    }));
  }

  get state(): BenchState {
    return this.run !== null ? 'run' : this.press !== null ? 'press' : 'idle';
  }

  setOutput(output: ((bytes: Uint8Array) => void) | null): void {
    this.output = output;
  }

  inject(fault: Wmb1SimFault): void {
    switch (fault.kind) {
      case 'bad-checksum':
        this.badChecksums += fault.lines ?? 1;
        break;
      case 'drop-mv':
        this.dropMv.add(fault.pos);
        break;
      case 'noise': {
        const n = fault.bytes ?? 8;
        // Bytes that cannot be text: what a floating line or a ground loop produces.
        this.write(Uint8Array.from({ length: n }, () => [0x00, 0xff, 0x11, 0x80, 0xfe, 0x13][this.rng.int(6)] ?? 0));
        break;
      }
      case 'overlong-line':
        this.write(asciiBytes(`FS ${'x'.repeat(600)}*00\r\n`));
        break;
      case 'stop-answering':
        this.silent = true;
        break;
      case 'resume-answering':
        this.silent = false;
        break;
      case 'flow-unstable':
        this.abortNext = true;
        break;
      case 'flow-out-of-band':
        this.nextFlowFactor = fault.factor;
        break;
      case 'pressure-dip':
        this.nextPressureDipKpa = fault.kpa;
        break;
      case 'pressure-sag':
        this.nextPressureSagKpa = fault.kpa;
        break;
    }
  }

  receive(bytes: Uint8Array): void {
    const lines: Uint8Array[] = [];
    this.framer.push(bytes, (l) => lines.push(l));
    for (const l of lines) this.command(l);
  }

  /** The bench's own clock (ms since it was switched on), in bench time. */
  private benchNow(): number {
    return (this.clock.now() - this.startReal) / this.o.timeScale;
  }

  private write(bytes: Uint8Array): void {
    if (!this.silent) this.output?.(bytes);
  }

  private send(m: Wmb1Message): void {
    let line = encodeMessage(m);
    if (this.badChecksums > 0) {
      this.badChecksums--;
      // Flip the checksum's last digit: the line is otherwise perfect.
      const d = line.charAt(line.length - 3);
      line = `${line.slice(0, -3)}${d === '0' ? '1' : '0'}\r\n`;
    }
    this.write(asciiBytes(line));
  }

  private command(line: Uint8Array): void {
    const d = decodeCommand(line);
    if (!d.ok) {
      this.send({ verb: 'NAK', cmd: '?', code: 1, msg: d.fault.code });
      return;
    }
    const c = d.value;
    const nak = (code: number, msg: string) => this.send({ verb: 'NAK', cmd: c.verb, code, msg });
    const busy = this.run !== null || this.press !== null;
    switch (c.verb) {
      case 'HELLO':
        this.send({ verb: 'ACK', cmd: 'HELLO' });
        this.send({ verb: 'ID', vendor: this.o.vendor, model: this.o.model, sn: this.o.sn, fw: this.o.fw, positions: this.o.positions, method: this.o.method, uRelPct: this.o.uRelPct });
        return;
      case 'STAT?':
        this.send({ verb: 'ACK', cmd: 'STAT?' });
        this.send({ verb: 'STAT', state: this.state, id: this.run?.id ?? null });
        return;
      case 'LOAD':
        if (c.pos > this.o.positions) return nak(2, `no position ${c.pos}`);
        if (busy) return nak(3, 'busy');
        if (c.meter === '') this.meters.delete(c.pos);
        else this.meters.set(c.pos, c.meter);
        return this.send({ verb: 'ACK', cmd: 'LOAD' });
      case 'STOP':
        this.send({ verb: 'ACK', cmd: 'STOP' });
        this.stopAll('user');
        return;
      case 'PRESS':
        if (busy) return nak(3, 'busy');
        if (!(c.kpa > 0 && c.holdS > 0)) return nak(4, 'bad pressure or hold');
        this.send({ verb: 'ACK', cmd: 'PRESS' });
        return this.startPress(c);
      case 'RUN':
        if (busy) return nak(3, 'busy');
        if (!(c.lph > 0 && c.volL > 0)) return nak(4, 'bad flow or volume');
        this.send({ verb: 'ACK', cmd: 'RUN' });
        return this.startRun(c);
    }
  }

  private stopAll(reason: string): void {
    if (this.run !== null) {
      this.clock.clearTimeout(this.run.timer);
      this.send({ verb: 'ABORT', id: this.run.id, reason });
      this.run = null;
    }
    if (this.press !== null) {
      this.clock.clearTimeout(this.press.timer);
      this.press = null;
    }
  }

  private schedule(fn: () => void, benchMs: number): unknown {
    return this.clock.setTimeout(fn, Math.max(benchMs * this.o.timeScale, 1));
  }

  private startPress(c: Extract<Wmb1Command, { verb: 'PRESS' }>): void {
    const p: ActivePress = { kpa: c.kpa, holdS: c.holdS, startReal: this.clock.now(), sent: 0, timer: undefined };
    this.press = p;
    const rampS = this.o.pressureRampS;
    const endS = rampS + c.holdS;
    const sag = this.o.pressureSagKpa + this.nextPressureSagKpa;
    this.nextPressureSagKpa = 0;
    const dip = this.nextPressureDipKpa;
    this.nextPressureDipKpa = 0;
    const dipFromS = rampS + Math.floor(c.holdS / 2);
    // The bench ramps up, closes its valve at the set point and holds; a tight circuit
    // loses nothing but a gauge's noise, unless a sag or a dip is asked for. One normal
    // draw per reading, as before, so the seeded flow runs that follow stay the same.
    const kpaAt = (s: number) => {
      const noise = Math.abs(this.rng.normal(0, 0.05));
      if (s < rampS) return (c.kpa * s) / rampS + noise;
      const dipped = dip > 0 && s >= dipFromS && s < dipFromS + 3 ? dip : 0;
      return c.kpa + noise - (sag * (s - rampS)) / c.holdS - dipped;
    };
    const gauge = this.o.pressureGauge;
    const tick = () => {
      if (this.press !== p) return;
      const elapsedS = (this.clock.now() - p.startReal) / this.o.timeScale / 1000;
      // 1 Hz trace (docs/bench-protocols.md WMB/1, PRESS), caught up in bursts when time is scaled.
      while (p.sent <= Math.min(elapsedS, endS)) {
        this.send({ verb: 'PT', tS: p.sent, kpa: kpaAt(p.sent) });
        p.sent++;
      }
      if (elapsedS >= endS) {
        this.press = null;
        this.send({ verb: 'PTEND', kpa0: kpaAt(rampS), kpa1: kpaAt(endS), holdS: c.holdS, gaugeId: gauge?.id ?? null, gaugeUKpa: gauge?.uKpa ?? null });
        return;
      }
      p.timer = this.schedule(tick, Math.max(1000, 50 / this.o.timeScale));
    };
    tick();
  }

  private startRun(c: Extract<Wmb1Command, { verb: 'RUN' }>): void {
    const factor = this.nextFlowFactor ?? 1 + this.rng.normal(0, 0.003);
    this.nextFlowFactor = null;
    const lph = c.lph * factor;
    const durMs = (c.volL / lph) * 3_600_000;
    const r: ActiveRun = { id: c.id, point: c.point, startReal: this.clock.now(), benchT0: Math.round(this.benchNow()), durMs, lph, volL: c.volL, sent: 0, sumLph: 0, tw: this.o.waterTempC + this.rng.normal(0, 0.3), timer: undefined };
    this.run = r;
    this.send({ verb: 'RS', id: c.id, point: c.point, t0Ms: r.benchT0 });
    const periodMs = 1000 / this.o.fsHz;
    const abortAt = this.abortNext ? durMs / 3 : Infinity;
    this.abortNext = false;
    const tick = () => {
      if (this.run !== r) return;
      const elapsed = (this.clock.now() - r.startReal) / this.o.timeScale;
      while ((r.sent + 1) * periodMs <= Math.min(elapsed, durMs)) {
        r.sent++;
        const sample = lph * (1 + this.rng.normal(0, this.o.flowNoisePct / 100));
        r.sumLph += sample;
        this.send({ verb: 'FS', id: r.id, tMs: r.benchT0 + Math.round(r.sent * periodMs), lph: sample, waterC: r.tw + this.rng.normal(0, 0.02), kpa: 300 + this.rng.normal(0, 2) });
      }
      if (elapsed >= abortAt) {
        this.stopAll('flow-unstable');
        return;
      }
      if (elapsed >= durMs) {
        this.run = null;
        this.finishRun(r);
        return;
      }
      // Wake at most every 50 ms of real time: a sped-up bench sends its samples in bursts.
      r.timer = this.schedule(tick, Math.max(periodMs, 50 / this.o.timeScale));
    };
    r.timer = this.schedule(tick, periodMs);
  }

  private finishRun(r: ActiveRun): void {
    const air = { tempC: 21 + this.rng.normal(0, 0.2), pressureHPa: 1013 + this.rng.normal(0, 1), humidityPct: 50 + this.rng.normal(0, 2) };
    // The bench delivered about the target volume; what it was exactly is the reference.
    const vaL = r.volL * (1 + this.rng.normal(0, 0.002));
    const meanLph = r.sent > 0 ? r.sumLph / r.sent : r.lph;
    let ref: number;
    let k: number | null = null;
    let unit: 'kg' | 'L' | 'pulse';
    if (this.o.method === 'weighing') {
      // Va is linear in the balance reading, so the domain's own formula inverts it.
      const litresPerKg = weighingVolume({ method: 'weighing', netMassKg: 1, air }, r.tw, defaultProfile);
      ref = vaL / litresPerKg;
      unit = 'kg';
    } else if (this.o.method === 'master') {
      k = this.o.pulsesPerL;
      ref = Math.round(vaL * k);
      unit = 'pulse';
    } else {
      ref = vaL;
      unit = 'L';
    }
    this.send({ verb: 'RE', id: r.id, durS: r.durMs / 1000, lph: meanLph, waterC: r.tw, airC: air.tempC, airHPa: air.pressureHPa, airRhPct: air.humidityPct, ref, unit, k });
    const trueVa = unit === 'pulse' ? ref / (k ?? 1) : vaL;
    const errors = this.o.meterErrors;
    let n = 0;
    for (const pos of [...this.meters.keys()].sort((a, b) => a - b)) {
      n++;
      if (this.dropMv.delete(pos)) continue;
      const dist = errors[Math.min(pos, errors.length) - 1] ?? { meanPct: 0, sdPct: 0.3 };
      const e = this.rng.normal(dist.meanPct, dist.sdPct);
      this.send({ verb: 'MV', id: r.id, pos, viL: trueVa * (1 + e / 100) });
    }
    this.send({ verb: 'RD', id: r.id, n });
  }

  dispose(): void {
    if (this.run !== null) this.clock.clearTimeout(this.run.timer);
    if (this.press !== null) this.clock.clearTimeout(this.press.timer);
    this.run = null;
    this.press = null;
    this.output = null;
  }
}
