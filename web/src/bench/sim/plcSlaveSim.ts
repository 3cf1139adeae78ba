/**
 * The demo bench's PLC as a Modbus RTU slave (docs/bench-protocols.md Modbus RTU; Modbus
 * Application Protocol v1.1b3 §6.3–6.6, §6.12, §7): its registers and coils are laid out
 * from the bench configuration and backed by the physical model. It answers only its unit
 * id; exception 02 for an address it does not map, 01 for a function it does not know,
 * 03 for a coil value other than FF00 / 0000. Replies leave after a short turnaround on
 * the bench clock, so request and reply stay apart by silence as on a real line.
 */
import type { Output, PlcConfig } from '../config/benchConfig.ts';
import { crcOk, withCrc } from '../modbus/crc.ts';
import { FC_READ_HOLDING, FC_READ_INPUT, FC_WRITE_COIL, FC_WRITE_MULTIPLE, FC_WRITE_SINGLE, MAX_READ_REGISTERS, MAX_WRITE_REGISTERS } from '../modbus/frames.ts';
import { wordsOf, type RegisterDef } from '../modbus/registerMap.ts';
import { decodeRegisters, encodeRegisters } from '../modbus/values.ts';
import type { Clock } from '../types.ts';
import type { SimDevice } from './device.ts';
import { wrapCount, type PlcBenchModel, type PlcOutputRole } from './plcBenchModel.ts';

const EX_ILLEGAL_FUNCTION = 1;
const EX_ILLEGAL_ADDRESS = 2;
const EX_ILLEGAL_VALUE = 3;
/** the PLC's turnaround before it answers (bench ms) */
const TURNAROUND_MS = 2;

type Table = 'holding' | 'input';
/** One mapped register word: the value it belongs to and which of its words it is. */
interface Slot {
  words: () => number[];
  index: number;
  /** holding registers the app may write: where the written words go */
  write?: (index: number, word: number) => void;
}

export interface PlcSlaveSimOptions {
  config: PlcConfig;
  model: PlcBenchModel;
  clock: Clock;
}

export class PlcSlaveSim implements SimDevice {
  private readonly unitId: number;
  private readonly clock: Clock;
  private readonly model: PlcBenchModel;
  private readonly slots = new Map<string, Slot>();
  private readonly coils = new Map<number, { role: PlcOutputRole; on: boolean }>();
  private output: ((bytes: Uint8Array) => void) | null = null;
  private buffer = new Uint8Array(0);
  private readonly timers = new Set<unknown>();

  constructor(options: PlcSlaveSimOptions) {
    this.unitId = options.config.setup.plc.unitId;
    this.clock = options.clock;
    this.model = options.model;
    this.layout(options.config);
  }

  private key(table: Table, address: number): string {
    return `${table}:${address}`;
  }

  private place(def: RegisterDef, value: () => number): void {
    const words = () => encodeRegisters(value(), def);
    for (let i = 0; i < wordsOf(def.type); i++) this.slots.set(this.key(def.table, def.address + i), { words, index: i });
  }

  /** A holding register the app writes: it reads back what was written. */
  private placeWritable(def: RegisterDef, initial: number, onWrite: (value: number) => void): void {
    const words = encodeRegisters(initial, def);
    const write = (index: number, word: number) => {
      words[index] = word & 0xffff;
      onWrite(decodeRegisters(words, def));
    };
    for (let i = 0; i < wordsOf(def.type); i++) this.slots.set(this.key(def.table, def.address + i), { words: () => words, index: i, write });
  }

  private placeOutput(o: Output, role: PlcOutputRole): void {
    if (o.kind === 'coil') {
      this.coils.set(o.address, { role, on: false });
      return;
    }
    this.placeWritable(o.register, o.off, (v) => {
      if (v === o.on) this.model.setOutput(role, true);
      else if (v === o.off) this.model.setOutput(role, false);
    });
  }

  private layout(config: PlcConfig): void {
    const s = config.setup;
    const m = this.model;
    const r = s.plc.registers;
    this.place(r.flowLph, () => m.flowLph);
    this.place(r.waterTempC, () => m.waterTempC);
    const optional: Array<[RegisterDef | undefined, () => number]> = [
      [r.inletKpa, () => m.inletKpa],
      [r.outletKpa, () => m.outletKpa],
      [r.tightnessKpa, () => m.tightnessKpa],
      [r.airTempC, () => m.airTempC],
      [r.airHPa, () => m.airHPa],
      [r.airRhPct, () => m.airRhPct],
    ];
    for (const [def, value] of optional) if (def !== undefined) this.place(def, value);
    const ref = s.reference;
    if (ref.kind === 'master-meter') this.place(ref.pulses, () => wrapCount(m.masterMeterPulses, ref.pulses.type));
    if (ref.kind === 'tank') this.place(ref.volumeL, () => m.tankL);
    for (const p of s.positions) {
      const counter = p.counter;
      if (counter !== undefined) this.place(counter, () => wrapCount(m.pulses(p.position), counter.type));
    }
    const c = s.plc.control;
    c.valves.forEach((v, index) => this.placeOutput(v, { kind: 'valve', index }));
    if (c.pressurize !== undefined) this.placeOutput(c.pressurize, { kind: 'pressurize' });
    if (c.vent !== undefined) this.placeOutput(c.vent, { kind: 'vent' });
    if (c.drain !== undefined) this.placeOutput(c.drain, { kind: 'drain' });
    if (c.targetFlowLph !== undefined) this.placeWritable(c.targetFlowLph, m.targetFlowLph, (v) => m.setTargetFlow(v));
  }

