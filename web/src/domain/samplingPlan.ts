/**
 * Sample size for the regulator's sampling supervision: GB/T 2828.1-2012 Table 1 (code
 * letter, general inspection level II) and Table 2-A (normal inspection), acceptance
 * number 0 — one non-conforming meter returns the whole batch (pilot plan §sampling
 * supervision; docs/rules.md R-SAMPLING).
 */
import { InvalidInputError } from './errors.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export interface SamplingPlan {
  lotSize: number;
  /** GB/T 2828.1 sample size code letter; null for a lot below the table (a single meter) */
  codeLetter: string | null;
  /** meters to inspect; never more than the lot */
  sampleSize: number;
  /** the sample covers the whole lot (sample size ≥ lot size → 100 % inspection) */
  inspectAll: boolean;
  /** non-conforming meters allowed in the sample; 1 more rejects the lot */
  acceptanceNumber: number;
}

export function samplingPlan(lotSize: number, profile: RegulationProfile): SamplingPlan {
  if (!Number.isSafeInteger(lotSize) || lotSize < 1) {
    throw new InvalidInputError('lotSize', `must be a whole number of meters, at least 1, got ${lotSize}`);
  }
  const { lotToSample, acceptanceNumber } = profile.sampling.value;
  let row: (typeof lotToSample)[number] | undefined;
  for (const r of lotToSample) if (lotSize >= r.minLot) row = r;
  const tableSample = row?.sample ?? lotSize;
  const sampleSize = Math.min(tableSample, lotSize);
  return { lotSize, codeLetter: row?.codeLetter ?? null, sampleSize, inspectAll: sampleSize === lotSize, acceptanceNumber };
}

/** Number of meters to sample from a lot (≤ lot size). */
export function sampleSize(lotSize: number, profile: RegulationProfile): number {
  return samplingPlan(lotSize, profile).sampleSize;
}
