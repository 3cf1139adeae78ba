import { describe, expect, it } from 'vitest';
import { airDensity } from './airDensity.ts';
import { InvalidInputError } from './errors.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';
import { waterDensity } from './waterDensity.ts';

describe('waterDensity (Tanaka 2001)', () => {
  it.each([
    [10, 999.7027],
    [15, 999.1026],
    [20, 998.2067],
    [25, 997.047],
    [30, 995.6488],
  ])('%d °C → %d kg/m³', (t, rho) => {
    expect(Math.abs(waterDensity(t, profile) - rho)).toBeLessThan(1e-4);
  });

  it('has its maximum near 4 °C', () => {
    expect(waterDensity(4, profile)).toBeGreaterThan(waterDensity(2, profile));
    expect(waterDensity(4, profile)).toBeGreaterThan(waterDensity(6, profile));
  });

  it('refuses temperatures outside the model (0–40 °C)', () => {
    expect(() => waterDensity(40.5, profile)).toThrow(InvalidInputError);
    expect(() => waterDensity(-1, profile)).toThrow(/outside the range of the water-density model/);
    expect(() => waterDensity(Number.NaN, profile)).toThrow(InvalidInputError);
  });
});

describe('airDensity (CIPM approximation)', () => {
  it('1013.25 hPa, 50 %, 20 °C → 1.1993 kg/m³', () => {
    expect(Math.abs(airDensity({ pressureHPa: 1013.25, humidityPct: 50, tempC: 20 }, profile) - 1.1993)).toBeLessThan(1e-4);
  });

  it('falls with humidity and temperature, rises with pressure', () => {
    const base = airDensity({ pressureHPa: 1000, humidityPct: 50, tempC: 20 }, profile);
    expect(airDensity({ pressureHPa: 1000, humidityPct: 80, tempC: 20 }, profile)).toBeLessThan(base);
    expect(airDensity({ pressureHPa: 1000, humidityPct: 50, tempC: 25 }, profile)).toBeLessThan(base);
    expect(airDensity({ pressureHPa: 1010, humidityPct: 50, tempC: 20 }, profile)).toBeGreaterThan(base);
  });

  it('refuses a non-positive pressure', () => {
    expect(() => airDensity({ pressureHPa: 0, humidityPct: 50, tempC: 20 }, profile)).toThrow(InvalidInputError);
  });
});
