/**
 * The session's tightness test on the demo bench (docs/rules.md R-TIGHT): the bench is
 * commanded 1.6 × MAP plus the profile's margin, the hold window is judged by the domain,
 * an invalid test is reported and run again, and each meter is judged by the operator's
 * leak / damage confirmation on a valid test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { meterVerdict, type VerdictReason } from '../../domain/index.ts';
import { connectBench, type Connection } from '../connect.ts';
import { createDemoPort } from '../sim/demoPort.ts';
import type { Wmb1SimOptions } from '../sim/wmb1Bench.ts';
import { MemorySink } from '../types.ts';
import type { Wmb1Driver } from '../wmb1/driver.ts';
import type { SessionEvent } from './events.ts';
import { VerificationSession, type SessionPlan } from './session.ts';

const conns: Array<Connection<Wmb1Driver>> = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.close();
});

const plan: SessionPlan = {
  sessionId: 'T1',
  meter: { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.005, mapMpa: 1.0 },
  points: [{ point: 'Q3', volumeL: 10 }],
};

async function setup(sim: Wmb1SimOptions = {}, sessionPlan: SessionPlan = plan) {
  const port = createDemoPort({ timeScale: 0.0003, fsHz: 2, seed: 7, ...sim });
  const conn = await connectBench({ protocol: 'wmb1', port, sink: new MemorySink(), connectionId: 'c1', activityTimeoutMs: 2000 });
  conns.push(conn);
  const session = new VerificationSession(conn.driver, sessionPlan);
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  await session.identify();
  for (const p of [1, 2, 3]) await session.mount(p, `WM-${p}`);
  return { port, session, events };
}

const tightnessReasons = (session: VerificationSession) =>
  session.verdicts().map((v) => v.verdict.reasons.filter((r: VerdictReason) => r.item === 'tightness').map((r) => r.code));

describe('the tightness test of a session (docs/rules.md R-TIGHT)', () => {
  it('a bench sagging 0.3 kPa during the hold: the test is valid and leak / damage alone decide the meters', async () => {
    const { session, events } = await setup({ pressureSagKpa: 0.3, pressureRampS: 5 });
    const t = await session.tightness();
    session.confirmTightness(1, { leak: false, damage: false });
    session.confirmTightness(2, { leak: true, damage: false });
    session.confirmTightness(3, { leak: false, damage: true });
    expect(tightnessReasons(session)).toEqual([[], ['leak'], ['damage']]);
    expect(t).toMatchObject({ valid: true, setpointKpa: 1648, requiredKpa: 1600, holdS: 60 });
    expect(t.condition).toMatchObject({ valid: true, reachedAtS: 5, heldS: 60, leakHint: false });
    expect(t.condition.decayKpa).toBeGreaterThan(0.1);
    expect(t.condition.decayKpa).toBeLessThan(0.5);
    // The bench was commanded the setpoint, not 1.6 × MAP itself.
    expect(events.find((e) => e.type === 'tightness-done')).toMatchObject({ test: { valid: true, setpointKpa: 1648 } });
    // The record holds the trace and the gauge, and the verdict recomputes from it.
    const [first] = session.verdicts();
    expect(first?.record.tightness).toMatchObject({ setpointKpa: 1648, gauge: { id: 'PG-SIM-01 0-4MPa 0.25%FS', uKpa: 10 }, leak: false, damage: false });
    expect(first?.record.tightness?.trace).toHaveLength(66);
    expect(meterVerdict(first!.record, session.profile)).toEqual(first?.verdict);
  });

  it('a dip below 1.6 × MAP makes the test invalid: reported, back to ready, not confirmable, run again', async () => {
    const { session, port, events } = await setup();
    port.sim.inject({ kind: 'pressure-dip', kpa: 100 });
    const first = await session.tightness();
    expect(first.valid).toBe(false);
    expect(first.condition.reasons.map((r) => r.code)).toEqual(['pressure-below-required']);
    expect(events.filter((e) => e.type === 'tightness-invalid')).toHaveLength(1);
    expect(session.state).toBe('ready');
    expect(() => session.confirmTightness(1, { leak: false, damage: false })).toThrow(expect.objectContaining({ code: 'tightness-no-valid-test' }));

    const again = await session.tightness();
    expect(again.valid).toBe(true);
    for (const p of [1, 2, 3]) session.confirmTightness(p, { leak: false, damage: false });
    expect(tightnessReasons(session)).toEqual([[], [], []]);
  });

  it('without a valid test the meters have not failed, they are untested; a new test replaces what was confirmed on the last', async () => {
    const { session, port } = await setup();
    await session.tightness();
    session.confirmTightness(1, { leak: true, damage: false });
    port.sim.inject({ kind: 'pressure-dip', kpa: 100 });
    expect((await session.tightness()).valid).toBe(false);
    expect(tightnessReasons(session)).toEqual([['item-missing'], ['item-missing'], ['item-missing']]);
  });

  it('MAP unknown, or a planned pressure under 1.6 × MAP or at 2 × MAP: the test cannot be run', async () => {
    const noMap = await setup({}, { ...plan, meter: { ...plan.meter, mapMpa: undefined }, tightness: { kpa: 1700 } });
    await expect(noMap.session.tightness()).rejects.toMatchObject({ code: 'tightness-map-unknown' });
    expect(noMap.session.state).toBe('ready');
    const low = await setup({}, { ...plan, tightness: { kpa: 1599 } });
    await expect(low.session.tightness()).rejects.toMatchObject({ code: 'tightness-plan' });
    const high = await setup({}, { ...plan, tightness: { kpa: 2000 } });
    await expect(high.session.tightness()).rejects.toMatchObject({ code: 'tightness-plan' });
    const short = await setup({}, { ...plan, tightness: { holdS: 30 } });
    await expect(short.session.tightness()).rejects.toMatchObject({ code: 'tightness-plan' });
  });
});
