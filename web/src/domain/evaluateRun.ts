/**
 * The verdict on one flow-test run (JJG 162-2019 检定方法 · 示值误差; docs/rules.md R-ERROR):
 * Va by bench method, E, the zone of the actual flow, its MPE, validity and pass.
 * Metrology only: the pilot's scope is a property of the meter, not of a run, and never
 * makes a run invalid or failed (docs/rules.md R-SCOPE).
 * Pure and deterministic: recomputing from the raw run and the same profile gives the
 * same answer (docs/architecture.md, invariants).
 */
import { flowPoints } from './flowPoints.ts';
import { flowZone } from './flowZone.ts';
import { indicationError } from './indicationError.ts';
import { mpeFor } from './mpe.ts';
import { requirePositive } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import { referenceVolume } from './referenceVolume.ts';
import { invalidRunReasons, type RunReason } from './runConditions.ts';
import type { FlowZone, Meter, Run } from './types.ts';

export interface RunEvaluation {
  /** actual (reference) volume Va at the meter (L) */
  vaL: number;
  /** indication error E (%), unrounded; report it with `roundHalfEven(E, 2)` */
  errorPct: number;
  zone: FlowZone;
  /** MPE of the zone of the actual flow (%) */
  mpePct: number;
  /** the run is a valid test (flow in band, temperature in class, volume large enough) */
  valid: boolean;
  /** valid and |E| ≤ MPE, compared unrounded */
  pass: boolean;
  reasons: RunReason[];
}

/**
 * @throws InvalidInputError when a reading is not physically meaningful (Va ≤ 0, K ≤ 0,
 *   water temperature outside the density model, …).
 */
export function evaluateRun(meter: Meter, run: Run, profile: RegulationProfile): RunEvaluation {
  requirePositive('meter.deltaL', meter.deltaL);
  requirePositive('meter.dn', meter.dn);
  requirePositive('run.flowLph', run.flowLph);
  const points = flowPoints(meter.q3M3h, meter.r, profile);
  const vaL = referenceVolume(run.reference, run.waterTempC, profile);
  const errorPct = indicationError(run.indicatedL, vaL);
  const zone = flowZone(run.flowLph, points);
  const mpePct = mpeFor(meter.accuracyClass, zone, run.waterTempC, profile);

  const reasons: RunReason[] = invalidRunReasons(
    {
      point: run.point,
      flowLph: run.flowLph,
      waterTempC: run.waterTempC,
      actualL: vaL,
      accuracyClass: meter.accuracyClass,
      deltaL: meter.deltaL,
    },
    points,
    profile,
  );
  const valid = reasons.length === 0;
  const pass = valid && Math.abs(errorPct) <= mpePct;
  return { vaL, errorPct, zone, mpePct, valid, pass, reasons };
}
