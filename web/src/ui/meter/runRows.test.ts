import { describe, expect, it } from 'vitest';
import { defaultProfile, loadProfile, meterVerdict } from '../../domain/index.ts';
import type { StoredRun, VerificationRecord } from '../../store/recordTypes.ts';
import { meterRecord, runAt } from '../../../../test/bench/storeFixtures.ts';
import { runTable } from './runRows.ts';

/** A record whose Q1 failed once and passed on the re-run; the signature is not looked at here. */
function record(): VerificationRecord {
  const base = meterRecord({ Q3: 0.4, Q2: -0.8, Q1: 6 });
  const rec = { ...base, runs: [...base.runs, runAt('Q1', 1.2)] };
  return {
    id: 'v1', deviceId: 'd', serial: 'M1', batchId: 'B', sessionId: 'S1', record: rec, verdict: meterVerdict(rec, defaultProfile),
    verificationDate: '2026-11-27', validUntil: null, operator: 'op', profile: { id: defaultProfile.id, version: defaultProfile.version },
    software: { version: '0', sha256: 'a'.repeat(64) }, rawLines: [{ deviceId: 'd', fromSeq: 1, toSeq: 50 }], createdAt: '2026-11-27T08:00:00Z',
    supersedes: null, reason: null, signature: '',
  };
}

const stored = (run: StoredRun['run'], at: string, sessionId = 'S1'): StoredRun => ({
  id: at, sessionId, serial: 'M1', position: 1, point: run.point, raw: {}, run, rawLines: { deviceId: 'd', fromSeq: 1, toSeq: 9 }, interrupted: false, completedAt: at,
});

describe('runTable', () => {
  it('counts the record’s runs, keeps the bench’s other runs as not counted, and stars the deciding run', () => {
    const v = record();
    const [q3, q2, q1a, q1b] = v.record.runs;
    const extraQ2 = runAt('Q2', 0.3);
    const t = runTable(v, [stored(q3!, '1'), stored(q2!, '2'), stored(extraQ2, '3'), stored(q1a!, '4'), stored(q1b!, '5'), stored(runAt('Q3', 9), '0', 'OTHER')], defaultProfile)!;
    expect(t.rows.Q3.map((r) => [r.counted, r.deciding])).toEqual([[true, true]]);
    expect(t.rows.Q2.map((r) => [r.counted, r.deciding, r.recordIndex])).toEqual([[true, true, 1], [false, false, null]]);
    expect(t.rows.Q2[1]!.evaluation.errorPct).toBeCloseTo(0.3, 10);
    expect(t.rows.Q1.map((r) => [r.recordIndex, r.deciding, r.evaluation.pass])).toEqual([[2, false, false], [3, true, true]]);
    expect(t.verdict.points.Q1.passed).toBe(true);
  });

  it('stars all three runs that decided a point together under two-of-three-mean (docs/rules.md R-REPEAT)', () => {
    const strict = loadProfile({ ...defaultProfile, repeatRule: { ...defaultProfile.repeatRule, value: { rule: 'two-of-three-mean' } } });
    const v = record();
    const rec = { ...v.record, runs: [...v.record.runs, runAt('Q1', -0.5)] };
    const t = runTable({ ...v, record: rec, verdict: meterVerdict(rec, strict) }, [], strict)!;
    expect(t.rows.Q1.map((r) => [r.recordIndex, r.deciding])).toEqual([[2, true], [3, true], [4, true]]);
    expect(t.rows.Q3.map((r) => r.deciding)).toEqual([true]);
    expect(t.verdict.points.Q1).toMatchObject({ passed: true, decidingRuns: [2, 3, 4] });
  });

  it('shows the record’s runs without stored runs (older records), and nothing without the profile', () => {
    const v = record();
    const t = runTable(v, [], defaultProfile)!;
    expect(t.rows.Q1.map((r) => [r.recordIndex, r.stored])).toEqual([[2, null], [3, null]]);
    expect(runTable(v, [], null)).toBeNull();
  });
});
