/**
 * An MT-SICS weighing indicator (docs/bench-protocols.md MT-SICS) in software: the peer for the
 * MT-SICS driver and `npm run bench-sim -- --protocol mtsics`. The water collector fills
 * while `fill` is on; the reading is stable a little after it stops. Faults on demand:
 * overload, ET / EL replies, silence.
 */
import { LineFramer } from '../framing/lineFramer.ts';
import { asciiBytes, latin1, systemClock, type Clock } from '../types.ts';
import type { SimDevice } from './device.ts';
import { Prng } from './prng.ts';

export interface MtSicsSimOptions {
  seed?: number;
  sn?: string;
  capacityKg?: number;
  /** reading noise while filling (kg) */
  noiseKg?: number;
  /** time after the fill stops until the reading is stable (bench ms) */
  settleMs?: number;
  /** alternate filling and resting by itself: for the command-line simulator */
  autoCycle?: { fillS: number; restS: number; rateKgPerS: number };
  timeScale?: number;
  clock?: Clock;
  /**
   * the gross load comes from elsewhere (the demo PLC bench's model): the reading is
   * stable once it has not changed for `settleMs`; `startFill` and friends then do nothing
   */
  grossKg?: () => number;
  /** when that load last changed (clock ms); without it the balance notices changes as it reads */
  grossChangedAt?: () => number;
  /** fault balance-never-settles while this says so: `S` answers `S I`, `SI` answers `S D` */
  neverSettles?: () => boolean;
}

export type MtSicsSimFault = { kind: 'overload' } | { kind: 'error-reply'; reply: 'ES' | 'ET' | 'EL' } | { kind: 'stop-answering' } | { kind: 'resume-answering' };

export class MtSicsBalanceSim implements SimDevice {
  private readonly clock: Clock;
  private readonly rng: Prng;
  private readonly framer = new LineFramer();
  private readonly sn: string;
  private readonly capacityKg: number;
  private readonly noiseKg: number;
  private readonly settleMs: number;
  private readonly timeScale: number;
  private output: ((bytes: Uint8Array) => void) | null = null;
  /** gross load at the last change, and how it changes since */
  private baseKg = 0;
  private baseAt: number;
  private rateKgPerS = 0;
  private stoppedAt: number;
  private zeroKg = 0;
  private tareKg = 0;
  private overload = false;
  private errorReply: 'ES' | 'ET' | 'EL' | null = null;
  private silent = false;
  private cycleTimer: unknown = undefined;
  private readonly load: (() => number) | null;
  private readonly loadChangedAt: (() => number) | null;
  private readonly neverSettles: () => boolean;
  /** the external load as last seen, and when it was seen to change */
  private seenKg = Number.NaN;
  private seenChangeAt = 0;

  constructor(options: MtSicsSimOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.rng = new Prng(options.seed ?? 1);
    this.sn = options.sn ?? 'B000000001';
    this.capacityKg = options.capacityKg ?? 300;
    this.noiseKg = options.noiseKg ?? 0.003;
    this.settleMs = options.settleMs ?? 1500;
    this.timeScale = options.timeScale ?? 1;
    this.load = options.grossKg ?? null;
    this.loadChangedAt = options.grossChangedAt ?? null;
    this.neverSettles = options.neverSettles ?? (() => false);
    this.baseAt = this.clock.now();
    this.stoppedAt = this.baseAt - this.settleMs * this.timeScale;
    if (options.autoCycle !== undefined) this.cycle(options.autoCycle, true);
  }

  private cycle(c: { fillS: number; restS: number; rateKgPerS: number }, fill: boolean): void {
    if (fill) this.startFill(c.rateKgPerS);
    else this.stopFill();
    this.cycleTimer = this.clock.setTimeout(() => this.cycle(c, !fill), (fill ? c.fillS : c.restS) * 1000 * this.timeScale);
  }

  setOutput(output: ((bytes: Uint8Array) => void) | null): void {
    this.output = output;
  }

