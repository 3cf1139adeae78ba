/**
 * CONTRACT STUB (lead): the simulator helper replaces the body; the exported names and
 * shapes are fixed. The in-browser PLC bench and balance pair for the demo and the tests:
 * one physical model (valves, flow ramp, water temperature, pressures and their decay,
 * each position's pulse counter, the water collected on the balance), served over Modbus
 * RTU on one demo port and over MT-SICS on another, on one bench clock.
 */
import type { PlcConfig } from '../config/benchConfig.ts';
import type { Clock } from '../types.ts';
import type { DemoPort } from './demoPort.ts';
import type { SimDevice } from './device.ts';

/** What can go wrong on the simulated bench, on demand (demo and tests). */
export type PlcBenchFault =
  /** the valves stay open whatever is written: water keeps flowing */
  | { kind: 'valve-stuck' }
  /** the balance never gives a stable reading (`S` answers `S I`) */
  | { kind: 'balance-never-settles' }
  /** the next Modbus request is answered with this exception code (e.g. 4, slave device failure) */
  | { kind: 'exception-once'; code: number }
  /** the meter on `pos` reads `pct` % more than the water that went through it */
  | { kind: 'meter-error'; pos: number; pct: number }
  /** the test pressure leaks away (kPa per second) */
  | { kind: 'leak'; kpaPerS: number }
  /** back to a healthy bench */
  | { kind: 'clear' };

export interface PlcBenchModelView {
  /** L/h now */
  readonly flowLph: number;
  readonly valvesOpen: boolean;
  /** kg of water on the balance (gross) */
  readonly collectedKg: number;
  readonly tightnessKpa: number;
  fault(f: PlcBenchFault): void;
}

export interface DemoPlcBench {
  plcPort: DemoPort<SimDevice>;
  /** null when the configuration's reference is not a balance */
  balancePort: DemoPort<SimDevice> | null;
  model: PlcBenchModelView;
  /** the bench clock the simulator runs on: give it to openPlcBench as `benchClock` */
  clock: Clock;
  dispose(): void;
}

export interface DemoPlcBenchOptions {
  config: PlcConfig;
  /** how many times faster than real time the bench runs (default 1) */
  speed?: number;
  seed?: number;
  /** the wall clock the bench clock is derived from (default: system) */
  baseClock?: Clock;
}

export function createDemoPlcBench(_options: DemoPlcBenchOptions): DemoPlcBench {
  throw new Error('not implemented yet');
}
