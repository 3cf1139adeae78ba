/**
 * Batch bias status (pilot plan §batch bias commitment; docs/rules.md R-BIAS): a batch's mean
 * error at a flow point should "tend towards zero". Pilot default thresholds (profile):
 * ok if |mean| ≤ 0.2·MPE, warn if ≤ 0.4·MPE, alarm beyond. A positive mean means the
 * meters over-read — against consumers — so the sign is part of the status.
 */
import { InvalidInputError } from './errors.ts';
import { definedQuantity, requireFinite } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export type BiasLevel = 'ok' | 'warn' | 'alarm';

export interface BatchBias {
  status: BiasLevel;
  /** +1: meters over-read (against consumers); −1: under-read; 0: no bias */
  sign: -1 | 0 | 1;
  /** |mean| / MPE */
  ratio: number;
}

export function biasStatus(meanPct: number, mpePct: number, profile: RegulationProfile): BatchBias {
  requireFinite('meanPct', meanPct);
  requireFinite('mpePct', mpePct);
  if (mpePct <= 0) throw new InvalidInputError('mpePct', `must be greater than 0, got ${mpePct}`);
  const { okMaxRatio, warnMaxRatio } = profile.batchBias.value;
  const magnitude = Math.abs(meanPct);
  // Limits as decimals (0.2 × 3 % = 0.6 %, not 0.6000000000000001 %), see definedQuantity.
  const status: BiasLevel =
    magnitude <= definedQuantity(okMaxRatio * mpePct) ? 'ok' : magnitude <= definedQuantity(warnMaxRatio * mpePct) ? 'warn' : 'alarm';
  const ratio = magnitude / mpePct;
  const sign = meanPct > 0 ? 1 : meanPct < 0 ? -1 : 0;
  return { status, sign, ratio };
}
