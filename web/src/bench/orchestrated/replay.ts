/**
 * The runs of a PLC bench, read from the original record alone (docs/bench-config.md
 * "Replay"; docs/architecture.md invariant: everything derived recomputes from raw data):
 * the step lines say which connection is the PLC and which the balance, with the
 * configuration to read them by, which meter is on which position and where each run
 * begins, takes its values and ends (orchestrated/steps.ts); every number comes from the
 * raw Modbus frames and MT-SICS lines themselves.
 *
 * - The PLC's registers are an image: each reply frame is paired with the request before
 *   it on the same connection (Modbus serial is one transaction at a time) and its words
 *   are written into the image; an exception or a damaged frame changes nothing.
 * - The balance's reading is the last `S S` (stable) answer to an `S` command.
 * - `TAKE at=start|end` snapshots the image and the balance: the reference and each
 *   position's pulse counter at start and end. The run's flow and water temperature are
 *   the means of every value read between `FLOW at=on` (the flow steady in its band) and
 *   `FLOW at=off` (the valves about to close) (docs/rules.md R-FLOWBAND).
 * - A visual reading is the last `READ` of its run, phase and position: a correction is a
 *   later line, the typo stays in the record.
 *
 * The same code runs live: the orchestrator (orchestrated/orchestratedBench.ts) feeds it
 * each line as it is recorded and reports the run this replay completes, so what the app
 * showed and what anyone replays later are one computation.
 */
import type { TestPoint } from '../../domain/index.ts';
import { isPlcConfig, parseBenchConfig, type PlcConfig } from '../config/benchConfig.ts';
import { parseReply, parseRequest, FC_READ_HOLDING, FC_READ_INPUT, type ModbusRequest } from '../modbus/frames.ts';
import { wordsOf, type RegisterDef } from '../modbus/registerMap.ts';
import { counterIncrease, decodeRegisters } from '../modbus/values.ts';
import { kgOf, parseMtSics } from '../mtsics/parse.ts';
import type { RunEnd } from '../session/flowBench.ts';
import { asciiBytes, type Direction } from '../types.ts';
import { decodeStep, readingValue } from './steps.ts';

export interface OrchestratedLine {
  seq: number;
  connectionId: string;
  direction: Direction;
  text: string;
  /** when the line was recorded (ms), for the run's duration only */
  atMs?: number;
}

/** One run the record completes: the RE-shaped summary and each mounted position's indicated volume. */
export interface OrchestratedRun {
  runId: string;
  point: TestPoint;
  re: RunEnd;
  /** indicated volume (L) per mounted position that has both readings */
  mv: Map<number, number>;
  /** the meters on the bench when the run ended, by position */
  mounted: ReadonlyMap<number, string>;
  fromSeq: number;
  toSeq: number;
}

interface Snapshot {
  words: Map<string, number>;
  balanceKg: number | null;
  atMs: number | undefined;
}

interface OpenRun {
  point: TestPoint;
  fromSeq: number;
  start: Snapshot | null;
  end: Snapshot | null;
  flow: number[];
  temp: number[];
  readings: Map<string, string>;
}

const key = (table: 'holding' | 'input', address: number) => `${table}:${address}`;

