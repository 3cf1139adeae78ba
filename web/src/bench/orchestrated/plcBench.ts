/**
 * Opens a PLC bench the app runs itself (docs/bench-config.md): the PLC's port (Modbus
 * RTU) and the balance's (MT-SICS), both recording into one tap — the caller's sink, then
 * the live replay — and, before anything is sent, the SETUP step line that names the
 * connections and the configuration their exchanges are read with.
 */
import type { SerialLink } from '../config/benchConfig.ts';
import { connectBench, type Connection } from '../connect.ts';
import { BenchError } from '../errors.ts';
import type { ModbusRtuDriver } from '../modbus/driver.ts';
import type { MtSicsDriver } from '../mtsics/driver.ts';
import { systemClock } from '../types.ts';
import { OrchestratedBench } from './orchestratedBench.ts';
import { ReplayTap, StepLog } from './stepLog.ts';
import type { PlcBenchConnection, PlcBenchOptions } from './types.ts';

const serialOptionsOf = (l: SerialLink): SerialOptions => ({ baudRate: l.baudRate, dataBits: l.dataBits, stopBits: l.stopBits, parity: l.parity, flowControl: 'none' });

function newConnectionBase(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `c-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export async function openPlcBench(options: PlcBenchOptions): Promise<PlcBenchConnection> {
  const { config } = options;
  const setup = config.setup;
  const reference = setup.reference;
  if (reference.kind === 'balance' && options.balancePort === null) throw new BenchError('not-connected', 'this bench weighs: choose the balance port too');
  const wallClock = options.clock ?? systemClock;
  const benchClock = options.benchClock ?? wallClock;
  const base = newConnectionBase();
  const ids = { plc: `${base}-plc`, balance: reference.kind === 'balance' ? `${base}-bal` : null, steps: `${base}-steps` };
  const tap = new ReplayTap(options.sink);
  const common = { sink: tap, clock: wallClock, commandTimeoutMs: options.commandTimeoutMs ?? 1000, ...(options.trace === undefined ? {} : { trace: options.trace }) };

  const plc: Connection<ModbusRtuDriver> = await connectBench({
    ...common,
    protocol: 'modbus-rtu',
    port: options.plcPort,
    connectionId: ids.plc,
    map: { unitId: setup.plc.unitId },
    serialOptions: options.serialOptions?.plc ?? serialOptionsOf(setup.plc.link),
    ...(options.minSilenceMs === undefined ? {} : { minSilenceMs: options.minSilenceMs }),
  });
  let balance: Connection<MtSicsDriver> | null = null;
  const closeAll = async () => {
    await plc.close().catch(() => undefined);
    await balance?.close().catch(() => undefined);
  };
  try {
    if (reference.kind === 'balance' && options.balancePort !== null && ids.balance !== null) {
      balance = await connectBench({
        ...common,
        protocol: 'mt-sics',
        port: options.balancePort,
        connectionId: ids.balance,
        serialOptions: options.serialOptions?.balance ?? serialOptionsOf(reference.link),
      });
    }
    const steps = new StepLog(tap, ids.steps, wallClock);
    // Before anything is sent: the replay reads every later frame by this (docs/bench-config.md "Step lines").
    await steps.record({ verb: 'SETUP', bench: config.id, plc: ids.plc, balance: ids.balance, config: JSON.stringify(config) });
    const bench = new OrchestratedBench({
      config,
      plc: plc.driver,
      balance: balance?.driver ?? null,
      steps,
      wallClock,
      benchClock,
      operator: options.operator,
      ...(options.reader === undefined ? {} : { reader: options.reader }),
    });
    return {
      bench,
      connections: ids,
      close: async () => {
        await bench.dispose();
        await closeAll();
      },
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
