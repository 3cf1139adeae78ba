/**
 * The risk detectors' rates on the generator's default mix (docs/risk.md "Measured rates"),
 * with fixed seeds — deterministic, so the same figures every run: ≥ 95 % of each forgery
 * kind detected (by a finding of its kind that names the forged subject), ≤ 1 % of clean
 * scenarios raising a finding of that kind. `npm run bench:risk` prints the same table for
 * many more seeds.
 */
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../../web/src/domain/index.ts';
import { detectRisks } from '../../web/src/domain/risk/index.ts';
import { FORGERY_KINDS, generateScenario } from './generator.ts';
import { measureRates, ratesTable } from './rates.ts';

describe('the generator', () => {
  it('is deterministic per seed, and a forgery changes its scenario', () => {
    expect(generateScenario(7, null)).toEqual(generateScenario(7, null));
    for (const k of FORGERY_KINDS) expect(generateScenario(7, k).data, k).not.toEqual(generateScenario(7, null).data);
  });
  it('makes clean data the detectors pass: 24 sessions, 240 meters, every run consistent', () => {
    const sc = generateScenario(3, null);
    expect(sc.data.sessions).toHaveLength(24);
    expect(new Set(sc.data.benchRuns.flatMap((r) => r.meters.map((m) => m.serial))).size).toBe(240);
    expect(detectRisks(sc.data, defaultProfile)).toEqual([]);
  });
});

describe('detection and false-alarm rates on the default mix', () => {
  const rates = measureRates({ clean: 200, perKind: 40, firstSeed: 1 });
  it('prints the table', () => {
    console.log(ratesTable(rates));
    expect(rates.perKind.map((k) => k.kind)).toEqual([...FORGERY_KINDS]);
  });
  it.each(FORGERY_KINDS.map((k) => [k]))('%s: ≥ 95 % detected, ≤ 1 % false alarms', (kind) => {
    const k = rates.perKind.find((r) => r.kind === kind)!;
    expect(k.detected / k.forged).toBeGreaterThanOrEqual(0.95);
    expect(k.falseAlarms / k.clean).toBeLessThanOrEqual(0.01);
  });
});
