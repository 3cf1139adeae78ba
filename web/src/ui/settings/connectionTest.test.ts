import { describe, expect, it } from 'vitest';
import { parseBenchConfig, isPlcConfig, type PlcConfig } from '../../bench/config/benchConfig.ts';
import example from '../../bench/config/examples/plc-balance-pulse.json';
import { createDemoPlcBench } from '../../bench/sim/demoPlcBench.ts';
import type { RegisterDef } from '../../bench/modbus/registerMap.ts';
import { plausibilityOf, testPlcConnection } from './connectionTest.ts';

function plcConfig(): PlcConfig {
  const c = parseBenchConfig(example);
  if (!isPlcConfig(c)) throw new Error('the example is a PLC bench');
  return c;
}
const f32: RegisterDef = { table: 'input', address: 0, type: 'f32', wordOrder: 'high-first', scale: 1 };
const u16: RegisterDef = { table: 'input', address: 0, type: 'u16', scale: 0.01 };

describe('测试连接', () => {
  it('judges values as a water bench can show them', () => {
    expect(plausibilityOf('plc.registers.waterTempC', u16, 18.5)).toBe('ok');
    expect(plausibilityOf('plc.registers.waterTempC', u16, 185)).toBe('out-of-range');
    expect(plausibilityOf('plc.registers.flowLph', f32, -3)).toBe('out-of-range');
    expect(plausibilityOf('plc.registers.flowLph', f32, Number.NaN)).toBe('wrong-type');
    expect(plausibilityOf('plc.registers.flowLph', f32, 3.2e12)).toBe('wrong-type');
    expect(plausibilityOf('plc.registers.flowLph', f32, 2.4e-39)).toBe('wrong-type');
    expect(plausibilityOf('plc.registers.inletKpa', u16, 350)).toBe('ok');
    expect(plausibilityOf('plc.registers.inletKpa', u16, 5000)).toBe('out-of-range');
    expect(plausibilityOf('positions[0].counter', u16, 12)).toBe('ok');
  });

  it('identifies the demo PLC and balance, reads every configured register once, reports progress and closes the ports', async () => {
    const config = plcConfig();
    const demo = createDemoPlcBench({ config });
    const progress: Array<[number, number]> = [];
    try {
      const report = await testPlcConnection(config, { plcPort: demo.plcPort, balancePort: demo.balancePort, clock: demo.clock, onProgress: (d, t) => progress.push([d, t]) });
      expect(report.plc).toMatchObject({ ok: true });
      expect(report.balance).toMatchObject({ ok: true, sn: expect.any(String) as string });
      expect(report.registers.map((r) => r.path)).toEqual(expect.arrayContaining(['plc.registers.flowLph', 'plc.registers.waterTempC', 'plc.control.targetFlowLph', 'positions[9].counter']));
      expect(report.registers.filter((r) => r.plausibility !== 'ok')).toEqual([]);
      const total = progress[0]?.[1] ?? 0;
      expect(progress.at(-1)).toEqual([total, total]);
      expect(demo.plcPort.readable).toBeNull();
    } finally {
      demo.dispose();
    }
  });
});
