/**
 * The session re-runs a meter exactly as the profile's repeat rule asks (docs/rules.md
 * R-REPEAT) — the domain's repeatDecision, the same answer the verdict gives — and a
 * meter outside the pilot's scope is re-run like any other, by its errors alone
 * (docs/rules.md R-SCOPE).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile, loadProfile, type RegulationProfile, type TestPoint } from '../../domain/index.ts';
import { connectBench, type Connection } from '../connect.ts';
import { createDemoPort } from '../sim/demoPort.ts';
import type { MeterErrorDistribution } from '../sim/wmb1Bench.ts';
import { MemorySink } from '../types.ts';
import type { Wmb1Driver } from '../wmb1/driver.ts';
import type { SessionEvent } from './events.ts';
import { VerificationSession, type SessionPlan } from './session.ts';

const conns: Array<Connection<Wmb1Driver>> = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
});

const dn15: SessionPlan = {
  sessionId: 'R1',
  meter: { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.005, mapMpa: 1.0 },
  points: [
    { point: 'Q3', volumeL: 10 },
    { point: 'Q2', volumeL: 2 },
    { point: 'Q1', volumeL: 1.5 },
  ],
};

const twoOfThree: RegulationProfile = loadProfile({ ...defaultProfile, repeatRule: { ...defaultProfile.repeatRule, value: { rule: 'two-of-three-mean' } } });

/** `meterErrors` is kept by reference: a test may change a position's error between runs. */
async function setup(meterErrors: MeterErrorDistribution[], profile: RegulationProfile = defaultProfile, plan: SessionPlan = dn15) {
  const port = createDemoPort({ timeScale: 0.0003, fsHz: 2, seed: 11, meterErrors });
  const conn = await connectBench({ protocol: 'wmb1', port, sink: new MemorySink(), connectionId: 'c1', activityTimeoutMs: 2000 });
  conns.push(conn);
  const session = new VerificationSession(conn.driver, plan, { profile });
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  await session.identify();
  for (const p of meterErrors.keys()) await session.mount(p + 1, `WM-${p + 1}`);
  return { session, events };
}

/** How many runs at `point` counted for each position. */
function counted(events: readonly SessionEvent[], point: TestPoint): Record<number, number> {
  const n: Record<number, number> = {};
  for (const e of events) {
    if (e.type !== 'run-result' || e.point !== point) continue;
    for (const p of e.positions) if (p.counted) n[p.pos] = (n[p.pos] ?? 0) + 1;
  }
  return n;
}

// Position 1 is a good meter; position 2 over-reads by 4 % (upper-zone MPE 2 %).
const oneFailing = (): MeterErrorDistribution[] => [
  { meanPct: 0, sdPct: 0.05 },
  { meanPct: 4, sdPct: 0.05 },
];

describe('the session follows the repeat rule of its profile', () => {
  it('rerun-decides (shipped profile): a failed meter is re-run once, the re-run decides', async () => {
    const { session, events } = await setup(oneFailing());
    await session.runPoint({ point: 'Q3', volumeL: 10 });
    expect(counted(events, 'Q3')).toEqual({ 1: 1, 2: 2 });
    const [good, bad] = session.verdicts();
    expect(good?.verdict.points.Q3).toMatchObject({ passed: true, decidingRun: 0 });
    expect(bad?.verdict.points.Q3).toEqual({ point: 'Q3', passed: false, runIndices: [0, 1], decidingRun: 1, reason: 'point-failed' });
  });

  it('two-of-three-mean: a failed meter is re-run twice, and the three runs decide together', async () => {
    const { session, events } = await setup(oneFailing(), twoOfThree);
    await session.runPoint({ point: 'Q3', volumeL: 10 });
    expect(counted(events, 'Q3')).toEqual({ 1: 1, 2: 3 });
    expect(events.filter((e) => e.type === 'run-started')).toHaveLength(3);
    const [good, bad] = session.verdicts();
    expect(good?.verdict.points.Q3).toMatchObject({ passed: true, decidingRun: 0 });
    expect(bad?.verdict.points.Q3).toEqual({ point: 'Q3', passed: false, runIndices: [0, 1, 2], decidingRuns: [0, 1, 2], reason: 'point-failed' });
  });

  it('two-of-three-mean: a pass on the first repeat does not end the point; the third run is made', async () => {
    const errors: MeterErrorDistribution[] = [{ meanPct: 4, sdPct: 0 }];
    const { session, events } = await setup(errors, twoOfThree);
    // The demo bench draws a run's error when the run ends: from the second run on the meter reads +0.5 %.
    session.on((e) => {
      if (e.type === 'run-result') errors[0] = { meanPct: 0.5, sdPct: 0 };
    });
    await session.runPoint({ point: 'Q3', volumeL: 10 });
    expect(counted(events, 'Q3')).toEqual({ 1: 3 });
    const q3 = session.verdicts()[0]?.verdict.points.Q3;
    // 2 of 3 within 2 %, mean ≈ (4 + 0.5 + 0.5) / 3 ≈ 1.67 % within 2 %: passed.
    expect(q3).toEqual({ point: 'Q3', passed: true, runIndices: [0, 1, 2], decidingRuns: [0, 1, 2] });
  });

  it('rerun-decides: the same meter passes on its re-run and is not run a third time', async () => {
    const errors: MeterErrorDistribution[] = [{ meanPct: 4, sdPct: 0 }];
    const { session, events } = await setup(errors);
    session.on((e) => {
      if (e.type === 'run-result') errors[0] = { meanPct: 0.5, sdPct: 0 };
    });
    await session.runPoint({ point: 'Q3', volumeL: 10 });
    expect(counted(events, 'Q3')).toEqual({ 1: 2 });
    expect(session.verdicts()[0]?.verdict.points.Q3).toMatchObject({ passed: true, decidingRun: 1 });
  });
});

describe('scope is not conformity in the session (docs/rules.md R-SCOPE)', () => {
  it('a DN50 meter within MPE is run once per point and every point passes', async () => {
    const dn50: SessionPlan = {
      sessionId: 'R50',
      meter: { dn: 50, q3M3h: 25, r: 100, accuracyClass: 2, deltaL: 0.05, mapMpa: 1.0 },
      points: [
        { point: 'Q3', volumeL: 50 },
        { point: 'Q2', volumeL: 20 },
        { point: 'Q1', volumeL: 12 },
      ],
    };
    const { session, events } = await setup([{ meanPct: 0.3, sdPct: 0.05 }], defaultProfile, dn50);
    await session.runAll();
    for (const point of ['Q3', 'Q2', 'Q1'] as const) expect(counted(events, point)).toEqual({ 1: 1 });
    const v = session.verdicts()[0]?.verdict;
    expect([v?.points.Q3.passed, v?.points.Q2.passed, v?.points.Q1.passed]).toEqual([true, true, true]);
    expect(v?.reasons.filter((r) => r.item === 'indication-error' || r.code === 'out-of-scope')).toEqual([]);
    expect(v?.runs.map((r) => r.reasons)).toEqual([[], [], []]);
  });
});
