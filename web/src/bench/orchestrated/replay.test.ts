/**
 * The PLC-bench replay on a hand-written record: frames built byte by byte (not by the
 * orchestrator), so a wrong pairing, word order, wrap or window shows here first.
 */
import { describe, expect, it } from 'vitest';
import { parseBenchConfig, type PlcConfig } from '../config/benchConfig.ts';
import { withCrc } from '../modbus/crc.ts';
import { readRequest, writeCoilRequest } from '../modbus/frames.ts';
import { encodeRegisters } from '../modbus/values.ts';
import { replayBenchRuns } from '../replay.ts';
import { latin1 } from '../types.ts';
import { OrchestratedReplay, replayOrchestratedRuns, type OrchestratedLine } from './replay.ts';
import { encodeStep, type StepLine } from './steps.ts';

const f32 = { type: 'f32', wordOrder: 'high-first', table: 'input' } as const;
const config = (reading: 'pulse' | 'visual'): PlcConfig =>
  parseBenchConfig({
    format: 'erjian.bench/1',
    id: 'PLC-T1',
    name: 'test bench',
    uRelPct: 0.2,
    setup: {
      kind: 'plc',
      plc: {
        link: { baudRate: 19200 },
        unitId: 1,
        registers: { flowLph: { ...f32, address: 0 }, waterTempC: { table: 'input', address: 2, type: 'u16', scale: 0.01 } },
        control: { valves: [{ kind: 'coil', address: 0 }] },
      },
      reference: { kind: 'balance', link: { baudRate: 9600 } },
      air: { tempC: 20, pressureHPa: 1013.25, humidityPct: 50 },
      reading,
      positions: [
        { position: 1, counter: { table: 'input', address: 10, type: 'u32', wordOrder: 'low-first' }, pulsesPerL: 100 },
        { position: 2, counter: { table: 'input', address: 12, type: 'u16' }, pulsesPerL: 10 },
      ],
    },
  }) as PlcConfig;

/** A 04 reply of registers 0…13: flow, temperature, counters. */
function reply(flowLph: number, tempC: number, c1: number, c2: number): Uint8Array {
  const regs = new Array<number>(14).fill(0);
  encodeRegisters(flowLph, { type: 'f32', wordOrder: 'high-first', scale: 1 }).forEach((w, i) => (regs[i] = w));
  regs[2] = Math.round(tempC * 100);
  encodeRegisters(c1, { type: 'u32', wordOrder: 'low-first', scale: 1 }).forEach((w, i) => (regs[10 + i] = w));
  regs[12] = c2;
  const pdu = [1, 4, regs.length * 2, ...regs.flatMap((w) => [w >> 8, w & 0xff])];
  return withCrc(Uint8Array.from(pdu));
}

class Record {
  readonly lines: OrchestratedLine[] = [];
  private seq = 0;
  step(s: StepLine) {
    this.lines.push({ seq: ++this.seq, connectionId: 'steps', direction: 'out', text: encodeStep(s) });
  }
  plcRead(r: Uint8Array) {
    this.lines.push({ seq: ++this.seq, connectionId: 'plc', direction: 'out', text: latin1(readRequest(1, 4, 0, 14)) });
    this.lines.push({ seq: ++this.seq, connectionId: 'plc', direction: 'in', text: latin1(r) });
  }
  balance(cmd: string, answer: string) {
    this.lines.push({ seq: ++this.seq, connectionId: 'bal', direction: 'out', text: cmd });
    this.lines.push({ seq: ++this.seq, connectionId: 'bal', direction: 'in', text: answer });
  }
}

function oneRun(c: PlcConfig, opts: { c1End?: number; readings?: Array<[string, number, string, string | null]> } = {}): Record {
  const r = new Record();
  r.step({ verb: 'SETUP', bench: 'PLC-T1', plc: 'plc', balance: 'bal', config: JSON.stringify(c) });
  r.step({ verb: 'MOUNT', pos: 1, meter: 'M-1' });
  r.step({ verb: 'MOUNT', pos: 2, meter: 'M-2' });
  r.step({ verb: 'BEGIN', id: 'R1', point: 'Q3', lph: 2500, volL: 100 });
  for (const [at, pos, v, fix] of opts.readings ?? []) if (at === 'start') r.step({ verb: 'READ', id: 'R1', at: 'start', pos, typed: v, by: 'op', fix });
  r.balance('T', 'T S 0.000 kg');
  r.balance('S', 'S S 0.000 kg');
  r.plcRead(reply(0, 20, 4294967000, 65000));
  r.step({ verb: 'TAKE', id: 'R1', at: 'start' });
  r.lines.push({ seq: 99, connectionId: 'plc', direction: 'out', text: latin1(writeCoilRequest(1, 0, true)) });
  r.plcRead(reply(1000, 20, 4294967000, 65000)); // ramping: before the flow window, not counted
  r.step({ verb: 'FLOW', id: 'R1', at: 'on' });
  r.plcRead(reply(2400, 20.1, 0, 0));
  r.plcRead(reply(2600, 20.3, 0, 0));
  // An exception reply changes nothing.
  r.lines.push({ seq: 100, connectionId: 'plc', direction: 'out', text: latin1(readRequest(1, 4, 0, 14)) });
  r.lines.push({ seq: 101, connectionId: 'plc', direction: 'in', text: latin1(withCrc(Uint8Array.of(1, 0x84, 4))) });
  r.step({ verb: 'FLOW', id: 'R1', at: 'off' });
  r.plcRead(reply(0, 20, opts.c1End ?? 9704, 464)); // u32 wrapped; u16 wrapped
  r.balance('SI', 'S S 99.900 kg'); // an SI answer is not a run's reading
  r.balance('S', 'S S 99.820 kg');
  r.step({ verb: 'TAKE', id: 'R1', at: 'end' });
  for (const [at, pos, v, fix] of opts.readings ?? []) if (at === 'end') r.step({ verb: 'READ', id: 'R1', at: 'end', pos, typed: v, by: 'op', fix });
  r.step({ verb: 'END', id: 'R1' });
  return r;
}

