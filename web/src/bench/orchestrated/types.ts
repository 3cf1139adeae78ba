/**
 * The contract of a PLC bench the app runs itself (docs/bench-config.md): how it is
 * opened on two ports, what the session drives it through (the same `FlowBench` slot as a
 * WMB/1 bench, so the same session state machine and domain rules apply), and how the
 * operator's typed readings reach it in visual-reading mode.
 */
import type { TestPoint } from '../../domain/index.ts';
import type { PlcConfig } from '../config/benchConfig.ts';
import type { FlowBench } from '../session/flowBench.ts';
import type { Trace } from '../transport/trace.ts';
import type { Clock, RawRecordSink, SerialPortLike } from '../types.ts';

/**
 * The operator's readings of one phase of one run (visual reading, 启停法 by eye): the
 * screen shows it, the operator types each position's register reading, `enter` records
 * it — the text as typed, with who typed it and when, in the original record — and
 * resolves once it is on disk; a second entry for a position is a correction and must
 * give its reason (the first stays in the record). `done` lets the run go on.
 */
export interface ReadingRequest {
  runId: string;
  point: TestPoint;
  at: 'start' | 'end';
  /** the mounted meters, in position order */
  positions: ReadonlyArray<{ pos: number; serial: string }>;
  /** the run's target volume (L): what a plausible pair of readings moves by */
  volL: number;
  /** for `end`: this run's start readings (L) by position, to question an implausible pair */
  startReadings: ReadonlyMap<number, number>;
  /** records one typed reading; rejects when it could not be recorded (nothing is then taken) */
  enter(pos: number, typed: string, correction?: { reason: string }): Promise<void>;
  /** every position has its reading: the run goes on (rejects if one is missing or unreadable) */
  done(): void;
  /** aborted when the run is stopped before `done` (STOP, a lost cable) */
  readonly signal: AbortSignal;
}

/** Where the bench asks for readings; the UI's reading sheet, or a script in tests. */
export type ManualReader = (request: ReadingRequest) => void;

export interface PlcBenchOptions {
  config: PlcConfig;
  /** the PLC's port (Modbus RTU) */
  plcPort: SerialPortLike;
  /** the balance's port (MT-SICS); required when the reference is a balance, otherwise null */
  balancePort: SerialPortLike | null;
  /** the original record: every frame, line and step line goes here before it is interpreted */
  sink: RawRecordSink;
  /** the wall clock the record is stamped with (default: system) */
  clock?: Clock;
  /**
   * the clock the bench's waits, polls and pressure-hold seconds run on (default: `clock`);
   * the demo bench and tests run it faster than real time, with the simulator on the same clock
   */
  benchClock?: Clock;
  /** who types readings (visual mode): the signed-in operator */
  operator: string;
  /** visual mode: where readings are asked for */
  reader?: ManualReader;
  trace?: Trace;
  /** a command's answer timeout, ms of real time (default 1000) */
  commandTimeoutMs?: number;
  /** serial options per port; default: the configuration's links (a Linux pty refuses parity: tests pass 8N1) */
  serialOptions?: { plc?: SerialOptions; balance?: SerialOptions };
  /** Modbus inter-frame silence floor (ms) */
  minSilenceMs?: number;
}

/** An opened PLC bench: what the session drives, and the one way to let go of both ports. */
export interface PlcBenchConnection {
  bench: FlowBench;
  /** the connection ids in the record: the PLC's, the balance's (or null) and the step lines' */
  connections: { plc: string; balance: string | null; steps: string };
  close(): Promise<void>;
}
