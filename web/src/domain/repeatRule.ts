/**
 * The repeat rule at one flow point (docs/rules.md R-REPEAT), the profile's `repeatRule`:
 * from the results of ONE meter's VALID runs at ONE point, in the order they were made,
 * (a) whether the rule wants another run and (b) the point's verdict on the runs so far,
 * with the run(s) that decided it. The verdict (`judgePoint`) and the bench session
 * (`runPoint`) both ask this function, so the session never makes a run the verdict would
 * not count, and the verdict never waits for a run the session would not make.
 *
 * Invalid runs are not results: they are repeated and never count as attempts, so the
 * caller leaves them out here (every run, valid or not, stays in the record).
 *
 * `rerun-decides` (maxReruns m): after a failure up to m re-runs; the last valid run
 *   decides. Regular: [pass], [fail×k, pass] (k ≤ m) → passed; [fail×k] → failed, and
 *   while k ≤ m the rule still offers a re-run (the session makes it).
 * `two-of-three-mean` (OIML R 49-2 / ISO 4064-2 style): a first pass decides alone. After
 *   a first failure the point is run twice more and passes only if at least 2 of the 3
 *   results AND their mean are within MPE. The three runs decide together: they are the
 *   "deciding runs", and the error reported for the point (certificate, CSV, batch
 *   statistics) is their mean, judged against the smallest MPE of the three (the runs
 *   are at one point, so in one zone in practice; the smallest is the safe side). Until
 *   both repeats are made the first failure stands: [fail], [fail, x] → failed, decided
 *   by the first run.
 *
 * A run after the point was decided — a re-run after a pass, more runs than the rule
 * allows — is a procedure the rule does not know: not passed, `irregular-runs`, nothing
 * decides, and a person reviews it. Picking the best of many runs would bias the verdict
 * in the maker's favour.
 */
import type { RegulationProfile } from './profile/profileSchema.ts';

export type RepeatRule = RegulationProfile['repeatRule']['value'];

/** Stable code of a repeat rule, for records and certificates (worded by the UI). */
export type RepeatRuleCode = RepeatRule['rule'];

export const REPEAT_RULE_CODES: readonly RepeatRuleCode[] = ['rerun-decides', 'two-of-three-mean'];

/** The repeat rule in force under `profile`, by its stable code. */
export function repeatRuleCode(profile: RegulationProfile): RepeatRuleCode {
  return profile.repeatRule.value.rule;
}

/** What the rule needs of a valid run: its indication error and MPE (%), unrounded. */
export interface RunResult {
  errorPct: number;
  mpePct: number;
}

export type RepeatReason = 'no-valid-run' | 'point-failed' | 'irregular-runs';

export interface RepeatDecision {
  /** the rule wants another valid run of this meter at this point */
  runAgain: boolean;
  /** the point's verdict on the results so far */
  passed: boolean;
  /** why not passed (absent when passed) */
  reason?: RepeatReason;
  /** positions in `results` of the run(s) that decided the verdict; empty when none did */
  deciding: number[];
}

const irregular = (): RepeatDecision => ({ runAgain: false, passed: false, reason: 'irregular-runs', deciding: [] });

/** |E| ≤ MPE, compared unrounded (docs/rules.md R-ERROR). */
export function withinMpe(r: RunResult): boolean {
  return Math.abs(r.errorPct) <= r.mpePct;
}

/** The mean error of runs decided together, with the smallest of their MPEs (see above). */
export function meanOfRuns(results: readonly RunResult[]): RunResult {
  const errorPct = results.reduce((sum, r) => sum + r.errorPct, 0) / results.length;
  return { errorPct, mpePct: Math.min(...results.map((r) => r.mpePct)) };
}

function rerunDecides(maxReruns: number, results: readonly RunResult[]): RepeatDecision {
  const last = results.length - 1;
  const firstPass = results.findIndex(withinMpe);
  if (results.length > 1 + maxReruns || (firstPass !== -1 && firstPass !== last)) return irregular();
  if (firstPass === last) return { runAgain: false, passed: true, deciding: [last] };
  return { runAgain: results.length < 1 + maxReruns, passed: false, reason: 'point-failed', deciding: [last] };
}

function twoOfThreeMean(results: readonly RunResult[]): RepeatDecision {
  const [first] = results;
  if (first !== undefined && withinMpe(first)) return results.length === 1 ? { runAgain: false, passed: true, deciding: [0] } : irregular();
  if (results.length > 3) return irregular();
  if (results.length < 3) return { runAgain: true, passed: false, reason: 'point-failed', deciding: [0] };
  const mean = meanOfRuns(results);
  const passed = results.filter(withinMpe).length >= 2 && withinMpe(mean);
  return passed ? { runAgain: false, passed: true, deciding: [0, 1, 2] } : { runAgain: false, passed: false, reason: 'point-failed', deciding: [0, 1, 2] };
}

export function repeatDecision(rule: RepeatRule, results: readonly RunResult[]): RepeatDecision {
  if (results.length === 0) return { runAgain: true, passed: false, reason: 'no-valid-run', deciding: [] };
  return rule.rule === 'rerun-decides' ? rerunDecides(rule.maxReruns, results) : twoOfThreeMean(results);
}
