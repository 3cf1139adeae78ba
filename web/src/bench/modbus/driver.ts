/**
 * The Modbus RTU driver (docs/bench-protocols.md Modbus RTU): polls a PLC bench through the user's
 * register map. Frames are delimited by silence (RtuFramer); each frame is recorded before
 * it is parsed; one transaction at a time, as Modbus serial masters must.
 */
import { DriverBase, type BenchIdentity, type DriverOptions } from '../driver.ts';
import { BenchError, ModbusExceptionError } from '../errors.ts';
import { RtuFramer } from '../framing/rtuFramer.ts';
import {
  FC_READ_HOLDING,
  FC_READ_INPUT,
  FC_WRITE_COIL,
  FC_WRITE_MULTIPLE,
  FC_WRITE_SINGLE,
  MAX_READ_REGISTERS,
  parseReply,
  readRequest,
  writeCoilRequest,
  writeMultipleRequest,
  writeSingleRequest,
  type ModbusReply,
} from './frames.ts';
import { wordsOf, type RegisterDef, type RegisterMap } from './registerMap.ts';
import { decodeRegisters, encodeRegisters } from './values.ts';

/**
 * A PLC addressed by its unit id alone: the caller says which registers to read and write
 * (the orchestrated PLC bench reads by its bench configuration, orchestrated/plcBench.ts).
 */
export interface UnitOnly {
  unitId: number;
  name?: undefined;
  quantities?: undefined;
  positions?: undefined;
  control?: undefined;
}

const isFullMap = (m: RegisterMap | UnitOnly): m is RegisterMap => m.quantities !== undefined;

export interface ModbusDriverOptions extends DriverOptions {
  /** a full register map (read(), identify(), start()/stop()), or just the unit id */
  map: RegisterMap | UnitOnly;
  baudRate: number;
  /** floor for the inter-frame silence (see RtuFramer) */
  minSilenceMs?: number;
}

export interface BenchReading {
  flowLph: number;
  waterTempC: number;
  reference: number;
  inletKpa?: number;
  airTempC?: number;
  airHPa?: number;
  airRhPct?: number;
  /** indicated volume per position (L) */
  indicatedL: Record<number, number>;
}

type Table = 'holding' | 'input';

export class ModbusRtuDriver extends DriverBase<ModbusReply> {
  readonly protocol = 'modbus-rtu' as const;
  readonly map: RegisterMap | UnitOnly;
  private readonly framer: RtuFramer;
  private chain: Promise<void> = Promise.resolve();

  constructor(options: ModbusDriverOptions) {
    super(options);
    this.map = options.map;
    this.textLines = false;
    this.framer = new RtuFramer({ baudRate: options.baudRate, minSilenceMs: options.minSilenceMs }, this.clock, (frame) => {
      const at = this.clock.now();
      this.chain = this.chain.then(() => this.handleFrame(frame, at));
    });
  }

  data(chunk: Uint8Array, atMs: number): Promise<void> {
    this.framer.push(chunk, atMs);
    return Promise.resolve();
  }

  private async handleFrame(frame: Uint8Array, atMs: number): Promise<void> {
    const raw = await this.record('in', frame, atMs);
    if (raw === null) return;
    const reply = parseReply(frame);
    if (reply.kind === 'invalid') {
      this.fault('bad-frame', `Modbus reply discarded (${reply.reason})`, raw.seq);
      return;
    }
    this.dispatch(reply, raw.seq, atMs);
  }

  private transact<T>(name: string, request: Uint8Array, fc: number, pick: (r: ModbusReply) => T | undefined): Promise<T> {
    const unit = this.map.unitId;
    return this.request<T>(name, request, (r) => {
      if (r.kind === 'invalid' || r.unit !== unit || r.fc !== fc) return undefined;
      if (r.kind === 'exception') return { error: new ModbusExceptionError(fc, r.exceptionCode) };
      const v = pick(r);
      return v === undefined ? { error: new BenchError('modbus-bad-reply', `unexpected reply to ${name}`) } : { value: v };
    });
  }

  readRegisters(table: Table, address: number, count: number): Promise<number[]> {
    const fc = table === 'holding' ? FC_READ_HOLDING : FC_READ_INPUT;
    return this.transact(`read ${table} ${address}+${count}`, readRequest(this.map.unitId, fc, address, count), fc, (r) =>
      r.kind === 'registers' && r.registers.length === count ? r.registers : undefined,
    );
  }

  /** Function 06. */
  writeRegister(address: number, value: number): Promise<void> {
    return this.transact(`write ${address}`, writeSingleRequest(this.map.unitId, address, value), FC_WRITE_SINGLE, (r) =>
      r.kind === 'write' && r.address === address && r.value === (value & 0xffff) ? true : undefined,
    ).then(() => undefined);
  }

