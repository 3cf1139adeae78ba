/**
 * Opens the bench `npm run bench-check` drives: a WMB/1 bench through `connectBench`, or
 * a PLC bench (with its balance, when the reference is one) through `openPlcBench`, the
 * app's own orchestrator (docs/bench-config.md "The orchestrated run"). Either way the
 * session gets a `FlowBench`, and every line and frame goes to the recorder before it is
 * interpreted.
 */
import { connectBench, DEFAULT_SERIAL_OPTIONS } from '../../web/src/bench/connect.ts';
import type { BenchConfig, PlcConfig, SerialLink } from '../../web/src/bench/config/benchConfig.ts';
import { NodeSerialPort } from '../../web/src/bench/node/serialportAdapter.ts';
import { openPlcBench } from '../../web/src/bench/orchestrated/plcBench.ts';
import type { ManualReader } from '../../web/src/bench/orchestrated/types.ts';
import type { FlowBench } from '../../web/src/bench/session/flowBench.ts';
import { scaledClock } from '../../web/src/bench/sim/scaledClock.ts';
import type { RawRecordSink } from '../../web/src/bench/types.ts';
import type { CheckArgs } from './benchCheckArgs.ts';

export interface OpenedBench {
  bench: FlowBench;
  close(): Promise<void>;
}

/** A configuration's link as Web Serial options, with the command line's overrides (--baud, --link). */
function serialOptions(link: SerialLink, baud: number | undefined, over: CheckArgs['link']): SerialOptions {
  return { baudRate: baud ?? link.baudRate, dataBits: link.dataBits, stopBits: link.stopBits, parity: link.parity, flowControl: 'none', ...over };
}

export async function openWmb1(args: CheckArgs, config: BenchConfig | null, sink: RawRecordSink, port: string): Promise<OpenedBench> {
  const link: SerialLink = config !== null && config.setup.kind === 'wmb1' ? config.setup.link : DEFAULT_SERIAL_OPTIONS.wmb1;
  const options = serialOptions(link, args.baud, args.link);
  const conn = await connectBench({ protocol: 'wmb1', port: new NodeSerialPort(port), sink, serialOptions: options, commandTimeoutMs: args.timeout ?? 3000 });
  return { bench: conn.driver, close: () => conn.close() };
}

export async function openPlc(args: CheckArgs, config: PlcConfig, sink: RawRecordSink, port: string, reader: ManualReader | undefined): Promise<OpenedBench> {
  const s = config.setup;
  const balanceLink = s.reference.kind === 'balance' ? s.reference.link : null;
  const conn = await openPlcBench({
    config,
    plcPort: new NodeSerialPort(port),
    balancePort: balanceLink !== null && args.balancePort !== undefined ? new NodeSerialPort(args.balancePort) : null,
    sink,
    benchClock: args.speed === undefined ? undefined : scaledClock(args.speed),
    operator: args.operator,
    reader,
    commandTimeoutMs: args.timeout,
    serialOptions: {
      plc: serialOptions(s.plc.link, args.baud, args.link),
      ...(balanceLink === null ? {} : { balance: serialOptions(balanceLink, undefined, args.link) }),
    },
  });
  return { bench: conn.bench, close: () => conn.close() };
}
