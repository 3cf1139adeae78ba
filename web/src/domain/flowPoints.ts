/**
 * The meter's flow points from its nameplate (JJG 162-2019 概述; docs/rules.md R-METER):
 * Q1 = Q3 / R, Q2 = 1.6 · Q1 (DN ≤ 50, Q3 ≤ 16 m³/h), Q4 = 1.25 · Q3.
 */
import { definedQuantity, requirePositive } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export interface FlowPoints {
  q1M3h: number;
  q2M3h: number;
  q3M3h: number;
  q4M3h: number;
  q1Lph: number;
  q2Lph: number;
  q3Lph: number;
  q4Lph: number;
}

/** Worked check: Q3 2.5, R 100 → Q1 25 L/h, Q2 40 L/h, Q4 3125 L/h. */
export function flowPoints(q3M3h: number, r: number, profile: RegulationProfile): FlowPoints {
  requirePositive('q3M3h', q3M3h);
  requirePositive('r', r);
  const { q2OverQ1, q4OverQ3 } = profile.flowRatios.value;
  // Computed in L/h first, where household values are whole or short decimals.
  const q3Lph = definedQuantity(q3M3h * 1000);
  const q1Lph = definedQuantity(q3Lph / r);
  const q2Lph = definedQuantity((q2OverQ1 * q3Lph) / r);
  const q4Lph = definedQuantity(q4OverQ3 * q3Lph);
  return {
    q1M3h: definedQuantity(q1Lph / 1000),
    q2M3h: definedQuantity(q2Lph / 1000),
    q3M3h,
    q4M3h: definedQuantity(q4Lph / 1000),
    q1Lph,
    q2Lph,
    q3Lph,
    q4Lph,
  };
}

/** Whether R belongs to the profile's R series (OIML R 49-1 / GB/T 778.1). */
export function isInRSeries(r: number, profile: RegulationProfile): boolean {
  return profile.rSeries.value.includes(r);
}