  /** Function 05: a valve's or a pump's coil on or off. */
  writeCoil(address: number, on: boolean): Promise<void> {
    return this.transact(`coil ${address} ${on ? 'on' : 'off'}`, writeCoilRequest(this.map.unitId, address, on), FC_WRITE_COIL, (r) =>
      r.kind === 'write' && r.address === address && r.value === (on ? 0xff00 : 0) ? true : undefined,
    ).then(() => undefined);
  }

  /** Function 16. */
  writeRegisters(address: number, values: readonly number[]): Promise<void> {
    return this.transact(`write ${address}+${values.length}`, writeMultipleRequest(this.map.unitId, address, values), FC_WRITE_MULTIPLE, (r) =>
      r.kind === 'write' && r.address === address && r.value === values.length ? true : undefined,
    ).then(() => undefined);
  }

  /** Writes one mapped value: 06 for one register, 16 for two. */
  writeValue(def: RegisterDef, value: number): Promise<void> {
    const words = encodeRegisters(value, def);
    return words.length === 1 ? this.writeRegister(def.address, words[0] ?? 0) : this.writeRegisters(def.address, words);
  }

  async readValue(def: RegisterDef): Promise<number> {
    return decodeRegisters(await this.readRegisters(def.table, def.address, wordsOf(def.type)), def);
  }

  /** Reads `defs` in as few requests as their addresses allow; the values in the order of `defs`. */
  async readValues(defs: readonly RegisterDef[]): Promise<number[]> {
    const words = new Map<string, number>();
    for (const table of ['input', 'holding'] as const) {
      const regs = defs.filter((d) => d.table === table).sort((a, b) => a.address - b.address);
      let i = 0;
      while (i < regs.length) {
        const start = (regs[i] as RegisterDef).address;
        let end = start;
        let j = i;
        // Join neighbours that leave no gap while the block stays within one request: a
        // PLC may answer exception 02 for an unmapped register inside the block.
        while (j < regs.length) {
          const d = regs[j] as RegisterDef;
          const last = d.address + wordsOf(d.type) - 1;
          if (d.address > end + 1 || last - start + 1 > MAX_READ_REGISTERS) break;
          end = Math.max(end, last);
          j++;
        }
        const got = await this.readRegisters(table, start, end - start + 1);
        got.forEach((w, k) => words.set(`${table}:${start + k}`, w));
        i = j;
      }
    }
    return defs.map((def) => {
      const ws = [0, 1].slice(0, wordsOf(def.type)).map((k) => words.get(`${def.table}:${def.address + k}`) ?? 0);
      return decodeRegisters(ws, def);
    });
  }

  /** Reads every mapped quantity in as few requests as the map allows. */
  async read(): Promise<BenchReading> {
    const map = this.fullMap();
    const q = map.quantities;
    const named = Object.entries(q).filter((e): e is [string, RegisterDef] => e[1] !== undefined);
    const defs = [...named.map(([, d]) => d), ...map.positions.map((p) => p.indicatedL)];
    const values = await this.readValues(defs);
    const byName = new Map(named.map(([k], i) => [k, values[i] ?? NaN]));
    const value = (k: string): number => byName.get(k) ?? NaN;
    const out: BenchReading = { flowLph: value('flowLph'), waterTempC: value('waterTempC'), reference: value('reference'), indicatedL: {} };
    if (q.inletKpa !== undefined) out.inletKpa = value('inletKpa');
    if (q.airTempC !== undefined) out.airTempC = value('airTempC');
    if (q.airHPa !== undefined) out.airHPa = value('airHPa');
    if (q.airRhPct !== undefined) out.airRhPct = value('airRhPct');
    map.positions.forEach((p, i) => {
      out.indicatedL[p.position] = values[named.length + i] ?? NaN;
    });
    return out;
  }

  /** Starts a run through the map's control registers (set points by 16, command by 06). */
  async start(targetFlowLph: number, targetVolumeL: number): Promise<void> {
    const c = this.control();
    if (c.targetFlowLph !== undefined) await this.writeValue(c.targetFlowLph, targetFlowLph);
    if (c.targetVolumeL !== undefined) await this.writeValue(c.targetVolumeL, targetVolumeL);
    await this.writeValue(c.command, c.commands.start);
  }

  async stop(): Promise<void> {
    const c = this.control();
    await this.writeValue(c.command, c.commands.stop);
  }

  private fullMap(): RegisterMap {
    if (!isFullMap(this.map)) throw new BenchError('invalid-register-map', 'this PLC was opened without a register map: name the registers to read');
    return this.map;
  }

  private control(): NonNullable<RegisterMap['control']> {
    const map = this.fullMap();
    if (map.control === undefined) throw new BenchError('modbus-no-control', 'this register map has no control registers: start and stop the run on the PLC');
    return map.control;
  }

  /** A PLC has no identity command: reading the flow register proves it answers. */
  async identify(): Promise<BenchIdentity> {
    const map = this.fullMap();
    await this.readValue(map.quantities.flowLph);
    return { protocol: 'modbus-rtu', sn: `unit ${map.unitId}`, model: map.name, positions: map.positions.length };
  }

  override dispose(): void {
    this.framer.dispose();
    super.dispose();
  }
}
