/**
 * Opens a port and puts the right driver on it: the one place that knows each protocol's
 * default link settings (docs/bench-protocols.md: WMB/1 115200 8N1, MT-SICS 9600 8N1; Modbus RTU
 * per the Modbus serial line spec, 19200 8E1, unless the bench is set otherwise).
 */
import type { RawRecordSink, SerialPortLike } from './types.ts';
import { SerialTransport } from './transport/transport.ts';
import type { Trace } from './transport/trace.ts';
import type { Clock } from './types.ts';
import { Wmb1Driver } from './wmb1/driver.ts';
import { MtSicsDriver } from './mtsics/driver.ts';
import { ModbusRtuDriver, type UnitOnly } from './modbus/driver.ts';
import type { RegisterMap } from './modbus/registerMap.ts';

export const DEFAULT_SERIAL_OPTIONS = {
  wmb1: { baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' },
  'mt-sics': { baudRate: 9600, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' },
  'modbus-rtu': { baudRate: 19200, dataBits: 8, stopBits: 1, parity: 'even', flowControl: 'none' },
} as const satisfies Record<string, SerialOptions>;

interface Common {
  port: SerialPortLike;
  sink: RawRecordSink;
  trace?: Trace;
  clock?: Clock;
  serialOptions?: SerialOptions;
  /** defaults to a fresh random id */
  connectionId?: string;
  commandTimeoutMs?: number;
}

export type ConnectOptions =
  | (Common & { protocol: 'wmb1'; activityTimeoutMs?: number })
  | (Common & { protocol: 'mt-sics' })
  | (Common & { protocol: 'modbus-rtu'; map: RegisterMap | UnitOnly; minSilenceMs?: number });

export interface Connection<D> {
  transport: SerialTransport;
  driver: D;
  /** cancels reading, releases the locks, closes the port */
  close(): Promise<void>;
}

function newConnectionId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `c-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export async function connectBench(o: Common & { protocol: 'wmb1'; activityTimeoutMs?: number }): Promise<Connection<Wmb1Driver>>;
export async function connectBench(o: Common & { protocol: 'mt-sics' }): Promise<Connection<MtSicsDriver>>;
export async function connectBench(o: Common & { protocol: 'modbus-rtu'; map: RegisterMap | UnitOnly; minSilenceMs?: number }): Promise<Connection<ModbusRtuDriver>>;
export async function connectBench(o: ConnectOptions): Promise<Connection<Wmb1Driver | MtSicsDriver | ModbusRtuDriver>> {
  const transport = new SerialTransport(o.port, { trace: o.trace, clock: o.clock });
  const serialOptions = o.serialOptions ?? DEFAULT_SERIAL_OPTIONS[o.protocol];
  const base = { link: transport, sink: o.sink, connectionId: o.connectionId ?? newConnectionId(), commandTimeoutMs: o.commandTimeoutMs };
  let driver: Wmb1Driver | MtSicsDriver | ModbusRtuDriver;
  if (o.protocol === 'wmb1') driver = new Wmb1Driver({ ...base, activityTimeoutMs: o.activityTimeoutMs });
  else if (o.protocol === 'mt-sics') driver = new MtSicsDriver(base);
  else driver = new ModbusRtuDriver({ ...base, map: o.map, baudRate: serialOptions.baudRate, minSilenceMs: o.minSilenceMs });
  await transport.open(serialOptions);
  return {
    transport,
    driver,
    close: async () => {
      await transport.disconnect();
      driver.dispose();
    },
  };
}
