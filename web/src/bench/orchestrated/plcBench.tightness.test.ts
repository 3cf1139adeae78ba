/**
 * The tightness test on a PLC bench (docs/rules.md R-TIGHT): the pressure is built and
 * held through the PLC's outputs and read from its tightness register, the hold judged by
 * the domain; and what the orchestrator refuses: a configuration that cannot test, a
 * pressure never reached, a record that cannot be written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoPlcBench } from '../sim/demoPlcBench.ts';
import type { RawLine, RawRecordSink } from '../types.ts';
import { openPlcBench } from './plcBench.ts';
import { DemoSession, planOf, pulseConfig } from './demoSession.testkit.ts';

let demo: DemoSession | null = null;
afterEach(async () => {
  await demo?.close();
  demo = null;
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof Error && 'code' in e ? String(e.code) : String(e)),
  );

describe('the tightness test on a PLC bench', () => {
  it('a leaking circuit gives an invalid test, not a failed meter', async () => {
    demo = new DemoSession(pulseConfig());
    const session = await demo.start(planOf('S-LEAK'));
    await demo.mountAll([1, 2]);
    demo.sim.model.fault({ kind: 'leak', kpaPerS: 5 });
    const outcome = await session.tightness();
    expect(outcome.valid).toBe(false);
    expect(outcome.trace[0]).toMatchObject({ tS: 0 });
    expect(outcome.trace.at(-1)?.tS).toBe(outcome.holdS);
    expect(demo.events.some((e) => e.type === 'tightness-invalid')).toBe(true);
    expect(demo.sim.model.tightnessKpa).toBeLessThan(100);
  }, 15_000);

  it('a pressure the pump never reaches is refused with pressure-not-reached, and the bench is vented', async () => {
    demo = new DemoSession(pulseConfig());
    const session = await demo.start(planOf('S-PUMP', { tightness: { kpa: 1900 } }));
    await demo.mountAll([1]);
    expect(await codeOf(session.tightness())).toBe('pressure-not-reached');
    expect(session.state).toBe('ready');
    expect(demo.sim.model.tightnessKpa).toBeLessThan(1700);
  }, 15_000);

  it('a configuration without a tightness register cannot test', async () => {
    demo = new DemoSession(pulseConfig((c) => delete c.setup.plc.registers.tightnessKpa));
    const session = await demo.start(planOf('S-NOTIGHT'));
    await demo.mountAll([1]);
    expect(await codeOf(session.tightness())).toBe('plc-no-tightness');
  }, 15_000);

  it('nothing is sent when the SETUP line cannot be recorded, and the ports are let go', async () => {
    const config = pulseConfig();
    const sim = createDemoPlcBench({ config, speed: 400 });
    const failing: RawRecordSink = { append: (l: RawLine) => Promise.reject(new Error(`disk full at ${l.seq}`)) };
    const o = { config, plcPort: sim.plcPort, balancePort: sim.balancePort, benchClock: sim.clock, operator: 'li.wei' };
    expect(await codeOf(openPlcBench({ ...o, sink: failing }))).toBe('command-not-recorded');
    // Both ports were closed: they open again.
    const lines: RawLine[] = [];
    const conn = await openPlcBench({ ...o, sink: { append: (l) => Promise.resolve(void lines.push(l)) } });
    expect(lines.map((l) => l.text.slice(0, 5))).toEqual(['SETUP']);
    await conn.close();
    sim.dispose();
  }, 15_000);
});
