/**
 * The repeat rule (docs/rules.md R-REPEAT) over sequences of valid-run results, for both
 * rules of the profile: the session's loop ("run again while the rule asks") always ends
 * in a regular decision; a run the rule did not ask for makes the point irregular; a
 * passed point is passed for the reason the rule states.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from './profile/defaultProfile.ts';
import { loadProfile } from './profile/loadProfile.ts';
import { REPEAT_RULE_CODES, meanOfRuns, repeatDecision, repeatRuleCode, type RepeatRule, type RunResult } from './repeatRule.ts';

const within = (r: RunResult) => Math.abs(r.errorPct) <= r.mpePct;

/** E around the MPE so that passes and failures both come up often. */
const result: fc.Arbitrary<RunResult> = fc.record({
  errorPct: fc.double({ min: -4, max: 4, noNaN: true }),
  mpePct: fc.constantFrom(1, 2, 3, 5),
});
/** A result outside its MPE, by up to 3 %-points either way. */
const failing: fc.Arbitrary<RunResult> = fc
  .record({ mpePct: fc.constantFrom(1, 2, 3, 5), over: fc.double({ min: 1e-9, max: 3, noNaN: true }), sign: fc.constantFrom(1, -1) })
  .map(({ mpePct, over, sign }) => ({ errorPct: sign * (mpePct + over), mpePct }));
const results = fc.array(result, { maxLength: 6 });
const rerunDecides: fc.Arbitrary<RepeatRule> = fc.integer({ min: 0, max: 3 }).map((maxReruns) => ({ rule: 'rerun-decides', maxReruns }));
const twoOfThree: RepeatRule = { rule: 'two-of-three-mean' };
const anyRule = fc.oneof(rerunDecides, fc.constant(twoOfThree));

/** What the session does: one run, then another as long as the rule asks for it. */
function sessionRuns(rule: RepeatRule, stream: readonly RunResult[]): RunResult[] {
  const made: RunResult[] = [];
  for (const r of stream) {
    if (!repeatDecision(rule, made).runAgain) break;
    made.push(r);
  }
  return made;
}

describe('repeatDecision: both rules', () => {
  it('no valid run yet: run again, not passed', () => {
    fc.assert(
      fc.property(anyRule, (rule) => {
        expect(repeatDecision(rule, [])).toEqual({ runAgain: true, passed: false, reason: 'no-valid-run', deciding: [] });
      }),
    );
  });

  it('the session loop ends within the rule\'s limit in a regular decision, never irregular on the way', () => {
    fc.assert(
      fc.property(anyRule, fc.array(result, { minLength: 6, maxLength: 6 }), (rule, stream) => {
        const made = sessionRuns(rule, stream);
        const limit = rule.rule === 'rerun-decides' ? 1 + rule.maxReruns : 3;
        expect(made.length).toBeGreaterThanOrEqual(1);
        expect(made.length).toBeLessThanOrEqual(limit);
        for (let n = 0; n <= made.length; n++) expect(repeatDecision(rule, made.slice(0, n)).reason).not.toBe('irregular-runs');
        const end = repeatDecision(rule, made);
        expect(end.runAgain).toBe(false);
        expect(end.deciding.length).toBeGreaterThan(0);
      }),
    );
  });

  it('a run the rule did not ask for makes the point irregular: not passed, nothing decides, no more runs', () => {
    fc.assert(
      fc.property(anyRule, fc.array(result, { minLength: 6, maxLength: 6 }), result, (rule, stream, extra) => {
        const made = sessionRuns(rule, stream);
        expect(repeatDecision(rule, [...made, extra])).toEqual({ runAgain: false, passed: false, reason: 'irregular-runs', deciding: [] });
      }),
    );
  });

  it('a verdict other than passed always has a reason; the deciding runs are among those made', () => {
    fc.assert(
      fc.property(anyRule, results, (rule, seq) => {
        const d = repeatDecision(rule, seq);
        if (d.passed) expect(d.reason).toBeUndefined();
        else expect(d.reason).toBeDefined();
        for (const i of d.deciding) expect(i).toBeLessThan(seq.length);
        if (d.runAgain) expect(d.reason === 'irregular-runs').toBe(false);
      }),
    );
  });
});

