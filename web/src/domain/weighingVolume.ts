/**
 * Reference volume by weighing (称重法, docs/rules.md R-VA-WEIGH):
 * Va = W · (1 − ρa/ρB) / (ρw(t_collector) − ρa), then expanded to the meter's temperature.
 * The buoyancy term is required: without it Va is 0.1 % low, 5 % of a 2 % MPE.
 */
import { airDensity } from './airDensity.ts';
import { requireFinite, requirePositive } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { ReferenceReading } from './types.ts';
import { volumeAtMeter } from './volumeAtMeter.ts';
import { waterDensity } from './waterDensity.ts';

export type WeighingReading = Extract<ReferenceReading, { method: 'weighing' }>;

/** ρa: measured if given, else from the air conditions, else the profile default (1.2 kg/m³). */
export function weighingAirDensity(reading: WeighingReading, profile: RegulationProfile): number {
  if (reading.airDensityKgPerM3 !== undefined) return requirePositive('reference.airDensityKgPerM3', reading.airDensityKgPerM3);
  if (reading.air !== undefined) return airDensity(reading.air, profile);
  return profile.weighing.value.defaultAirDensityKgPerM3;
}

/**
 * Va in litres at the meter. Check: W = 100 kg, 20 °C, ρa = 1.2 kg/m³ → 100.2852 L.
 * @param meterTempC water temperature at the meter (°C); the collector's when it has none.
 */
export function weighingVolume(reading: WeighingReading, meterTempC: number, profile: RegulationProfile): number {
  requirePositive('reference.netMassKg', reading.netMassKg);
  requireFinite('waterTempC', meterTempC);
  const rhoA = weighingAirDensity(reading, profile);
  const rhoB = profile.weighing.value.weightsDensityKgPerM3;
  const collectorTempC = reading.collectorTempC ?? meterTempC;
  const m3 = (reading.netMassKg * (1 - rhoA / rhoB)) / (waterDensity(collectorTempC, profile) - rhoA);
  return volumeAtMeter(m3 * 1000, collectorTempC, meterTempC, profile);
}
