/** The session plan (docs/rules.md R-ITEMS, R-VOLUME): checklist keys and the flow points' volumes. */
import { describe, expect, it } from 'vitest';
import { defaultProfile } from './profile/defaultProfile.ts';
import { minimumVolumeL } from './runConditions.ts';
import { EXTERNAL_CHECKLIST_KEYS, FUNCTION_CHECKLIST_KEYS, checklistOf, countRuns, openPoints, plannedRuns } from './runPlan.ts';

describe('plannedRuns', () => {
  it('runs Q3, Q2, Q1 with 1.5 × the minimum volume, Q3 at least 100 L', () => {
    // class 2, δ 0.05 L: minimum 10 L (docs/rules.md R-VOLUME) → 15 L; Q3 100 L.
    expect(plannedRuns({ accuracyClass: 2, deltaL: 0.05 }, defaultProfile)).toEqual([
      { point: 'Q3', volumeL: 100 },
      { point: 'Q2', volumeL: 15 },
      { point: 'Q1', volumeL: 15 },
    ]);
  });

  it('gives Q3 more than 100 L when 1.5 × the minimum is more', () => {
    // class 1, δ 0.5 L: minimum 200 L → 300 L at every point.
    const runs = plannedRuns({ accuracyClass: 1, deltaL: 0.5 }, defaultProfile);
    expect(runs.map((r) => r.volumeL)).toEqual([300, 300, 300]);
    for (const r of runs) expect(r.volumeL).toBeGreaterThanOrEqual(minimumVolumeL(1, 0.5, defaultProfile));
  });
});

describe('checklistOf', () => {
  it('answers every key of the checklist the same way', () => {
    expect(checklistOf('external', true)).toEqual(EXTERNAL_CHECKLIST_KEYS.map((key) => ({ key, ok: true })));
    expect(checklistOf('function', false)).toEqual(FUNCTION_CHECKLIST_KEYS.map((key) => ({ key, ok: false })));
  });
});

describe('countRuns and openPoints', () => {
  const meter = { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2 as const, deltaL: 0.05, mapMpa: 1.0 };
  // Q3 2500 L/h (band 0.9–1 × Q3); Va 100 L by a volumetric tank; E = (Vi − Va) / Va.
  const q3 = (errorPct: number) => ({ point: 'Q3' as const, flowLph: 2400, waterTempC: 20, indicatedL: 100 * (1 + errorPct / 100), reference: { method: 'volume' as const, volumeL: 100 } });
  const plan = plannedRuns(meter, defaultProfile);

  it('counts a run while the rule wants one, and not a run made after the point was settled', () => {
    const passed = q3(0.5);
    const along = q3(0.7);
    expect(countRuns(meter, [passed, along], defaultProfile)).toEqual({ counted: [passed], notCounted: [along] });
  });

  it('counts a failed run and its re-run (rerun-decides, docs/rules.md R-REPEAT); invalid runs count but settle nothing', () => {
    const failed = q3(3);
    const invalid = { ...q3(0.1), flowLph: 1000 }; // far below Q3's band
    const rerun = q3(0.2);
    const { counted, notCounted } = countRuns(meter, [failed, invalid, rerun], defaultProfile);
    expect(counted).toEqual([failed, invalid, rerun]);
    expect(notCounted).toEqual([]);
  });

  it('names the points still open, in plan order', () => {
    expect(openPoints(meter, [], plan, defaultProfile)).toEqual(['Q3', 'Q2', 'Q1']);
    expect(openPoints(meter, [q3(0.5)], plan, defaultProfile)).toEqual(['Q2', 'Q1']);
  });
});