describe('repeatDecision: rerun-decides', () => {
  it('passes exactly when the last run is the only one within MPE; that run decides', () => {
    fc.assert(
      fc.property(rerunDecides, results, (rule, seq) => {
        const d = repeatDecision(rule, seq);
        if (rule.rule !== 'rerun-decides' || seq.length === 0 || d.reason === 'irregular-runs') return;
        const last = seq.length - 1;
        expect(d.passed).toBe(within(seq[last]!));
        expect(seq.slice(0, last).some(within)).toBe(false);
        expect(d.deciding).toEqual([last]);
        expect(d.runAgain).toBe(!d.passed && seq.length < 1 + rule.maxReruns);
      }),
    );
  });

  it('a failed point is re-run once with the shipped profile: [fail, pass] passes, [fail, fail] fails, a third run is irregular', () => {
    const rule = defaultProfile.repeatRule.value;
    const fail = { errorPct: 2.5, mpePct: 2 };
    const pass = { errorPct: 1, mpePct: 2 };
    expect(repeatDecision(rule, [fail])).toMatchObject({ runAgain: true, passed: false, reason: 'point-failed', deciding: [0] });
    expect(repeatDecision(rule, [fail, pass])).toEqual({ runAgain: false, passed: true, deciding: [1] });
    expect(repeatDecision(rule, [fail, fail])).toEqual({ runAgain: false, passed: false, reason: 'point-failed', deciding: [1] });
    expect(repeatDecision(rule, [fail, fail, pass]).reason).toBe('irregular-runs');
    expect(repeatDecision(rule, [pass, fail]).reason).toBe('irregular-runs');
  });
});

describe('repeatDecision: two-of-three-mean', () => {
  it('after a first failure, passes only when at least 2 of the 3 and their mean are within MPE; the three decide', () => {
    fc.assert(
      fc.property(failing, fc.array(result, { minLength: 2, maxLength: 2 }), (first, repeats) => {
        const seq = [first, ...repeats];
        const d = repeatDecision(twoOfThree, seq);
        const mean = meanOfRuns(seq);
        expect(d.passed).toBe(seq.filter(within).length >= 2 && Math.abs(mean.errorPct) <= mean.mpePct);
        expect(d.deciding).toEqual([0, 1, 2]);
        expect(d.runAgain).toBe(false);
      }),
    );
  });

  it('until both repeats are made the first failure stands, and the rule asks for the next run', () => {
    fc.assert(
      fc.property(failing, fc.array(result, { maxLength: 1 }), (first, repeats) => {
        const seq = [first, ...repeats];
        expect(repeatDecision(twoOfThree, seq)).toEqual({ runAgain: true, passed: false, reason: 'point-failed', deciding: [0] });
      }),
    );
  });

  it('is never more lenient than rerun-decides with one re-run, on the same bench results', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 3, maxLength: 3 }), (stream) => {
        const strict = repeatDecision(twoOfThree, sessionRuns(twoOfThree, stream));
        const once: RepeatRule = { rule: 'rerun-decides', maxReruns: 1 };
        const lenient = repeatDecision(once, sessionRuns(once, stream));
        if (strict.passed) expect(lenient.passed).toBe(true);
      }),
    );
  });

  it('examples: the mean decides even when two of three are within; the mean is judged against the smallest MPE', () => {
    const fail = { errorPct: 2.5, mpePct: 2 };
    expect(repeatDecision(twoOfThree, [fail, { errorPct: 1.9, mpePct: 2 }, { errorPct: 1.9, mpePct: 2 }])).toEqual({ runAgain: false, passed: false, reason: 'point-failed', deciding: [0, 1, 2] });
    expect(repeatDecision(twoOfThree, [fail, { errorPct: 1, mpePct: 2 }, { errorPct: 1.5, mpePct: 2 }])).toEqual({ runAgain: false, passed: true, deciding: [0, 1, 2] });
    expect(repeatDecision(twoOfThree, [fail, { errorPct: 2.1, mpePct: 2 }, { errorPct: 0, mpePct: 2 }]).passed).toBe(false);
    expect(meanOfRuns([{ errorPct: 3, mpePct: 5 }, { errorPct: 0, mpePct: 2 }, { errorPct: -1.5, mpePct: 2 }])).toEqual({ errorPct: 0.5, mpePct: 2 });
    expect(repeatDecision(twoOfThree, [{ errorPct: -2, mpePct: 2 }])).toEqual({ runAgain: false, passed: true, deciding: [0] });
    expect(repeatDecision(twoOfThree, [fail, fail, fail, fail]).reason).toBe('irregular-runs');
  });
});

describe('repeatRuleCode', () => {
  it('names the rule in force, a stable code the certificate words', () => {
    expect(repeatRuleCode(defaultProfile)).toBe('rerun-decides');
    const strict = loadProfile({ ...defaultProfile, repeatRule: { ...defaultProfile.repeatRule, value: { rule: 'two-of-three-mean' } } });
    expect(repeatRuleCode(strict)).toBe('two-of-three-mean');
    expect(REPEAT_RULE_CODES).toEqual(['rerun-decides', 'two-of-three-mean']);
  });
});
