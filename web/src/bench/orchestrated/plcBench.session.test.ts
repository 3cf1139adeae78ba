/**
 * A whole verification on the demo PLC bench and balance (issue 14 items 2 and 5): mount
 * ten meters, the tightness test from the PLC's pressure register, Q3, Q2 and Q1 orchestrated
 * by the app, the verdicts; then the original record alone, replayed as the PC and the
 * server replay it, gives back every run the session evaluated and every verdict.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeStep } from './steps.ts';
import { DemoSession, planOf, pulseConfig } from './demoSession.testkit.ts';

let demo: DemoSession | null = null;
afterEach(async () => {
  await demo?.close();
  demo = null;
});

describe('a PLC bench with a balance, orchestrated by the app', () => {
  it('runs a 10-position session (mount, tightness, Q3, Q2, Q1, verdicts) that the raw record reproduces run by run and verdict by verdict', async () => {
    demo = new DemoSession(pulseConfig());
    const session = await demo.start(planOf('S-PLC-1'));
    expect(session.identity).toMatchObject({ protocol: 'modbus-rtu', sn: 'PLC-DEMO-01', positions: 10, method: 'weighing', uRelPct: 0.2 });
    await demo.mountAll();
    await demo.tightness();
    await session.runAll();
    // The collector was drained after each run's end values (plc.control.drain).
    expect(demo.sim.model.collectedKg).toBeLessThan(0.1);
    const verdicts = session.verdicts();
    expect(verdicts).toHaveLength(10);
    for (const v of verdicts) expect(v.verdict.passed, `${v.serial}: ${JSON.stringify(v.verdict)}`).toBe(true);

    // The record: a SETUP before anything was sent, each run BEGIN … END with the frames between.
    const first = demo.sink.lines[0];
    expect(first === undefined ? null : decodeStep(first.text)?.verb).toBe('SETUP');
    const results = demo.events.filter((e) => e.type === 'run-result');
    expect(results.map((e) => e.point)).toEqual(['Q3', 'Q2', 'Q1']);

    const replay = demo.replayed();
    expect([...replay.serials].sort()).toEqual(verdicts.map((v) => v.serial).sort());
    const replayed = replay.runs.map((r) => ({ runId: r.runId, serial: r.serial, position: r.position, run: r.run }));
    expect(replayed).toEqual(demo.sessionRuns());
    expect(demo.replayedVerdicts()).toEqual(verdicts.map((v) => ({ serial: v.serial, verdict: v.verdict })));
  }, 30_000);
});
