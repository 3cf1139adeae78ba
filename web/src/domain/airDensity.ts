/**
 * Air density (kg/m³) for the buoyancy correction of weighing, approximate CIPM formula
 * (OIML R 111-1 Annex E; docs/rules.md R-AIR), meant for 15–27 °C and 20–80 % RH:
 * ρa = (0.34848 · p − 0.009 · h · exp(0.061 · t)) / (273.15 + t), p in hPa, h in %.
 * Outside that range it is still the best simple estimate, and the buoyancy correction
 * it feeds is small (≈ 0.1 %), so it does not refuse.
 */
import { requireFinite, requirePositive } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { AirConditions } from './types.ts';

/** Check: 1013.25 hPa, 50 %, 20 °C → 1.1993 kg/m³. */
export function airDensity(air: AirConditions, profile: RegulationProfile): number {
  requireFinite('air.tempC', air.tempC);
  requirePositive('air.pressureHPa', air.pressureHPa);
  requireFinite('air.humidityPct', air.humidityPct);
  const { pressureCoefficient, humidityCoefficient, humidityExponent } = profile.airDensity.value;
  return (
    (pressureCoefficient * air.pressureHPa - humidityCoefficient * air.humidityPct * Math.exp(humidityExponent * air.tempC)) /
    (273.15 + air.tempC)
  );
}
