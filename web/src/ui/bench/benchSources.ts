/**
 * Which bench the operator connects (the bench screen's first choice): the demo WMB/1
 * bench, the demo PLC bench with its balance read by pulse pick-ups or by eye, a WMB/1
 * bench on a serial port, or — on a real bench PC — the device's active bench
 * configuration (docs/bench-config.md; #/settings/bench). The demo PLC benches run the
 * example configurations of web/src/bench/config/examples on the in-browser simulator.
 */
import { parseBenchConfig, isPlcConfig, type BenchConfig, type PlcConfig } from '../../bench/config/benchConfig.ts';
import pulseExample from '../../bench/config/examples/plc-balance-pulse.json' with { type: 'json' };
import visualExample from '../../bench/config/examples/plc-balance-visual.json' with { type: 'json' };

export type BenchSource = 'demo' | 'demo-plc' | 'demo-plc-visual' | 'serial' | 'configured';

export const benchSources: readonly BenchSource[] = ['demo', 'demo-plc', 'demo-plc-visual', 'serial', 'configured'];

export function isBenchSource(v: string): v is BenchSource {
  return (benchSources as readonly string[]).includes(v);
}

/**
 * The demo PLC bench's configuration: the example with pulse pick-ups or read by eye,
 * with its first `positions` positions when fewer are asked for (`#/bench?positions=N`).
 */
export function demoPlcConfig(source: 'demo-plc' | 'demo-plc-visual', positions?: number): PlcConfig {
  const config: BenchConfig = parseBenchConfig(source === 'demo-plc' ? pulseExample : visualExample);
  if (!isPlcConfig(config)) throw new Error(`the demo configuration of ${source} is not a PLC bench`);
  if (positions === undefined || positions >= config.setup.positions.length) return config;
  return { ...config, setup: { ...config.setup, positions: config.setup.positions.slice(0, positions) } };
}
