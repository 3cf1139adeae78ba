/**
 * Density of air-free pure water (kg/m³), Tanaka et al. 2001 (Metrologia 38, 301–309),
 * valid 0–40 °C; used to turn a weighed mass into a volume (称重法, docs/rules.md R-VA-WEIGH):
 * ρw(t) = a5 · [1 − (t + a1)² · (t + a2) / (a3 · (t + a4))].
 */
import { InvalidInputError } from './errors.ts';
import { requireFinite } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

/**
 * Check values: 10 °C → 999.7027, 15 °C → 999.1026, 20 °C → 998.2067, 25 °C → 997.0470,
 * 30 °C → 995.6488 kg/m³.
 * @throws InvalidInputError outside the formula's validity range (0–40 °C): a density
 *   extrapolated from it would not be traceable.
 */
export function waterDensity(tempC: number, profile: RegulationProfile): number {
  requireFinite('waterTempC', tempC);
  const { a1, a2, a3, a4, a5, validFromC, validToC, model } = profile.waterDensity.value;
  if (tempC < validFromC || tempC > validToC) {
    throw new InvalidInputError(
      'waterTempC',
      `${tempC} °C is outside the range of the water-density model ${model} (${validFromC}–${validToC} °C)`,
    );
  }
  return a5 * (1 - ((tempC + a1) ** 2 * (tempC + a2)) / (a3 * (tempC + a4)));
}