function valueIn(words: ReadonlyMap<string, number>, def: RegisterDef): number | null {
  const ws: number[] = [];
  for (let k = 0; k < wordsOf(def.type); k++) {
    const w = words.get(key(def.table, def.address + k));
    if (w === undefined) return null;
    ws.push(w);
  }
  return decodeRegisters(ws, def);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export class OrchestratedReplay {
  private config: PlcConfig | null = null;
  private configText: string | null = null;
  private plcConn: string | null = null;
  private balanceConn: string | null = null;
  private readonly image = new Map<string, number>();
  private pendingRequest: ModbusRequest | null = null;
  private pendingBalance: string | null = null;
  private balanceKg: number | null = null;
  private readonly open = new Map<string, OpenRun>();
  private collecting: OpenRun | null = null;
  /** the meters on the bench, by position */
  readonly mounted = new Map<number, string>();
  /** every serial ever mounted in these lines */
  readonly serials = new Set<string>();

  /** Takes one line in record order; returns the run it completes, if it completes one. */
  feed(line: OrchestratedLine): OrchestratedRun | null {
    if (line.connectionId === this.plcConn) this.plcLine(line);
    else if (line.connectionId === this.balanceConn) this.balanceLine(line);
    else if (line.direction === 'out') return this.stepLine(line);
    return null;
  }

  private plcLine(line: OrchestratedLine): void {
    const frame = asciiBytes(line.text);
    if (line.direction === 'out') {
      this.pendingRequest = parseRequest(frame);
      return;
    }
    const req = this.pendingRequest;
    this.pendingRequest = null;
    const reply = parseReply(frame);
    if (req === null || req.kind !== 'read' || reply.kind !== 'registers' || reply.fc !== req.fc || reply.unit !== req.unit || reply.registers.length !== req.count) return;
    const table = req.fc === FC_READ_HOLDING ? 'holding' : req.fc === FC_READ_INPUT ? 'input' : null;
    if (table === null) return;
    reply.registers.forEach((w, k) => this.image.set(key(table, req.address + k), w));
    const run = this.collecting;
    const regs = this.config?.setup.plc.registers;
    if (run === null || regs === undefined) return;
    // A sample is a read that covered the whole value.
    const covers = (def: RegisterDef) => def.table === table && def.address >= req.address && def.address + wordsOf(def.type) <= req.address + req.count;
    if (covers(regs.flowLph)) run.flow.push(valueIn(this.image, regs.flowLph) ?? NaN);
    if (covers(regs.waterTempC)) run.temp.push(valueIn(this.image, regs.waterTempC) ?? NaN);
  }

  private balanceLine(line: OrchestratedLine): void {
    if (line.direction === 'out') {
      this.pendingBalance = line.text.trim();
      return;
    }
    const cmd = this.pendingBalance;
    this.pendingBalance = null;
    const reply = parseMtSics(line.text);
    if (cmd === 'S' && reply.kind === 'weight' && reply.stable) this.balanceKg = kgOf(reply);
  }

  private snapshot(atMs: number | undefined): Snapshot {
    return { words: new Map(this.image), balanceKg: this.balanceKg, atMs };
  }

  private stepLine(line: OrchestratedLine): OrchestratedRun | null {
    const s = decodeStep(line.text);
    if (s === null) return null;
    switch (s.verb) {
      case 'SETUP': {
        if (s.config !== this.configText) {
          try {
            const c = parseBenchConfig(JSON.parse(s.config));
            this.config = isPlcConfig(c) ? c : null;
          } catch {
            this.config = null;
          }
          this.configText = s.config;
        }
        // A new connection: nothing read on the old one is carried over.
        if (s.plc !== this.plcConn) this.image.clear();
        if (s.balance !== this.balanceConn) this.balanceKg = null;
        this.plcConn = s.plc;
        this.balanceConn = s.balance;
        this.pendingRequest = null;
        this.pendingBalance = null;
        return null;
      }
      case 'MOUNT':
        if (s.meter === '') this.mounted.delete(s.pos);
        else {
          this.mounted.set(s.pos, s.meter);
          this.serials.add(s.meter);
        }
        return null;
      case 'BEGIN':
        this.open.set(s.id, { point: s.point, fromSeq: line.seq, start: null, end: null, flow: [], temp: [], readings: new Map() });
        return null;
      case 'TAKE': {
        const run = this.open.get(s.id);
        if (run === undefined) return null;
        if (s.at === 'start') run.start = this.snapshot(line.atMs);
        else run.end = this.snapshot(line.atMs);
        return null;
      }
      case 'FLOW': {
        const run = this.open.get(s.id);
        if (run === undefined) return null;
        if (s.at === 'on') {
          run.flow = [];
          run.temp = [];
          this.collecting = run;
        } else if (this.collecting === run) this.collecting = null;
        return null;
      }
      case 'READ': {
        this.open.get(s.id)?.readings.set(`${s.at}:${s.pos}`, s.typed);
        return null;
      }
      case 'VOID': {
        const run = this.open.get(s.id);
        if (run !== undefined && this.collecting === run) this.collecting = null;
        this.open.delete(s.id);
        return null;
      }
      case 'END': {
        const run = this.open.get(s.id);
        this.open.delete(s.id);
        if (run === undefined) return null;
        if (this.collecting === run) this.collecting = null;
        return this.complete(s.id, run, line.seq);
      }
    }
  }

  /** The run's summary from its two takes, or null when the record cannot give one. */
  private complete(runId: string, run: OpenRun, toSeq: number): OrchestratedRun | null {
    const c = this.config;
    const { start, end } = run;
    if (c === null || start === null || end === null) return null;
    const s = c.setup;
    const flow = run.flow.filter(Number.isFinite);
    if (flow.length === 0) return null;
    const temp = run.temp.filter(Number.isFinite);
    const waterC = temp.length > 0 ? mean(temp) : valueIn(end.words, s.plc.registers.waterTempC);
    if (waterC === null) return null;

    let ref: number | null;
    let unit: RunEnd['unit'];
    let k: number | null = null;
    const r = s.reference;
    if (r.kind === 'balance') {
      ref = start.balanceKg === null || end.balanceKg === null ? null : end.balanceKg - start.balanceKg;
      unit = 'kg';
    } else if (r.kind === 'master-meter') {
      const a = valueIn(start.words, r.pulses);
      const b = valueIn(end.words, r.pulses);
      ref = a === null || b === null ? null : counterIncrease(a, b, r.pulses);
      unit = 'pulse';
      k = r.pulsesPerL;
    } else {
      const a = valueIn(start.words, r.volumeL);
      const b = valueIn(end.words, r.volumeL);
      ref = a === null || b === null ? null : b - a;
      unit = 'L';
    }
    if (ref === null) return null;

    const regs = s.plc.registers;
    const air = (def: RegisterDef | undefined, fixed: number | undefined) => (def === undefined ? (fixed ?? NaN) : (valueIn(end.words, def) ?? NaN));
    const re: RunEnd = {
      verb: 'RE',
      id: runId,
      durS: start.atMs !== undefined && end.atMs !== undefined ? (end.atMs - start.atMs) / 1000 : 0,
      lph: mean(flow),
      waterC,
      airC: air(regs.airTempC, s.air?.tempC),
      airHPa: air(regs.airHPa, s.air?.pressureHPa),
      airRhPct: air(regs.airRhPct, s.air?.humidityPct),
      ref,
      unit,
      k,
    };

    const mv = new Map<number, number>();
    for (const [pos] of this.mounted) {
      if (s.reading === 'pulse') {
        const p = s.positions.find((x) => x.position === pos);
        if (p?.counter === undefined || p.pulsesPerL === undefined) continue;
        const a = valueIn(start.words, p.counter);
        const b = valueIn(end.words, p.counter);
        if (a !== null && b !== null) mv.set(pos, counterIncrease(a, b, p.counter) / p.pulsesPerL);
      } else {
        const a = readingValue(run.readings.get(`start:${pos}`) ?? '');
        const b = readingValue(run.readings.get(`end:${pos}`) ?? '');
        if (a !== null && b !== null) mv.set(pos, b - a);
      }
    }
    return { runId, point: run.point, re, mv, mounted: new Map(this.mounted), fromSeq: run.fromSeq, toSeq };
  }
}

/** Every run of every PLC setup in `lines` (in record order). */
export function replayOrchestratedRuns(lines: Iterable<OrchestratedLine>): { serials: Set<string>; runs: OrchestratedRun[] } {
  const replay = new OrchestratedReplay();
  const runs: OrchestratedRun[] = [];
  for (const l of lines) {
    const r = replay.feed(l);
    if (r !== null) runs.push(r);
  }
  return { serials: replay.serials, runs };
}
