/**
 * Water measured at one temperature occupies a different volume at the meter: the mass
 * is the same, so V_meter = V · ρw(t_from) / ρw(t_meter) (docs/rules.md R-VA-TEMP, "if the
 * water temperature at the meter differs from the collector").
 */
import { requireFinite } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import { waterDensity } from './waterDensity.ts';

export function volumeAtMeter(volumeL: number, fromTempC: number, meterTempC: number, profile: RegulationProfile): number {
  requireFinite('volumeL', volumeL);
  if (fromTempC === meterTempC) return volumeL;
  return (volumeL * waterDensity(fromTempC, profile)) / waterDensity(meterTempC, profile);
}
