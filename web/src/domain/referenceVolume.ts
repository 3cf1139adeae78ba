/**
 * The actual (reference) volume Va of a run, by bench method (docs/rules.md R-VA-WEIGH,
 * R-VA-MASTER, R-VA-TANK), always expressed at the water temperature of the meter under
 * test (R-VA-TEMP).
 */
import { requireFinite, requirePositive } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { ReferenceReading } from './types.ts';
import { volumeAtMeter } from './volumeAtMeter.ts';
import { weighingVolume } from './weighingVolume.ts';

/** 标准表法: Va = N / K, then from the master meter's water temperature to the meter's. */
export function masterMeterVolume(
  reading: Extract<ReferenceReading, { method: 'master-meter' }>,
  meterTempC: number,
  profile: RegulationProfile,
): number {
  requirePositive('reference.pulses', reading.pulses);
  requirePositive('reference.pulsesPerL', reading.pulsesPerL);
  const litres = reading.pulses / reading.pulsesPerL;
  return reading.masterTempC === undefined ? litres : volumeAtMeter(litres, reading.masterTempC, meterTempC, profile);
}

/**
 * 容积法: Va = V_nominal · [1 + β · (t_tank − t_ref)] — the tank's own expansion — then,
 * like the weighing collector, from the tank's water temperature to the meter's.
 */
export function volumetricTankVolume(
  reading: Extract<ReferenceReading, { method: 'volumetric-tank' }>,
  meterTempC: number,
  profile: RegulationProfile,
): number {
  requirePositive('reference.nominalL', reading.nominalL);
  requireFinite('reference.expansionPerK', reading.expansionPerK);
  requireFinite('reference.referenceTempC', reading.referenceTempC);
  const litres = reading.nominalL * (1 + reading.expansionPerK * (reading.tankTempC - reading.referenceTempC));
  return volumeAtMeter(litres, reading.tankTempC, meterTempC, profile);
}

/** Va (L) at the meter's water temperature `meterTempC`. */
export function referenceVolume(reading: ReferenceReading, meterTempC: number, profile: RegulationProfile): number {
  switch (reading.method) {
    case 'weighing':
      return weighingVolume(reading, meterTempC, profile);
    case 'master-meter':
      return masterMeterVolume(reading, meterTempC, profile);
    case 'volumetric-tank':
      return volumetricTankVolume(reading, meterTempC, profile);
    case 'volume':
      return requirePositive('reference.volumeL', reading.volumeL);
  }
}
