/**
 * What goes wrong on a PLC bench the app runs (issue 14 item 4): a valve that does not
 * close, a balance that never settles, a PLC that answers one request with an exception.
 * Each spoilt run is VOID in the record and ABORTed to the session, which repeats it or
 * gives the point up as the profile says; nothing of it reaches a verdict.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BenchError } from '../errors.ts';
import { MtSicsBalanceSim } from '../sim/mtsicsBalance.ts';
import { decodeStep } from './steps.ts';
import { DemoSession, planOf, pulseConfig } from './demoSession.testkit.ts';

let demo: DemoSession | null = null;
afterEach(async () => {
  await demo?.close();
  demo = null;
});

const Q3_ONLY = { points: [{ point: 'Q3' as const, volumeL: 5 }] };

function voids(d: DemoSession): string[] {
  return d.sink.lines.flatMap((l) => {
    const s = decodeStep(l.text);
    return s?.verb === 'VOID' ? [s.reason] : [];
  });
}

describe('a PLC bench that misbehaves', () => {
  it('a valve that does not close voids the run, and the bench refuses the next run while water still flows', async () => {
    demo = new DemoSession(pulseConfig());
    const session = await demo.start(planOf('S-VALVE', Q3_ONLY));
    await demo.mountAll([1, 2]);
    const sim = demo.sim;
    const stuck = demo.event('flow', 5000).then(() => sim.model.fault({ kind: 'valve-stuck' }));
    const outcome = await session.runPoint({ point: 'Q3', volumeL: 5 }).then(
      () => null,
      (e: unknown) => e,
    );
    await stuck;
    expect(outcome).toBeInstanceOf(BenchError);
    expect((outcome as BenchError).code).toBe('valve-not-closed');
    expect(demo.events.find((e) => e.type === 'run-aborted')).toMatchObject({ reason: 'valve-not-closed', willRepeat: true });
    expect(voids(demo)).toEqual(['valve-not-closed']);
    expect(demo.events.some((e) => e.type === 'run-result')).toBe(false);
    expect(session.state).toBe('ready');
  }, 15_000);

  it('a balance that never settles voids each run; after three the point is given up, nothing evaluated', async () => {
    demo = new DemoSession(pulseConfig());
    const session = await demo.start(planOf('S-SETTLE', Q3_ONLY));
    await demo.mountAll([1, 2]);
    demo.sim.model.fault({ kind: 'balance-never-settles' });
    await session.runPoint({ point: 'Q3', volumeL: 5 });
    const aborted = demo.events.filter((e) => e.type === 'run-aborted');
    expect(aborted.map((e) => [e.reason, e.willRepeat])).toEqual([
      ['balance-not-stable', true],
      ['balance-not-stable', true],
      ['balance-not-stable', false],
    ]);
    expect(voids(demo)).toEqual(['balance-not-stable', 'balance-not-stable', 'balance-not-stable']);
    expect(demo.events.some((e) => e.type === 'run-result')).toBe(false);
    expect(demo.replayed().runs).toEqual([]);
  }, 15_000);

  it('a PLC exception voids that run only: the next run is made and evaluated, and the record replays to it', async () => {
    demo = new DemoSession(pulseConfig());
    const session = await demo.start(planOf('S-EXC', Q3_ONLY));
    await demo.mountAll([1, 2, 3]);
    const sim = demo.sim;
    const injected = demo.event('flow', 5000).then(() => sim.model.fault({ kind: 'exception-once', code: 4 }));
    await session.runPoint({ point: 'Q3', volumeL: 5 });
    await injected;
    expect(demo.events.filter((e) => e.type === 'run-aborted').map((e) => [e.reason, e.willRepeat])).toEqual([['plc-exception-4', true]]);
    expect(voids(demo)).toEqual(['plc-exception-4']);
    const results = demo.events.filter((e) => e.type === 'run-result');
    expect(results).toHaveLength(1);
    expect(results[0]?.positions.every((p) => p.evaluation?.valid === true)).toBe(true);
    expect(demo.replayed().runs.map((r) => ({ runId: r.runId, serial: r.serial, position: r.position, run: r.run }))).toEqual(demo.sessionRuns());
  }, 15_000);

  it('a balance that stops answering mid-run: the timeout interrupts the run, the bench is stopped with its water, and the run made again', async () => {
    demo = new DemoSession(pulseConfig());
    const session = await demo.start(planOf('S-SILENT', Q3_ONLY));
    await demo.mountAll([1, 2]);
    const balance = demo.sim.balancePort?.sim;
    if (!(balance instanceof MtSicsBalanceSim)) throw new Error('the demo bench has an MT-SICS balance');
    const silent = demo.event('flow', 5000).then(() => balance.inject({ kind: 'stop-answering' }));
    const back = demo.event('run-interrupted', 5000).then(() => balance.inject({ kind: 'resume-answering' }));
    await session.runPoint({ point: 'Q3', volumeL: 5 });
    await Promise.all([silent, back]);
    expect(demo.events.filter((e) => e.type === 'fault').map((e) => e.code)).toContain('timeout');
    expect(demo.events.filter((e) => e.type === 'run-interrupted').map((e) => [e.cause, e.willRepeat])).toEqual([['timeout', true]]);
    expect(voids(demo)).toEqual(['timeout']);
    expect(demo.events.filter((e) => e.type === 'run-result')).toHaveLength(1);
    expect(demo.replayed().runs.map((r) => ({ runId: r.runId, serial: r.serial, position: r.position, run: r.run }))).toEqual(demo.sessionRuns());
  }, 15_000);
});
