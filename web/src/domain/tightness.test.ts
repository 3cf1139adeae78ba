import { describe, expect, it } from 'vitest';
import { heldTightness, pressureTrace } from '../../../test/support/tightnessTrace.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';
import { judgeTightness, tightnessCondition, tightnessPressures, type TightnessTest } from './tightness.ts';
import { judgeHold, LEAK_HINT_DECAY_FRACTION } from './tightnessHold.ts';

const meter = { mapMpa: 1 };
const limits = { requiredKpa: 1600, maxKpa: 2000, holdSeconds: 60 };

describe('tightness pressures (docs/rules.md R-TIGHT)', () => {
  it('commands 1.6 × MAP plus the profile margin (3 %), under 2 × MAP', () => {
    expect(tightnessPressures(meter, profile)).toEqual({ requiredKpa: 1600, setpointKpa: 1648, maxKpa: 2000, holdSeconds: 60 });
    const p16 = tightnessPressures({ mapMpa: 1.6 }, profile);
    expect(p16).toEqual({ requiredKpa: 2560, setpointKpa: 2636.8, maxKpa: 3200, holdSeconds: 60 });
    for (const p of [tightnessPressures(meter, profile), p16]) expect(p!.setpointKpa).toBeLessThan(p!.maxKpa);
  });

  it('MAP unknown: no pressures, and the tightness item says so', () => {
    expect(tightnessPressures({ mapMpa: undefined }, profile)).toBeNull();
    expect(judgeTightness(heldTightness(1), { mapMpa: undefined }, profile)).toEqual([{ code: 'map-unknown' }]);
  });
});

describe('the hold window (the condition of the test)', () => {
  it('a 0.3 kPa sag above 1.6 × MAP holds: valid, judged after the ramp, no leak hint', () => {
    const c = judgeHold(pressureTrace(1648, { rampS: 5, sagKpa: 0.3 }), limits);
    expect(c).toMatchObject({ valid: true, reachedAtS: 5, heldS: 60, reasons: [], leakHint: false });
    expect(c.minKpaInHold).toBeCloseTo(1647.7, 6);
    expect(c.decayKpa).toBeCloseTo(0.3, 6);
  });

  it('a dip below 1.6 × MAP during the hold makes the test invalid, naming when', () => {
    const trace = pressureTrace(1648, { rampS: 5 }).map((s) => (s.tS === 30 ? { ...s, kpa: 1599.9 } : s));
    const c = judgeHold(trace, limits);
    expect(c.valid).toBe(false);
    expect(c.reasons).toEqual([{ code: 'pressure-below-required', detail: '1599.9 kPa < 1600 kPa at 30 s' }]);
    expect(c.minKpaInHold).toBe(1599.9);
  });

  it('a hold shorter than 60 s is invalid', () => {
    const c = judgeHold(pressureTrace(1648, { rampS: 5, holdS: 59 }), limits);
    expect(c).toMatchObject({ valid: false, heldS: 59, reasons: [{ code: 'hold-too-short', detail: '59 s < 60 s' }] });
  });

  it('a pressure never reached, an empty trace, a trace out of order, and over 2 × MAP are invalid', () => {
    expect(judgeHold(pressureTrace(1590), limits).reasons.map((r) => r.code)).toEqual(['pressure-not-reached']);
    expect(judgeHold([], limits).reasons.map((r) => r.code)).toEqual(['no-trace']);
    expect(judgeHold([{ tS: 0, kpa: 1650 }, { tS: 70, kpa: 1650 }, { tS: 20, kpa: 1650 }], limits).reasons.map((r) => r.code)).toEqual(['trace-out-of-order']);
    const spike = pressureTrace(1648, { rampS: 5 }).map((s) => (s.tS === 6 ? { ...s, kpa: 2001 } : s));
    expect(judgeHold(spike, limits).reasons.map((r) => r.code)).toEqual(['pressure-over-max']);
  });

  it('a decay during the hold is a leak hint, never a verdict', () => {
    const sag = LEAK_HINT_DECAY_FRACTION * 1600 + 1;
    const trace = pressureTrace(1648, { rampS: 5, sagKpa: sag });
    expect(judgeHold(trace, limits)).toMatchObject({ valid: true, leakHint: true });
    const test: TightnessTest = { ...heldTightness(1), trace };
    expect(judgeTightness(test, meter, profile)).toEqual([]);
  });

  it('tightnessCondition judges a trace against the meter’s MAP and the profile', () => {
    expect(tightnessCondition(pressureTrace(1648, { sagKpa: 0.3 }), meter, profile)).toMatchObject({ valid: true, requiredKpa: 1600 });
    expect(tightnessCondition(pressureTrace(1648), { mapMpa: undefined }, profile)).toBeNull();
  });
});

describe('judgeTightness: the operator’s leak / damage confirmation decides the meter', () => {
  it('a valid test: leak → fail, damage → fail, neither → pass; no test → item-missing', () => {
    expect(judgeTightness(heldTightness(1), meter, profile)).toEqual([]);
    expect(judgeTightness(heldTightness(1, { leak: true }), meter, profile)).toEqual([{ code: 'leak' }]);
    expect(judgeTightness(heldTightness(1, { damage: true }), meter, profile)).toEqual([{ code: 'damage' }]);
    expect(judgeTightness(undefined, meter, profile)).toEqual([{ code: 'item-missing' }]);
  });

  it('the 0.3 kPa sag does not fail the meter: leak / damage decide', () => {
    const sagged: TightnessTest = { ...heldTightness(1), trace: pressureTrace(1648, { rampS: 5, sagKpa: 0.3 }) };
    expect(judgeTightness(sagged, meter, profile)).toEqual([]);
    expect(judgeTightness({ ...sagged, leak: true }, meter, profile)).toEqual([{ code: 'leak' }]);
  });

  it('a record without a trace (written before it was kept) is re-judged item-missing, without a crash', () => {
    const old = { testPressureMpa: 1.6, holdSeconds: 60, leak: false, damage: false } as unknown as TightnessTest;
    expect(judgeTightness(old, meter, profile)).toEqual([{ code: 'item-missing', detail: 'test-invalid: no-trace' }]);
  });

  it('a record whose test was invalid is not a valid test: item-missing, not a failure of the meter', () => {
    const dipped: TightnessTest = { ...heldTightness(1), trace: pressureTrace(1648, { rampS: 5, sagKpa: 60 }) };
    const reasons = judgeTightness(dipped, meter, profile);
    expect(reasons).toEqual([{ code: 'item-missing', detail: 'test-invalid: pressure-below-required' }]);
    expect(judgeTightness({ ...heldTightness(1), trace: pressureTrace(1648, { holdS: 30 }) }, meter, profile)).toEqual([
      { code: 'item-missing', detail: 'test-invalid: hold-too-short' },
    ]);
  });
});