describe('OrchestratedReplay', () => {
  it('rebuilds a run from its frames: balance net, flow window means, counters across their wrap', () => {
    const { runs, serials } = replayOrchestratedRuns(oneRun(config('pulse')).lines);
    expect([...serials]).toEqual(['M-1', 'M-2']);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.re).toMatchObject({ unit: 'kg', ref: 99.82, lph: 2500, airC: 20, airHPa: 1013.25, airRhPct: 50 });
    expect(run.re.waterC).toBeCloseTo(20.2, 9);
    // u32: 4294967000 → 9704 is 10000 pulses at 100/L; u16: 65000 → 464 is 1000 pulses at 10/L.
    expect(run.mv.get(1)).toBeCloseTo(100, 9);
    expect(run.mv.get(2)).toBeCloseTo(100, 9);
  });

  it('takes the last reading of each position; a correction supersedes the typo, which stays in the record', () => {
    const readings: Array<[string, number, string, string | null]> = [
      ['start', 1, '100.0', null],
      ['start', 2, '200.0', null],
      ['end', 1, '2001.0', null],
      ['end', 1, '200.1', '多输入一位'],
      ['end', 2, '300.2', null],
    ];
    const rec = oneRun(config('visual'), { readings });
    const run = replayOrchestratedRuns(rec.lines).runs[0]!;
    expect(run.mv.get(1)).toBeCloseTo(100.1, 9);
    expect(run.mv.get(2)).toBeCloseTo(100.2, 9);
    expect(rec.lines.filter((l) => l.text.startsWith('READ')).length).toBe(5);
  });

  it('gives no run for a voided run, a run without its end take, or a position without both readings', () => {
    const r = oneRun(config('visual'), { readings: [['start', 1, '1', null], ['end', 1, '101', null]] });
    const run = replayOrchestratedRuns(r.lines).runs[0]!;
    expect([...run.mv.keys()]).toEqual([1]);
    const voided = new Record();
    voided.lines.push(...oneRun(config('pulse')).lines.filter((l) => !l.text.startsWith('END')));
    voided.step({ verb: 'VOID', id: 'R1', reason: 'valve-not-closed' });
    voided.step({ verb: 'END', id: 'R1' });
    expect(replayOrchestratedRuns(voided.lines).runs).toHaveLength(0);
  });

  it('reads nothing of an old connection after a new SETUP (a reconnect)', () => {
    const replay = new OrchestratedReplay();
    const rec = oneRun(config('pulse'));
    const idx = rec.lines.findIndex((l) => l.text.startsWith('TAKE') && l.text.includes('at=end'));
    // The end values were read on the old PLC connection; a new one is set up before the take.
    rec.lines.splice(idx, 0, { seq: 500, connectionId: 'steps', direction: 'out', text: encodeStep({ verb: 'SETUP', bench: 'PLC-T1', plc: 'plc2', balance: 'bal', config: JSON.stringify(config('pulse')) }) });
    const runs = rec.lines.map((l) => replay.feed(l)).filter((r) => r !== null);
    // The balance kept its connection; the counters' end values are gone with the old PLC one: no indication.
    expect(runs.map((r) => [r.re.ref, r.mv.size])).toEqual([[99.82, 0]]);
  });

  it('is what the per-meter check and the server use: runs by serial in end order, WMB/1 runs untouched', () => {
    const rec = oneRun(config('pulse'));
    const replay = replayBenchRuns(rec.lines);
    expect(replay.runs.map((r) => [r.serial, r.position, r.run.point, r.run.reference.method])).toEqual([
      ['M-1', 1, 'Q3', 'weighing'],
      ['M-2', 2, 'Q3', 'weighing'],
    ]);
    // Without connection ids (an old caller), only WMB/1 is read: nothing here.
    expect(replayBenchRuns(rec.lines.map(({ seq, direction, text }) => ({ seq, direction, text }))).runs).toEqual([]);
  });
});
