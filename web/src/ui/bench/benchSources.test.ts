import { describe, expect, it } from 'vitest';
import { benchSources, demoPlcConfig, isBenchSource } from './benchSources.ts';
import { demoParams } from './connectForm.ts';

describe('the benches the bench screen offers', () => {
  it('the demo PLC benches run the example configurations: pulse pick-ups, or read by eye', () => {
    const pulse = demoPlcConfig('demo-plc');
    const visual = demoPlcConfig('demo-plc-visual');
    expect(pulse.setup.reading).toBe('pulse');
    expect(visual.setup.reading).toBe('visual');
    expect(pulse.setup.reference.kind).toBe('balance');
    expect(pulse.setup.positions).toHaveLength(10);
  });

  it('a smaller demo PLC bench keeps its first positions (#/bench?positions=N), a bigger one all it has', () => {
    expect(demoPlcConfig('demo-plc', 3).setup.positions.map((p) => p.position)).toEqual([1, 2, 3]);
    expect(demoPlcConfig('demo-plc-visual', 40).setup.positions).toHaveLength(10);
  });

  it('knows its sources by name', () => {
    expect(benchSources.every(isBenchSource)).toBe(true);
    expect(isBenchSource('modbus')).toBe(false);
  });

  it('reads the demo’s speed and positions from the address, ignoring what is not one', () => {
    expect(demoParams('#/bench?speed=200&positions=3')).toEqual({ demoSpeed: 200, demoPositions: 3 });
    expect(demoParams('#/bench?speed=-1&positions=41')).toEqual({});
    expect(demoParams('#/bench')).toEqual({});
  });
});
