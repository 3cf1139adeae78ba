import { describe, expect, it } from 'vitest';
import { meterRecord, runAt } from '../../../test/bench/storeFixtures.ts';
import { defaultProfile, loadProfile, meterVerdict } from '../domain/index.ts';
import { pointErrorPct } from './columnWriter.ts';

describe('pointErrorPct (the batch statistics, the certificate)', () => {
  it('is the deciding run under rerun-decides, the mean of the three under two-of-three-mean (docs/rules.md R-REPEAT)', () => {
    const base = meterRecord({ Q3: 2.6, Q2: -0.8, Q1: null });
    const rec = { ...base, runs: [...base.runs, runAt('Q3', 1.1), runAt('Q3', 0.4)] };
    const strict = loadProfile({ ...defaultProfile, repeatRule: { ...defaultProfile.repeatRule, value: { rule: 'two-of-three-mean' } } });
    expect(pointErrorPct(meterVerdict(rec, strict), 'Q3')).toBeCloseTo((2.6 + 1.1 + 0.4) / 3, 10);
    expect(pointErrorPct(meterVerdict(rec, strict), 'Q2')).toBeCloseTo(-0.8, 10);
    // The same runs under rerun-decides are irregular (a re-run after a pass): the last valid run.
    expect(pointErrorPct(meterVerdict(rec, defaultProfile), 'Q3')).toBeCloseTo(0.4, 10);
    expect(pointErrorPct(meterVerdict(rec, strict), 'Q1')).toBeNaN();
  });
});
