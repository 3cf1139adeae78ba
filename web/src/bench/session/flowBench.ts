/**
 * What the session needs of a bench that runs the flow test itself (WMB/1 is the one we
 * have; a PLC bench behind a WMB/1-shaped adapter would fit the same slot), and how a
 * run's RE and MV lines become the domain's `Run` — data conversion only: every rule
 * (Va, E, MPE, validity, verdicts) is computed by web/src/domain.
 */
import type { ReferenceReading, Run, TestPoint } from '../../domain/index.ts';
import type { BenchIdentity, Listener } from '../driver.ts';
import type { BenchState, Wmb1Message } from '../wmb1/messages.ts';

export interface FlowBench {
  readonly faults: Readonly<Partial<Record<string, number>>>;
  identify(): Promise<BenchIdentity>;
  load(pos: number, serial: string): Promise<void>;
  press(kpa: number, holdS: number): Promise<void>;
  /** `band`: the point's allowed flow (docs/rules.md R-FLOWBAND); a bench the app runs waits for stable flow inside it */
  run(id: string, point: TestPoint, lph: number, volL: number, band?: { minLph: number; maxLph: number }): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<{ state: BenchState; id: string | null }>;
  on(listener: Listener<Wmb1Message>): () => void;
}

export type RunEnd = Extract<Wmb1Message, { verb: 'RE' }>;

/**
 * RE → the reference reading by bench method (docs/bench-protocols.md WMB/1, RE;
 * docs/rules.md R-VA-WEIGH, R-VA-MASTER, R-VA-TANK).
 */
export function referenceOf(re: RunEnd): ReferenceReading {
  switch (re.unit) {
    case 'kg':
      // The balance room's air, as the bench measured it, for the buoyancy correction.
      return { method: 'weighing', netMassKg: re.ref, air: { tempC: re.airC, pressureHPa: re.airHPa, humidityPct: re.airRhPct } };
    case 'pulse':
      return { method: 'master-meter', pulses: re.ref, pulsesPerL: re.k ?? NaN };
    case 'L':
      // WMB/1 gives the tank volume already read; it carries no tank temperature or β.
      return { method: 'volume', volumeL: re.ref };
  }
}

export function runOf(point: TestPoint, re: RunEnd, indicatedL: number): Run {
  return { point, flowLph: re.lph, waterTempC: re.waterC, indicatedL, reference: referenceOf(re) };
}
