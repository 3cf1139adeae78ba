/**
 * The other references a PLC bench may have (docs/bench-config.md `reference`): a master
 * meter's pulse counter and a tank's volume, both in the PLC's registers, on one port —
 * the same orchestration, and the record replays to the runs the session evaluated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import masterJson from '../config/examples/plc-master-meter-pulse.json';
import tankJson from '../config/examples/plc-tank-visual.json';
import { DemoSession, planOf, plcConfig } from './demoSession.testkit.ts';
import type { ReadingRequest } from './types.ts';

let demo: DemoSession | null = null;
afterEach(async () => {
  await demo?.close();
  demo = null;
});

const Q3 = { point: 'Q3' as const, volumeL: 5 };

function replaysTheSession(d: DemoSession): void {
  const results = d.events.filter((e) => e.type === 'run-result');
  expect(results).toHaveLength(1);
  expect(results[0]?.positions.every((p) => p.evaluation?.valid === true)).toBe(true);
  expect(d.replayed().runs.map((r) => ({ runId: r.runId, serial: r.serial, position: r.position, run: r.run }))).toEqual(d.sessionRuns());
}

describe('a PLC bench without a balance', () => {
  it('a master meter: the run stops on its pulses, Va is N / K', async () => {
    demo = new DemoSession(plcConfig(masterJson));
    expect(demo.sim.balancePort).toBeNull();
    const session = await demo.start(planOf('S-MASTER', { points: [Q3] }));
    expect(session.identity).toMatchObject({ method: 'master' });
    await demo.mountAll([1, 2, 3]);
    await session.runPoint(Q3);
    replaysTheSession(demo);
    const reference = demo.sessionRuns()[0]?.run.reference;
    expect(reference?.method).toBe('master-meter');
  }, 15_000);

  it('a tank read by eye: the run stops on the tank litres, the meters are read as typed', async () => {
    let litresAtStart = 0;
    const starts = new Map<number, number>();
    const script = async (r: ReadingRequest) => {
      const model = demo?.sim.model;
      if (model === undefined) throw new Error('no bench');
      if (r.at === 'start') litresAtStart = model.collectedKg / 0.9982;
      for (const { pos } of r.positions) {
        const typed = r.at === 'start' ? (10 * pos).toFixed(3) : ((starts.get(pos) ?? 0) + (model.collectedKg / 0.9982 - litresAtStart) * 1.003).toFixed(3);
        if (r.at === 'start') starts.set(pos, Number(typed));
        await r.enter(pos, typed);
      }
      r.done();
    };
    demo = new DemoSession(plcConfig(tankJson), (r) => void script(r));
    const session = await demo.start(planOf('S-TANK', { points: [Q3] }));
    expect(session.identity).toMatchObject({ method: 'volumetric' });
    await demo.mountAll([1, 2]);
    await session.runPoint(Q3);
    replaysTheSession(demo);
    expect(demo.sessionRuns()[0]?.run.reference.method).toBe('volume');
  }, 15_000);
});
