/**
 * How the bench screen opens the bench it was told to connect, the first time and again
 * after a pulled cable (the same function: a demo port is plugged back in, a real port is
 * chosen again): a WMB/1 bench on one port (connectBench), or a PLC bench with its balance
 * on two ports (openPlcBench; docs/bench-config.md). Either gives the session the same
 * `FlowBench` slot, so the session state machine and the domain rules are the same.
 */
import { connectBench, type Clock, type FlowBench, type RawRecordSink, type SerialPortLike, type Trace } from '../../bench/index.ts';
import type { PlcConfig, SerialLink } from '../../bench/config/benchConfig.ts';
import { openPlcBench } from '../../bench/orchestrated/plcBench.ts';
import type { ManualReader } from '../../bench/orchestrated/types.ts';

/** An opened bench: what the session drives, and the one way to let go of its port(s). */
export interface OpenedBench {
  bench: FlowBench;
  close(): Promise<void>;
}

/** Opens the bench; the link gives it the original record and the trace. */
export type OpenBench = (io: { sink: RawRecordSink; trace: Trace }) => Promise<OpenedBench>;

/** Which port the operator is asked to choose (the prompt names it: ./port-prompt.ts). */
export type PortRole = 'wmb1' | 'plc' | 'balance';

/** Asks the operator for a port: the demo plugs its own in, a real PC shows the browser's picker after saying which. */
export type ChoosePort = (role: PortRole) => Promise<SerialPortLike>;

/** Web Serial's options from a configuration's link (docs/bench-config.md, `link`). */
export function serialOptionsOf(link: SerialLink): SerialOptions {
  return { baudRate: link.baudRate, dataBits: link.dataBits, stopBits: link.stopBits, parity: link.parity, flowControl: 'none' };
}

export function wmb1Opener(port: () => Promise<SerialPortLike>, link: SerialLink | null = null): OpenBench {
  return async ({ sink, trace }) => {
    const c = await connectBench({ protocol: 'wmb1', port: await port(), sink, trace, ...(link === null ? {} : { serialOptions: serialOptionsOf(link) }) });
    return { bench: c.driver, close: () => c.close() };
  };
}

export interface PlcOpenerOptions {
  config: PlcConfig;
  /** the PLC's port first, then the balance's (when the reference is a balance): one prompt each */
  choose: ChoosePort;
  /** the wall clock the record is stamped with */
  clock: Clock;
  /** the clock the bench's waits run on (the demo's, faster than real time) */
  benchClock?: Clock;
  operator: string;
  /** where readings are asked for (visual reading) */
  reader: ManualReader;
}

export function plcOpener(o: PlcOpenerOptions): OpenBench {
  return async ({ sink, trace }) => {
    const plcPort = await o.choose('plc');
    const balancePort = o.config.setup.reference.kind === 'balance' ? await o.choose('balance') : null;
    const c = await openPlcBench({
      config: o.config,
      plcPort,
      balancePort,
      sink,
      trace,
      clock: o.clock,
      ...(o.benchClock === undefined ? {} : { benchClock: o.benchClock }),
      operator: o.operator,
      reader: o.reader,
    });
    return { bench: c.bench, close: () => c.close() };
  };
}
