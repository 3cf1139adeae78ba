import { describe, expect, it } from 'vitest';
import { meterVerdict, type MeterRecord } from './meterVerdict.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';
import type { Meter, Run, TestPoint } from './types.ts';
import { heldTightness, pressureTrace } from '../../../test/support/tightnessTrace.ts';

const meter: Meter = { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.01, mapMpa: 1 };
// Q1 25 L/h, Q2 40 L/h, Q3 2500 L/h
const FLOW: Record<TestPoint, number> = { Q3: 2400, Q2: 42, Q1: 26 };

/** A run at `point` with error `errorPct` (Va = 100 L); `invalid` puts it out of band. */
function run(point: TestPoint, errorPct: number, invalid = false): Run {
  return {
    point,
    flowLph: invalid ? FLOW[point] * 2 : FLOW[point],
    waterTempC: 20,
    indicatedL: 100 + errorPct,
    reference: { method: 'volume', volumeL: 100 },
  };
}

function record(runs: Run[], overrides: Partial<MeterRecord> = {}): MeterRecord {
  return {
    meter,
    externalExamination: { items: [{ key: 'nameplate', ok: true }, { key: 'seals', ok: true }] },
    functionCheck: { items: [{ key: 'register-advances', ok: true }] },
    tightness: heldTightness(1),
    runs,
    ...overrides,
  };
}

const allPass = [run('Q3', 0.5), run('Q2', -1), run('Q1', 3)];

describe('meterVerdict', () => {
  it('passes when every item passes', () => {
    const v = meterVerdict(record(allPass), profile);
    expect(v.reasons).toEqual([]);
    expect(v.passed).toBe(true);
    expect(v.points.Q1).toMatchObject({ passed: true, runIndices: [2], decidingRun: 2 });
    expect(v.runs).toHaveLength(3);
  });

  it('a missing item is not passed, with a reason', () => {
    const v = meterVerdict(record(allPass, { externalExamination: undefined, functionCheck: { items: [] }, tightness: undefined }), profile);
    expect(v.passed).toBe(false);
    expect(v.reasons).toEqual([
      { item: 'external-examination', code: 'item-missing' },
      { item: 'function', code: 'item-missing' },
      { item: 'tightness', code: 'item-missing' },
    ]);
  });

  it('names the failed checklist line', () => {
    const v = meterVerdict(record(allPass, { externalExamination: { items: [{ key: 'seals', ok: false }] } }), profile);
    expect(v.reasons).toEqual([{ item: 'external-examination', code: 'checklist-item-failed', detail: 'seals' }]);
  });

  it('judges tightness by leak / damage on a valid test; an invalid test is no test (docs/rules.md R-TIGHT)', () => {
    const v = meterVerdict(record(allPass, { tightness: heldTightness(1, { leak: true, damage: true }) }), profile);
    expect(v.reasons.map((r) => r.code)).toEqual(['leak', 'damage']);
    const short = meterVerdict(record(allPass, { tightness: { ...heldTightness(1), trace: pressureTrace(1648, { holdS: 59 }) } }), profile);
    expect(short.reasons).toEqual([{ item: 'tightness', code: 'item-missing', detail: 'test-invalid: hold-too-short' }]);
    const noMap = meterVerdict({ ...record(allPass), meter: { ...meter, mapMpa: undefined } }, profile);
    expect(noMap.reasons).toEqual([{ item: 'tightness', code: 'map-unknown' }]);
    const map16 = meterVerdict({ ...record(allPass, { tightness: heldTightness(1.6) }), meter: { ...meter, mapMpa: 1.6 } }, profile);
    expect(map16.passed).toBe(true);
  });

  it('a missing flow point is not passed', () => {
    const v = meterVerdict(record([run('Q3', 0), run('Q2', 0)]), profile);
    expect(v.reasons).toEqual([{ item: 'indication-error', code: 'point-missing', point: 'Q1' }]);
  });

  it('invalid runs are kept but do not count; only invalid runs → no valid run', () => {
    const v = meterVerdict(record([run('Q3', 0), run('Q2', 0), run('Q1', 0, true), run('Q1', 0, true)]), profile);
    expect(v.reasons).toEqual([{ item: 'indication-error', code: 'no-valid-run', point: 'Q1' }]);
    const retried = meterVerdict(record([run('Q3', 0), run('Q2', 0), run('Q1', 0, true), run('Q1', 4)]), profile);
    expect(retried.passed).toBe(true);
    expect(retried.points.Q1).toMatchObject({ runIndices: [2, 3], decidingRun: 3 });
  });

  it('a failed point may be re-run once, and every run is kept', () => {
    const v = meterVerdict(record([run('Q3', 2.5), run('Q3', 1), run('Q2', 0), run('Q1', 0)]), profile);
    expect(v.passed).toBe(true);
    expect(v.points.Q3).toMatchObject({ passed: true, runIndices: [0, 1], decidingRun: 1 });
    expect(v.runs[0]?.pass).toBe(false);
  });

  it('fails a point that fails twice', () => {
    const v = meterVerdict(record([run('Q3', 2.5), run('Q3', 2.1), run('Q2', 0), run('Q1', 0)]), profile);
    expect(v.reasons).toEqual([{ item: 'indication-error', code: 'point-failed', point: 'Q3' }]);
    expect(v.points.Q3.decidingRun).toBe(1);
  });

  it('does not let a third attempt or a re-run after a pass decide (irregular)', () => {
    const third = meterVerdict(record([run('Q3', 2.5), run('Q3', 2.5), run('Q3', 0), run('Q2', 0), run('Q1', 0)]), profile);
    expect(third.reasons).toEqual([{ item: 'indication-error', code: 'irregular-runs', point: 'Q3' }]);
    const afterPass = meterVerdict(record([run('Q3', 0), run('Q3', 2.5), run('Q2', 0), run('Q1', 0)]), profile);
    expect(afterPass.reasons).toEqual([{ item: 'indication-error', code: 'irregular-runs', point: 'Q3' }]);
  });

  it('scope is not conformity: a DN50 meter with every item passed is 合格 (docs/rules.md R-SCOPE)', () => {
    const dn50 = meterVerdict({ ...record(allPass), meter: { ...meter, dn: 50 } }, profile);
    expect(dn50.passed).toBe(true);
    expect(dn50.reasons).toEqual([]);
    expect(dn50.runs.map((r) => [r.pass, r.reasons])).toEqual([[true, []], [true, []], [true, []]]);
    // The same record as a DN15 meter: the same verdict, field for field.
    expect(dn50).toEqual(meterVerdict(record(allPass), profile));
  });

  it('an out-of-scope meter that fails an item is not passed for that item alone', () => {
    const v = meterVerdict({ ...record([run('Q3', 2.5), run('Q3', 2.5), run('Q2', 0), run('Q1', 0)]), meter: { ...meter, dn: 50 } }, profile);
    expect(v.reasons).toEqual([{ item: 'indication-error', code: 'point-failed', point: 'Q3' }]);
  });
});