  setOutput(output: ((bytes: Uint8Array) => void) | null): void {
    this.output = output;
  }

  receive(bytes: Uint8Array): void {
    const joined = new Uint8Array(this.buffer.length + bytes.length);
    joined.set(this.buffer);
    joined.set(bytes, this.buffer.length);
    this.buffer = joined;
    for (;;) {
      const n = this.frameLength(this.buffer);
      if (n === null || n > this.buffer.length) return;
      const frame = this.buffer.slice(0, n);
      if (!crcOk(frame)) {
        // A corrupted request: a slave stays silent (Modbus serial §2.4.1) and drops what it has.
        this.buffer = new Uint8Array(0);
        return;
      }
      this.buffer = this.buffer.slice(n);
      this.request(frame);
    }
  }

  /** Requests have known lengths; an unknown function takes whatever arrived with it. */
  private frameLength(b: Uint8Array): number | null {
    if (b.length < 2) return null;
    const fc = b[1] as number;
    if (fc === FC_READ_HOLDING || fc === FC_READ_INPUT || fc === FC_WRITE_COIL || fc === FC_WRITE_SINGLE) return 8;
    if (fc === FC_WRITE_MULTIPLE) return b.length < 7 ? null : 9 + (b[6] as number);
    return b.length;
  }

  private request(frame: Uint8Array): void {
    if (frame[0] !== this.unitId) return;
    const fc = frame[1] as number;
    const word = (i: number) => ((frame[i] as number) << 8) | (frame[i + 1] as number);
    const fault = this.model.takeException();
    if (fault !== null) return this.exception(fc, fault);
    if (fc === FC_READ_HOLDING || fc === FC_READ_INPUT) return this.read(fc, word(2), word(4));
    if (fc === FC_WRITE_COIL) return this.writeCoil(frame, word(2), word(4));
    if (fc === FC_WRITE_SINGLE) return this.writeHolding(frame, word(2), [word(4)]);
    if (fc === FC_WRITE_MULTIPLE) {
      const count = word(4);
      if (count < 1 || count > MAX_WRITE_REGISTERS || frame[6] !== count * 2) return this.exception(fc, EX_ILLEGAL_VALUE);
      return this.writeHolding(frame, word(2), Array.from({ length: count }, (_, k) => word(7 + 2 * k)));
    }
    return this.exception(fc, EX_ILLEGAL_FUNCTION);
  }

  private read(fc: number, address: number, count: number): void {
    if (count < 1 || count > MAX_READ_REGISTERS) return this.exception(fc, EX_ILLEGAL_VALUE);
    const table: Table = fc === FC_READ_HOLDING ? 'holding' : 'input';
    const slots: Slot[] = [];
    for (let a = address; a < address + count; a++) {
      const slot = this.slots.get(this.key(table, a));
      if (slot === undefined) return this.exception(fc, EX_ILLEGAL_ADDRESS);
      slots.push(slot);
    }
    // One sample per value, so both words of a 32-bit value come from the same instant.
    const sampled = new Map<() => number[], number[]>();
    const out = new Uint8Array(3 + 2 * count);
    out.set([this.unitId, fc, 2 * count]);
    slots.forEach((s, i) => {
      let words = sampled.get(s.words);
      if (words === undefined) sampled.set(s.words, (words = s.words()));
      const w = words[s.index] ?? 0;
      out[3 + 2 * i] = (w >> 8) & 0xff;
      out[4 + 2 * i] = w & 0xff;
    });
    this.send(out);
  }

  private writeCoil(frame: Uint8Array, address: number, value: number): void {
    const coil = this.coils.get(address);
    if (coil === undefined) return this.exception(FC_WRITE_COIL, EX_ILLEGAL_ADDRESS);
    if (value !== 0xff00 && value !== 0) return this.exception(FC_WRITE_COIL, EX_ILLEGAL_VALUE);
    coil.on = value === 0xff00;
    this.model.setOutput(coil.role, coil.on);
    this.send(frame.slice(0, 6));
  }

  private writeHolding(frame: Uint8Array, address: number, values: number[]): void {
    const fc = frame[1] as number;
    const slots: Slot[] = [];
    for (let k = 0; k < values.length; k++) {
      const slot = this.slots.get(this.key('holding', address + k));
      if (slot?.write === undefined) return this.exception(fc, EX_ILLEGAL_ADDRESS);
      slots.push(slot);
    }
    slots.forEach((s, k) => s.write?.(s.index, values[k] ?? 0));
    this.send(frame.slice(0, 6));
  }

  private exception(fc: number, code: number): void {
    this.send(Uint8Array.of(this.unitId, (fc | 0x80) & 0xff, code));
  }

  private send(pdu: Uint8Array): void {
    const adu = withCrc(pdu);
    const pending: { handle: unknown; done: boolean } = { handle: undefined, done: false };
    pending.handle = this.clock.setTimeout(() => {
      pending.done = true;
      this.timers.delete(pending.handle);
      this.output?.(adu);
    }, TURNAROUND_MS);
    // A clock may run the reply at once; only a reply still waiting needs cancelling.
    if (!pending.done) this.timers.add(pending.handle);
  }

  /** Whether coil `address` is on (for tests and the demo's panel). */
  coil(address: number): boolean {
    return this.coils.get(address)?.on ?? false;
  }

  dispose(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.output = null;
  }
}
