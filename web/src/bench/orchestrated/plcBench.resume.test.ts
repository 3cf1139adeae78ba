/**
 * A cable pulled on either port of a PLC bench mid-run (issue 14 items 2 and 4): one
 * device loss, the run abandoned (VOID in the record, never evaluated), the session
 * waiting; then the ports back, a new bench on new connections (a new SETUP line), the
 * session resumed on it — water still running is stopped first — and finished with
 * verdicts the record reproduces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceLostError } from '../errors.ts';
import { decodeStep } from './steps.ts';
import { DemoSession, planOf, pulseConfig } from './demoSession.testkit.ts';

let demo: DemoSession | null = null;
afterEach(async () => {
  await demo?.close();
  demo = null;
});

describe('a PLC bench that loses a cable', () => {
  for (const port of ['plc', 'balance'] as const) {
    it(`the ${port} port unplugged during the Q2 run: resumed on new connections, the session finishes with the verdicts the record gives`, async () => {
      demo = new DemoSession(pulseConfig());
      const d = demo;
      const session = await d.start(planOf(`S-LOST-${port}`));
      await d.mountAll([1, 2, 3, 4]);
      await d.tightness();
      const pull = d
        .event('flow', 10_000, (e) => e.runId.includes('-Q2-'))
        .then(() => (port === 'plc' ? d.sim.plcPort.unplug() : d.sim.balancePort?.unplug()));
      const first = await session.runAll().then(
        () => null,
        (e: unknown) => e,
      );
      await pull;
      expect(first).toBeInstanceOf(DeviceLostError);
      expect(session.state).toBe('disconnected');
      expect(d.events.filter((e) => e.type === 'run-interrupted').map((e) => [e.point, e.cause])).toEqual([['Q2', 'device-lost']]);

      // The operator plugs the cable back and presses 重新连接: new connections on both ports.
      await d.connections[0]?.close();
      if (port === 'plc') d.sim.plcPort.replug();
      else d.sim.balancePort?.replug();
      const again = await d.open();
      await session.resume(again.bench);
      await session.runAll();
      const verdicts = session.verdicts();
      expect(verdicts.map((v) => [v.serial, v.verdict.passed])).toEqual(verdicts.map((v) => [v.serial, true]));

      const steps = d.sink.lines.map((l) => decodeStep(l.text)).filter((s) => s !== null);
      expect(steps.filter((s) => s.verb === 'SETUP')).toHaveLength(2);
      expect(steps.filter((s) => s.verb === 'VOID').map((s) => (s.verb === 'VOID' ? s.reason : ''))).toEqual(['device-lost']);
      expect(d.events.filter((e) => e.type === 'run-result').map((e) => e.point)).toEqual(['Q3', 'Q2', 'Q1']);
      expect(d.replayed().runs.map((r) => ({ runId: r.runId, serial: r.serial, position: r.position, run: r.run }))).toEqual(d.sessionRuns());
      expect(d.replayedVerdicts()).toEqual(verdicts.map((v) => ({ serial: v.serial, verdict: v.verdict })));
    }, 20_000);
  }
});
