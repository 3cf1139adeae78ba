import { describe, expect, it } from 'vitest';
import { pressureTrace } from '../../../../test/support/tightnessTrace.ts';
import { defaultProfile } from '../../domain/index.ts';
import { tightnessOutcome, tightnessSetup, type TightnessOutcome } from '../../bench/session/tightnessRun.ts';
import type { PositionState } from './benchController.ts';
import { positionRuns, startBlockers } from './startBlockers.ts';

const setup = tightnessSetup({ mapMpa: 1 }, undefined, defaultProfile);
/** A test as the demo bench reports it: held at the setpoint for the hold (valid), or dipping under 1.6 × MAP (invalid). */
function test(valid: boolean): TightnessOutcome {
  const trace = valid ? pressureTrace(setup.setpointKpa, { rampS: 5 }) : pressureTrace(setup.setpointKpa, { rampS: 5, sagKpa: 100 });
  const last = trace.at(-1)!;
  return tightnessOutcome(setup, trace, { verb: 'PTEND', kpa0: setup.setpointKpa, kpa1: last.kpa, holdS: setup.holdS, gaugeId: 'PG-SIM-01 0-4MPa 0.25%FS', gaugeUKpa: 10 });
}

const position = (pos: number, more: Partial<PositionState> = {}): PositionState => ({
  pos, serial: null, externalOk: null, functionOk: null, leak: null, damage: null, reverification: null, results: {}, verdict: null, stored: false, ...more,
});
const meter = (pos: number, more: Partial<PositionState> = {}) => position(pos, { serial: `24A0010${pos}`, ...more });

describe('what keeps the start closed (docs/rules.md R-ITEMS, R-TIGHT)', () => {
  it('the fixtures are a valid and an invalid test', () => {
    expect(test(true).valid).toBe(true);
    expect(test(false).valid).toBe(false);
  });

  it('no meter mounted', () => {
    expect(startBlockers({ positions: [position(1), position(2)], tightness: null })).toEqual([{ code: 'no-meter' }]);
  });

  it('names the positions whose checks are missing, and the missing tightness test', () => {
    const positions = [meter(1), meter(2, { externalOk: true }), meter(3, { externalOk: false, functionOk: true }), position(4)];
    expect(startBlockers({ positions, tightness: null })).toEqual([{ code: 'checks-missing', positions: [1, 2] }, { code: 'tightness-not-run' }]);
  });

  it('an invalid test is no test; on a valid one every meter needs its leak / damage', () => {
    const checked = { externalOk: true, functionOk: true };
    const positions = [meter(1, checked), meter(2, { ...checked, leak: false, damage: false }), meter(3, { ...checked, leak: true, damage: false })];
    expect(startBlockers({ positions, tightness: test(false) })).toEqual([{ code: 'tightness-not-run' }]);
    expect(startBlockers({ positions, tightness: test(true) })).toEqual([{ code: 'tightness-unconfirmed', positions: [1] }]);
  });

  it('a failed item is recorded: it does not block (the verdict says 不合格, with its reason)', () => {
    const positions = [meter(1, { externalOk: false, functionOk: false, leak: false, damage: true })];
    expect(startBlockers({ positions, tightness: test(true) })).toEqual([]);
  });
});

describe('positions as a person reads them', () => {
  it('runs of three or more joined, the rest listed', () => {
    expect(positionRuns([1, 2, 3, 4, 6, 8, 9], '、')).toBe('1–4、6、8、9');
    expect(positionRuns([5, 3, 4, 10], ', ')).toBe('3–5, 10');
    expect(positionRuns([], ', ')).toBe('');
  });
});
