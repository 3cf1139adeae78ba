/**
 * Maximum permissible error 最大允许误差, in % (JJG 162-2019 计量性能要求; docs/rules.md R-MPE).
 */
import { requireFinite } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { AccuracyClass, FlowZone } from './types.ts';

/**
 * First-verification MPE for a class, the zone of the actual flow and the water
 * temperature at the meter. The upper zone uses the "> 30 °C" column when the water is
 * hotter than `mpe.value.hotAboveC` — even though such a run is then invalid for a T30
 * meter, the golden cases report that column, and it is what the figure means.
 */
export function mpeFor(accuracyClass: AccuracyClass, zone: FlowZone, waterTempC: number, profile: RegulationProfile): number {
  requireFinite('waterTempC', waterTempC);
  const table = profile.mpe.value;
  const row = accuracyClass === 1 ? table.class1 : table.class2;
  if (zone === 'lower') return row.lower;
  return waterTempC > table.hotAboveC ? row.upperHot : row.upper;
}

/** In-service MPE (使用中检验) = factor × first-verification MPE; the factor is [confirm]. */
export function inServiceMpeFor(accuracyClass: AccuracyClass, zone: FlowZone, waterTempC: number, profile: RegulationProfile): number {
  return profile.inServiceMpeFactor.value * mpeFor(accuracyClass, zone, waterTempC, profile);
}