  inject(f: MtSicsSimFault): void {
    if (f.kind === 'overload') this.overload = true;
    else if (f.kind === 'error-reply') this.errorReply = f.reply;
    else this.silent = f.kind === 'stop-answering';
  }

  /** Water starts running into the collector. */
  startFill(rateKgPerS: number): void {
    this.baseKg = this.grossKg();
    this.baseAt = this.clock.now();
    this.rateKgPerS = rateKgPerS;
  }

  stopFill(): void {
    this.baseKg = this.grossKg();
    this.baseAt = this.clock.now();
    this.rateKgPerS = 0;
    this.stoppedAt = this.baseAt;
  }

  /** Empties the collector (drain). */
  drain(): void {
    this.stopFill();
    this.baseKg = 0;
  }

  private grossKg(): number {
    if (this.load !== null) return this.load();
    return this.baseKg + (this.rateKgPerS * (this.clock.now() - this.baseAt)) / this.timeScale / 1000;
  }

  private stable(): boolean {
    if (this.neverSettles()) return false;
    if (this.load !== null) return (this.clock.now() - this.externalChangeAt()) / this.timeScale >= this.settleMs;
    return this.rateKgPerS === 0 && (this.clock.now() - this.stoppedAt) / this.timeScale >= this.settleMs;
  }

  private externalChangeAt(): number {
    if (this.loadChangedAt !== null) return this.loadChangedAt();
    const kg = this.grossKg();
    if (kg !== this.seenKg) {
      // The first look counts as a change: nothing is known about the load before it.
      this.seenKg = kg;
      this.seenChangeAt = this.clock.now();
    }
    return this.seenChangeAt;
  }

  private netKg(): number {
    const noise = this.stable() ? 0 : this.rng.normal(0, this.noiseKg);
    return this.grossKg() - this.zeroKg - this.tareKg + noise;
  }

  private reply(text: string): void {
    if (!this.silent) this.output?.(asciiBytes(`${text}\r\n`));
  }

  private weight(status: 'S' | 'D', kg: number): string {
    return `S ${status} ${kg.toFixed(3).padStart(10)} kg`;
  }

  receive(bytes: Uint8Array): void {
    const lines: Uint8Array[] = [];
    this.framer.push(bytes, (l) => lines.push(l));
    for (const l of lines) this.command(latin1(l).trim());
  }

  private command(cmd: string): void {
    if (this.errorReply !== null) {
      const r = this.errorReply;
      this.errorReply = null;
      return this.reply(r);
    }
    const over = this.overload || this.grossKg() > this.capacityKg;
    const under = this.grossKg() - this.zeroKg < -0.02 * this.capacityKg;
    switch (cmd) {
      case 'S':
        if (over) return this.reply('S +');
        if (under) return this.reply('S -');
        return this.reply(this.stable() ? this.weight('S', this.netKg()) : 'S I');
      case 'SI':
        if (over) return this.reply('S +');
        if (under) return this.reply('S -');
        return this.reply(this.weight(this.stable() ? 'S' : 'D', this.netKg()));
      case 'Z':
        if (!this.stable()) return this.reply('Z I');
        if (over) return this.reply('Z +');
        this.zeroKg = this.grossKg();
        this.tareKg = 0;
        return this.reply('Z A');
      case 'T':
        if (!this.stable()) return this.reply('T I');
        if (over) return this.reply('T +');
        this.tareKg = this.grossKg() - this.zeroKg;
        return this.reply(`T S ${this.tareKg.toFixed(3).padStart(10)} kg`);
      case '@':
        this.tareKg = 0;
        this.overload = false;
        return this.reply(`I4 A "${this.sn}"`);
      default:
        return this.reply('ES');
    }
  }

  dispose(): void {
    if (this.cycleTimer !== undefined) this.clock.clearTimeout(this.cycleTimer);
    this.output = null;
  }
}
