/**
 * The in-browser PLC bench and balance pair for the demo and the tests:
 * one physical model (valves, flow ramp, water temperature, pressures and their decay,
 * each position's pulse counter, the water collected on the balance), served over Modbus
 * RTU on one demo port and over MT-SICS on another, on one bench clock.
 */
import type { PlcConfig } from '../config/benchConfig.ts';
import { systemClock, type Clock } from '../types.ts';
import { DemoPort } from './demoPort.ts';
import type { SimDevice } from './device.ts';
import { MtSicsBalanceSim } from './mtsicsBalance.ts';
import { PlcBenchModel } from './plcBenchModel.ts';
import { PlcSlaveSim } from './plcSlaveSim.ts';
import { scaledClock } from './scaledClock.ts';

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
  /** what the meter on `pos` shows on its register now (L): what a person reads by eye in the demo */
  indicatedL(pos: number): number;
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

export function createDemoPlcBench(options: DemoPlcBenchOptions): DemoPlcBench {
  const { config } = options;
  const seed = options.seed ?? 1;
  const clock = scaledClock(options.speed ?? 1, options.baseClock ?? systemClock);
  const model = new PlcBenchModel({ config, clock, seed });
  const slave = new PlcSlaveSim({ config, model, clock });
  const devices: SimDevice[] = [slave];
  let balancePort: DemoPort<SimDevice> | null = null;
  if (config.setup.reference.kind === 'balance') {
    const balance = new MtSicsBalanceSim({
      clock,
      seed: (seed ^ 0x5bd1e995) >>> 0,
      sn: `B${config.id.replace(/[^0-9A-Za-z]/g, '').slice(-9)}`,
      // A collector that takes several Q3 runs of a DN15–DN25 meter before the operator drains it.
      capacityKg: 600,
      settleMs: 1500,
      grossKg: () => model.collectedKg,
      grossChangedAt: () => model.collectedChangedAt,
      neverSettles: () => model.balanceNeverSettles,
    });
    devices.push(balance);
    balancePort = new DemoPort<SimDevice>(balance);
  }
  return {
    plcPort: new DemoPort<SimDevice>(slave),
    balancePort,
    model,
    clock,
    dispose: () => {
      for (const d of devices) d.dispose();
    },
  };
}
