import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';
import { masterMeterVolume, referenceVolume, volumetricTankVolume } from './referenceVolume.ts';
import { volumeAtMeter } from './volumeAtMeter.ts';
import { waterDensity } from './waterDensity.ts';
import { weighingAirDensity, weighingVolume } from './weighingVolume.ts';

describe('weighing (称重法)', () => {
  it('W = 100 kg, 20 °C, ρa = 1.2 → Va = 100.2852 L', () => {
    const va = weighingVolume({ method: 'weighing', netMassKg: 100, airDensityKgPerM3: 1.2 }, 20, profile);
    expect(Math.abs(va - 100.2852)).toBeLessThan(1e-4);
  });

  it('uses 1.2 kg/m³ when the air is not measured, so the check value holds without ρa', () => {
    const va = weighingVolume({ method: 'weighing', netMassKg: 100 }, 20, profile);
    expect(Math.abs(va - 100.2852)).toBeLessThan(1e-4);
  });

  it('the buoyancy correction matters: 100.1796 L without it', () => {
    const withoutBuoyancy = (100 / waterDensity(20, profile)) * 1000;
    expect(Math.abs(withoutBuoyancy - 100.1796)).toBeLessThan(1e-4);
  });

  it('ρa: measured wins over conditions, conditions over the default', () => {
    const air = { tempC: 20, pressureHPa: 1013.25, humidityPct: 50 };
    expect(weighingAirDensity({ method: 'weighing', netMassKg: 1, airDensityKgPerM3: 1.18, air }, profile)).toBe(1.18);
    expect(weighingAirDensity({ method: 'weighing', netMassKg: 1, air }, profile)).toBeCloseTo(1.1993, 4);
    expect(weighingAirDensity({ method: 'weighing', netMassKg: 1 }, profile)).toBe(1.2);
  });

  it('expands from the collector temperature to the meter temperature', () => {
    const atCollector = weighingVolume({ method: 'weighing', netMassKg: 50, collectorTempC: 25 }, 25, profile);
    const atMeter = weighingVolume({ method: 'weighing', netMassKg: 50, collectorTempC: 25 }, 15, profile);
    expect(atMeter).toBeCloseTo((atCollector * waterDensity(25, profile)) / waterDensity(15, profile), 12);
    expect(atMeter).toBeLessThan(atCollector);
  });

  it('refuses a non-positive mass', () => {
    expect(() => weighingVolume({ method: 'weighing', netMassKg: -1 }, 20, profile)).toThrow(InvalidInputError);
  });

  it('Va is monotone in W (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 2000, noNaN: true }),
        fc.double({ min: 0.001, max: 2000, noNaN: true }),
        fc.double({ min: 0.1, max: 40, noNaN: true }),
        fc.double({ min: 0.9, max: 1.3, noNaN: true }),
        (w1, w2, t, rhoA) => {
          const [lo, hi] = w1 <= w2 ? [w1, w2] : [w2, w1];
          const va = (w: number) => weighingVolume({ method: 'weighing', netMassKg: w, airDensityKgPerM3: rhoA }, t, profile);
          expect(va(lo)).toBeLessThanOrEqual(va(hi));
        },
      ),
    );
  });
});

describe('master meter (标准表法)', () => {
  it('Va = N / K', () => {
    expect(masterMeterVolume({ method: 'master-meter', pulses: 2500, pulsesPerL: 250 }, 14.3, profile)).toBe(10);
  });

  it('is corrected to the meter temperature when the master meter has its own', () => {
    const va = masterMeterVolume({ method: 'master-meter', pulses: 1000, pulsesPerL: 100, masterTempC: 20 }, 10, profile);
    expect(va).toBeCloseTo((10 * waterDensity(20, profile)) / waterDensity(10, profile), 12);
  });

  it('refuses K ≤ 0', () => {
    expect(() => masterMeterVolume({ method: 'master-meter', pulses: 1, pulsesPerL: 0 }, 20, profile)).toThrow(/pulsesPerL/);
  });
});

describe('volumetric tank (容积法)', () => {
  it('Va = V · [1 + β(t − t_ref)] at the tank, same temperature at the meter', () => {
    const va = volumetricTankVolume(
      { method: 'volumetric-tank', nominalL: 100, expansionPerK: 4.8e-5, tankTempC: 25, referenceTempC: 20 },
      25,
      profile,
    );
    expect(va).toBeCloseTo(100 * (1 + 4.8e-5 * 5), 12);
  });
});

describe('referenceVolume dispatch', () => {
  it('takes a volume determined at the meter as it is', () => {
    expect(referenceVolume({ method: 'volume', volumeL: 200 }, 20, profile)).toBe(200);
    expect(() => referenceVolume({ method: 'volume', volumeL: 0 }, 20, profile)).toThrow(InvalidInputError);
  });

  it('volumeAtMeter is the identity at equal temperatures', () => {
    expect(volumeAtMeter(12.5, 18, 18, profile)).toBe(12.5);
  });
});
