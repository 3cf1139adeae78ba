/**
 * 测试连接 (issue 14 item 1): opens a PLC bench's port(s) with the configuration's links,
 * identifies the PLC (reads its flow register) and the balance (`@`), reads every
 * configured register once and judges each value's plausibility, then closes the ports.
 * A value no water bench can show — an f32 that decodes to NaN or to an absurd number —
 * is almost always a wrong data type or word order in the map, and is said so.
 *
 * Not a verification: nothing is recorded in the original record (the exchanges go to a
 * memory sink and are dropped), no session is started. The ports come from the caller:
 * the demo pair (createDemoPlcBench) or the ones the person picked.
 */
import { plcRegisters, type PlcConfig, type SerialLink } from '../../bench/config/benchConfig.ts';
import { connectBench, type Connection } from '../../bench/connect.ts';
import type { ModbusRtuDriver } from '../../bench/modbus/driver.ts';
import type { RegisterDef, RegisterMap } from '../../bench/modbus/registerMap.ts';
import type { MtSicsDriver } from '../../bench/mtsics/driver.ts';
import { MemorySink, type Clock, type SerialPortLike } from '../../bench/types.ts';

/** How a read value looks to someone who knows water benches. */
export type Plausibility =
  /** inside what the quantity can be on a water bench */
  | 'ok'
  /** a number, but outside the quantity's range (a wrong scale, a wrong register?) */
  | 'out-of-range'
  /** NaN, infinite or absurd: a wrong data type or word order, most likely */
  | 'wrong-type'
  /** the PLC did not answer it (exception, timeout) */
  | 'failed';

export interface RegisterProbe {
  /** the JSON path under `setup` (`plc.registers.flowLph`), as in plcRegisters */
  path: string;
  def: RegisterDef;
  value: number | null;
  plausibility: Plausibility;
  /** for 'failed': the error, for the sentence */
  error?: unknown;
}

export interface ConnectionReport {
  /** the PLC answered its flow register */
  plc: { ok: true; flowLph: number } | { ok: false; error: unknown };
  /** the balance answered `@` (null: the reference is not a balance) */
  balance: { ok: true; sn: string } | { ok: false; error: unknown } | null;
  registers: RegisterProbe[];
}

export interface ConnectionTestOptions {
  plcPort: SerialPortLike;
  balancePort: SerialPortLike | null;
  /** the bench clock (the demo pair's), default: the system's */
  clock?: Clock;
  /** what is being done, step by step (for the progress bar) */
  onProgress?: (done: number, total: number) => void;
  commandTimeoutMs?: number;
}

/** The range each quantity can take on a water bench (issue 14: water 1–50 °C, flow ≥ 0, pressure 0–4000 kPa). */
const ranges: Record<string, readonly [number, number]> = {
  flowLph: [0, 100_000],
  targetFlowLph: [0, 100_000],
  waterTempC: [1, 50],
  inletKpa: [0, 4000],
  outletKpa: [0, 4000],
  tightnessKpa: [0, 4000],
  airTempC: [-10, 50],
  airHPa: [800, 1100],
  airRhPct: [0, 100],
  volumeL: [0, 100_000],
};

/** Past this no bench quantity goes, in any unit: the bits were read as the wrong type. */
const ABSURD = 1e7;

export function plausibilityOf(path: string, def: RegisterDef, value: number): Plausibility {
  if (!Number.isFinite(value) || Math.abs(value) > ABSURD) return 'wrong-type';
  // An f32 whose words are swapped reads as a tiny denormal-like number or a huge one.
  if (def.type === 'f32' && value !== 0 && Math.abs(value) < 1e-6) return 'wrong-type';
  const key = path.split('.').pop() ?? '';
  if (key === 'counter' || key === 'pulses') return value >= 0 ? 'ok' : 'out-of-range';
  const range = ranges[key];
  if (range === undefined) return 'ok';
  return value >= range[0] && value <= range[1] ? 'ok' : 'out-of-range';
}

function serialOptionsOf(link: SerialLink): SerialOptions {
  return { baudRate: link.baudRate, dataBits: link.dataBits, stopBits: link.stopBits, parity: link.parity, flowControl: 'none' };
}

/** The driver reads single registers by their own definition; the map only gives it the unit id. */
function probeMap(config: PlcConfig): RegisterMap {
  const { flowLph, waterTempC } = config.setup.plc.registers;
  return { name: config.name, unitId: config.setup.plc.unitId, referenceUnit: 'kg', quantities: { flowLph, waterTempC, reference: flowLph }, positions: [{ position: 1, indicatedL: flowLph }] };
}

const pathText = (path: ReadonlyArray<string | number>) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

export async function testPlcConnection(config: PlcConfig, o: ConnectionTestOptions): Promise<ConnectionReport> {
  const registers = plcRegisters(config.setup).filter((r) => !r.path.includes('valves') && r.path[r.path.length - 1] !== 'register');
  const wantsBalance = config.setup.reference.kind === 'balance';
  const total = 1 + (wantsBalance ? 1 : 0) + registers.length;
  let done = 0;
  const step = () => o.onProgress?.(++done, total);
  o.onProgress?.(0, total);
  const sink = new MemorySink();
  const common = { sink, ...(o.clock ? { clock: o.clock } : {}), commandTimeoutMs: o.commandTimeoutMs ?? 1000 };
  let plc: Connection<ModbusRtuDriver> | null = null;
  let balance: Connection<MtSicsDriver> | null = null;
  const report: ConnectionReport = { plc: { ok: false, error: null }, balance: null, registers: [] };
  try {
    try {
      plc = await connectBench({ ...common, protocol: 'modbus-rtu', port: o.plcPort, map: probeMap(config), serialOptions: serialOptionsOf(config.setup.plc.link) });
      report.plc = { ok: true, flowLph: await plc.driver.readValue(config.setup.plc.registers.flowLph) };
    } catch (error) {
      report.plc = { ok: false, error };
    }
    step();
    if (wantsBalance && config.setup.reference.kind === 'balance') {
      try {
        if (o.balancePort === null) throw new Error('no balance port');
        balance = await connectBench({ ...common, protocol: 'mt-sics', port: o.balancePort, serialOptions: serialOptionsOf(config.setup.reference.link) });
        report.balance = { ok: true, sn: (await balance.driver.identify()).sn };
      } catch (error) {
        report.balance = { ok: false, error };
      }
      step();
    }
    for (const r of registers) {
      const path = pathText(r.path);
      if (!report.plc.ok || plc === null) {
        report.registers.push({ path, def: r.def, value: null, plausibility: 'failed', error: report.plc.ok ? null : report.plc.error });
      } else {
        try {
          const value = await plc.driver.readValue(r.def);
          report.registers.push({ path, def: r.def, value, plausibility: plausibilityOf(path, r.def, value) });
        } catch (error) {
          report.registers.push({ path, def: r.def, value: null, plausibility: 'failed', error });
        }
      }
      step();
    }
    return report;
  } finally {
    await Promise.allSettled([plc?.close(), balance?.close()]);
  }
}
