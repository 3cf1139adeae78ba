import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRun } from './evaluateRun.ts';
import { flowPoints } from './flowPoints.ts';
import { flowZone } from './flowZone.ts';
import { indicationError } from './indicationError.ts';
import { inServiceMpeFor, mpeFor } from './mpe.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';
import type { AccuracyClass, Meter, Run, TestPoint } from './types.ts';

const dn20: Meter = { dn: 20, q3M3h: 4, r: 100, accuracyClass: 2, deltaL: 0.02 };

function run(overrides: Partial<Run> = {}): Run {
  return { point: 'Q2', flowLph: 68.87, waterTempC: 14.3, indicatedL: 10.1, reference: { method: 'volume', volumeL: 10 }, ...overrides };
}

describe('indicationError', () => {
  it('divides by Va, not Vi', () => {
    expect(indicationError(10.1, 10)).toBeCloseTo(1, 12);
    expect(indicationError(9.9, 10)).toBeCloseTo(-1, 12);
  });

  it('refuses Va ≤ 0 and a negative Vi', () => {
    expect(() => indicationError(1, 0)).toThrow(/actualL/);
    expect(() => indicationError(-1, 1)).toThrow(/indicatedL/);
  });

  it('has the sign of Vi − Va (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (vi, va) => {
        expect(Math.sign(indicationError(vi, va))).toBe(Math.sign(vi - va));
      }),
    );
  });
});

describe('flowZone', () => {
  it('switches exactly at Q2 (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(1.6, 2.5, 4, 6.3, 10, 16), fc.constantFrom(...profile.rSeries.value), (q3, r) => {
        const points = flowPoints(q3, r, profile);
        expect(flowZone(points.q2Lph, points)).toBe('upper');
        const below = points.q2Lph - points.q2Lph * Number.EPSILON;
        expect(flowZone(below, points)).toBe('lower');
      }),
    );
  });
});

describe('mpeFor', () => {
  it.each<[AccuracyClass, 'lower' | 'upper', number, number]>([
    [2, 'lower', 20, 5],
    [2, 'upper', 20, 2],
    [2, 'upper', 30, 2],
    [2, 'upper', 30.01, 3],
    [1, 'lower', 20, 3],
    [1, 'upper', 20, 1],
    [1, 'upper', 35, 2],
    [2, 'lower', 35, 5],
  ])('class %d, %s zone, %d °C → ±%d %%', (cls, zone, t, mpe) => {
    expect(mpeFor(cls, zone, t, profile)).toBe(mpe);
  });

  it('in service: twice the first-verification MPE [confirm]', () => {
    expect(inServiceMpeFor(2, 'upper', 20, profile)).toBe(4);
  });

  it('never decreases from the upper to the lower zone (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom<AccuracyClass>(1, 2), fc.double({ min: -10, max: 60, noNaN: true }), (cls, t) => {
        expect(mpeFor(cls, 'lower', t, profile)).toBeGreaterThanOrEqual(mpeFor(cls, 'upper', t, profile));
      }),
    );
  });
});

