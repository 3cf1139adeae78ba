/**
 * The point verdict over a meter's runs (docs/rules.md R-REPEAT): invalid runs stay in the
 * record but are never attempts, so judgePoint says what the repeat rule says over the
 * valid runs alone — the answer the bench session acts on — whatever invalid runs lie
 * between them; and the point's reported error follows the deciding run(s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunEvaluation } from './evaluateRun.ts';
import { pointError } from './pointError.ts';
import { decidingRunsOf, judgePoint } from './pointVerdict.ts';
import { defaultProfile } from './profile/defaultProfile.ts';
import { loadProfile } from './profile/loadProfile.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import { repeatDecision, type RepeatRule } from './repeatRule.ts';

function withRule(rule: RepeatRule): RegulationProfile {
  return loadProfile({ ...defaultProfile, repeatRule: { ...defaultProfile.repeatRule, value: rule } });
}
const twoOfThree = withRule({ rule: 'two-of-three-mean' });

function evaluation(errorPct: number, valid = true, mpePct = 2): RunEvaluation {
  return { vaL: 10, errorPct, zone: 'upper', mpePct, valid, pass: valid && Math.abs(errorPct) <= mpePct, reasons: valid ? [] : ['flow-out-of-band'] };
}

/** The runs of one point, in order: `runs[i]`'s index in the record is `i`. */
function judge(runs: RunEvaluation[], profile: RegulationProfile) {
  return judgePoint('Q3', runs.map((_, i) => i), runs, profile);
}

const runAt = fc.record({ errorPct: fc.double({ min: -4, max: 4, noNaN: true }), valid: fc.boolean() });

describe('judgePoint follows the repeat rule over the valid runs', () => {
  it('agrees with repeatDecision for both rules, invalid runs interleaved anywhere (property)', () => {
    const profiles = fc.oneof(
      fc.constant(twoOfThree),
      fc.integer({ min: 0, max: 2 }).map((maxReruns) => withRule({ rule: 'rerun-decides', maxReruns })),
    );
    fc.assert(
      fc.property(profiles, fc.array(runAt, { minLength: 1, maxLength: 7 }), (profile, spec) => {
        const runs = spec.map((s) => evaluation(s.errorPct, s.valid));
        const valid = runs.flatMap((r, i) => (r.valid ? [i] : []));
        const d = repeatDecision(profile.repeatRule.value, valid.map((i) => runs[i]!));
        const v = judge(runs, profile);
        expect(v.passed).toBe(d.passed);
        expect(v.reason).toBe(d.reason);
        expect(decidingRunsOf(v)).toEqual(d.deciding.map((k) => valid[k]));
        expect(v.runIndices).toEqual(runs.map((_, i) => i));
      }),
    );
  });

  it('no run at the point: point-missing; only invalid runs: no-valid-run', () => {
    expect(judgePoint('Q1', [], [], twoOfThree)).toEqual({ point: 'Q1', passed: false, runIndices: [], reason: 'point-missing' });
    expect(judge([evaluation(0, false)], twoOfThree)).toEqual({ point: 'Q3', passed: false, runIndices: [0], reason: 'no-valid-run' });
  });
});

describe('judgePoint under two-of-three-mean', () => {
  it('[fail, invalid, pass, pass] passes: the three valid runs decide together, the error reported is their mean', () => {
    const runs = [evaluation(2.6), evaluation(0, false), evaluation(1.0), evaluation(-0.4)];
    const v = judge(runs, twoOfThree);
    expect(v).toEqual({ point: 'Q3', passed: true, runIndices: [0, 1, 2, 3], decidingRuns: [0, 2, 3] });
    const e = pointError({ points: { Q3: v }, runs }, 'Q3');
    expect(e?.mpePct).toBe(2);
    expect(e?.errorPct).toBeCloseTo((2.6 + 1.0 - 0.4) / 3, 12);
  });

  it('[fail, pass] is not enough: the first failure stands until both repeats are made', () => {
    const v = judge([evaluation(2.6), evaluation(1.0)], twoOfThree);
    expect(v).toEqual({ point: 'Q3', passed: false, runIndices: [0, 1], decidingRun: 0, reason: 'point-failed' });
    expect(pointError({ points: { Q3: v }, runs: [evaluation(2.6), evaluation(1.0)] }, 'Q3')).toEqual({ errorPct: 2.6, mpePct: 2 });
  });

  it('fails with two of three within MPE when their mean is not', () => {
    expect(judge([evaluation(-6), evaluation(-1.9), evaluation(-1.9)], twoOfThree)).toMatchObject({ passed: false, reason: 'point-failed', decidingRuns: [0, 1, 2] });
  });

  it('a re-run after a pass, or a fourth run, is irregular', () => {
    expect(judge([evaluation(0), evaluation(3)], twoOfThree)).toEqual({ point: 'Q3', passed: false, runIndices: [0, 1], reason: 'irregular-runs' });
    expect(judge([evaluation(3), evaluation(3), evaluation(3), evaluation(0)], twoOfThree).reason).toBe('irregular-runs');
  });
});

describe('pointError', () => {
  it('is the deciding run under rerun-decides, the last valid run of an irregular point, null without a valid run', () => {
    const runs = [evaluation(2.5), evaluation(1.25), evaluation(0, false)];
    const v = judge(runs, defaultProfile);
    expect(v.decidingRun).toBe(1);
    expect(pointError({ points: { Q3: v }, runs }, 'Q3')).toEqual({ errorPct: 1.25, mpePct: 2 });
    const irregular = [evaluation(0.5), evaluation(1.5)];
    expect(pointError({ points: { Q3: judge(irregular, defaultProfile) }, runs: irregular }, 'Q3')).toEqual({ errorPct: 1.5, mpePct: 2 });
    const none = [evaluation(0, false)];
    expect(pointError({ points: { Q3: judge(none, defaultProfile) }, runs: none }, 'Q3')).toBeNull();
  });
});