describe('evaluateRun', () => {
  it('evaluates a valid passing run', () => {
    const e = evaluateRun(dn20, run({ indicatedL: 10.1 }), profile);
    expect(e).toMatchObject({ vaL: 10, zone: 'upper', mpePct: 2, valid: true, pass: true, reasons: [] });
    expect(e.errorPct).toBeCloseTo(1, 12);
  });

  it('compares unrounded: 2.004 % fails a 2 % MPE although it reports as 2.00 %', () => {
    expect(evaluateRun(dn20, run({ indicatedL: 10.2004 }), profile).pass).toBe(false);
    expect(evaluateRun(dn20, run({ indicatedL: 10.2 }), profile).pass).toBe(true);
  });

  it('takes the zone from the actual flow, not from the test point', () => {
    // Q2 of this meter is 64 L/h; a "Q2" run at 63 L/h is in the lower zone (and out of band).
    const e = evaluateRun(dn20, run({ flowLph: 63 }), profile);
    expect(e.zone).toBe('lower');
    expect(e.mpePct).toBe(5);
    expect(e.reasons).toEqual(['flow-out-of-band']);
  });

  it('lists every invalidity in the fixed order', () => {
    const dn50: Meter = { ...dn20, dn: 50 };
    const e = evaluateRun(dn50, run({ flowLph: 200, waterTempC: 31, reference: { method: 'volume', volumeL: 3 } }), profile);
    expect(e.reasons).toEqual(['flow-out-of-band', 'temperature-out-of-range', 'volume-too-small']);
    expect(e.valid).toBe(false);
    expect(e.pass).toBe(false);
  });

  it('the pilot scope is no part of a run: a DN50 run within MPE is valid and passes (docs/rules.md R-SCOPE)', () => {
    const e = evaluateRun({ ...dn20, dn: 50 }, run(), profile);
    expect(e).toEqual(evaluateRun(dn20, run(), profile));
    expect(e).toMatchObject({ valid: true, pass: true, reasons: [] });
  });

  it('band, temperature and volume limits are inclusive', () => {
    const points = flowPoints(4, 100, profile);
    const at = (flowLph: number, point: TestPoint) => evaluateRun(dn20, run({ point, flowLph }), profile).reasons;
    expect(at(points.q2Lph, 'Q2')).toEqual([]);
    expect(at(1.1 * points.q2Lph, 'Q2')).toEqual([]);
    expect(at(points.q1Lph, 'Q1')).toEqual([]);
    expect(at(1.1 * points.q1Lph, 'Q1')).toEqual([]);
    expect(at(0.9 * points.q3Lph, 'Q3')).toEqual([]);
    expect(at(points.q3Lph, 'Q3')).toEqual([]);
    expect(at(points.q3Lph + 0.001, 'Q3')).toEqual(['flow-out-of-band']);
    expect(evaluateRun(dn20, run({ waterTempC: 0.1 }), profile).reasons).toEqual([]);
    expect(evaluateRun(dn20, run({ waterTempC: 30 }), profile).reasons).toEqual([]);
    expect(evaluateRun(dn20, run({ waterTempC: 0.09 }), profile).reasons).toEqual(['temperature-out-of-range']);
    // 200 · δ = 4 L for class 2, 400 · δ = 8 L for class 1
    expect(evaluateRun(dn20, run({ reference: { method: 'volume', volumeL: 4 }, indicatedL: 4 }), profile).reasons).toEqual([]);
    expect(evaluateRun({ ...dn20, accuracyClass: 1 }, run({ reference: { method: 'volume', volumeL: 7.99 }, indicatedL: 8 }), profile).reasons).toEqual([
      'volume-too-small',
    ]);
  });

  it('is deterministic: recomputing gives the same answer (property)', () => {
    const meterArb = fc.record({
      dn: fc.constantFrom(15, 20, 25, 32, 40, 50),
      q3M3h: fc.constantFrom(2.5, 4, 6.3, 10, 16),
      r: fc.constantFrom(...profile.rSeries.value),
      accuracyClass: fc.constantFrom<AccuracyClass>(1, 2),
      deltaL: fc.constantFrom(0.01, 0.02, 0.05, 0.1),
    });
    const runArb = fc.record({
      point: fc.constantFrom<TestPoint>('Q1', 'Q2', 'Q3'),
      flowLph: fc.double({ min: 1, max: 20000, noNaN: true }),
      waterTempC: fc.double({ min: 0, max: 40, noNaN: true }),
      indicatedL: fc.double({ min: 0, max: 1000, noNaN: true }),
      reference: fc.oneof(
        fc.record({ method: fc.constant('weighing' as const), netMassKg: fc.double({ min: 0.1, max: 1000, noNaN: true }) }),
        fc.record({ method: fc.constant('volume' as const), volumeL: fc.double({ min: 0.1, max: 1000, noNaN: true }) }),
      ),
    });
    fc.assert(
      fc.property(meterArb, runArb, (meter, r) => {
        const first = evaluateRun(meter, r, profile);
        const again = evaluateRun(structuredClone(meter), structuredClone(r), profile);
        expect(again).toEqual(first);
        expect(first.pass).toBe(first.valid && first.reasons.length === 0 && Math.abs(first.errorPct) <= first.mpePct);
      }),
    );
  });
});
