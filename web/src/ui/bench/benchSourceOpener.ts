/**
 * From the bench the operator chose (./benchSources.ts) to how it is opened
 * (./benchOpeners.ts), now and again after a pulled cable: a demo port is plugged back in;
 * a real one is chosen again — for a PLC bench the PLC's first, then the balance's.
 */
import { BenchError, seedOf, type Clock, type DemoPort, type Wmb1BenchSim } from '../../bench/index.ts';
import { isPlcConfig, type BenchConfig } from '../../bench/config/benchConfig.ts';
import type { ManualReader } from '../../bench/orchestrated/types.ts';
import { createDemoPlcBench, type DemoPlcBench } from '../../bench/sim/demoPlcBench.ts';
import { plcOpener, wmb1Opener, type ChoosePort, type OpenBench } from './benchOpeners.ts';
import { demoPlcConfig, type BenchSource } from './benchSources.ts';

/** Where the bench comes from, for a new session and for a resumed one. */
export interface SourceRequest {
  source: BenchSource;
  /** source `configured`: the device's active bench configuration */
  config?: BenchConfig;
  /** demo benches only: how many times faster than real time it runs */
  demoSpeed?: number;
  demoPositions?: number;
}

export interface SourceDeps {
  /** who types readings (visual reading) */
  operator: string;
  /** the wall clock the record is stamped with */
  clock: Clock;
  reader: ManualReader;
  choosePort: ChoosePort;
  /** the WMB/1 demo bench's port, made now */
  demoWmb1Port(): DemoPort<Wmb1BenchSim>;
}

export function openerFor(req: SourceRequest, deps: SourceDeps): { open: OpenBench; demoPlc: DemoPlcBench | null } {
  const { operator, clock, reader, choosePort } = deps;
  switch (req.source) {
    case 'demo': {
      const port = deps.demoWmb1Port();
      return { open: wmb1Opener(() => (port.replug(), Promise.resolve(port))), demoPlc: null };
    }
    case 'demo-plc':
    case 'demo-plc-visual': {
      const config = demoPlcConfig(req.source, req.demoPositions);
      // The demo's meters are drawn from the moment of connecting: no two sessions repeat each other's errors.
      const demo = createDemoPlcBench({ config, speed: req.demoSpeed ?? 200, baseClock: clock, seed: seedOf(`${req.source}/${clock.now()}`) });
      const choose: ChoosePort = (role) => {
        const port = role === 'balance' ? demo.balancePort : demo.plcPort;
        if (port === null) return Promise.reject(new BenchError('port-unavailable', `the demo bench has no ${role} port`));
        port.replug();
        return Promise.resolve(port);
      };
      return { open: plcOpener({ config, choose, clock, benchClock: demo.clock, operator, reader }), demoPlc: demo };
    }
    case 'serial':
      return { open: wmb1Opener(() => choosePort('wmb1')), demoPlc: null };
    case 'configured': {
      const config = req.config;
      if (config === undefined) throw new BenchError('not-connected', 'no bench configuration is active on this PC: choose one in the bench settings');
      if (!isPlcConfig(config)) return { open: wmb1Opener(() => choosePort('wmb1'), config.setup.kind === 'wmb1' ? config.setup.link : null), demoPlc: null };
      return { open: plcOpener({ config, choose: choosePort, clock, operator, reader }), demoPlc: null };
    }
  }
}
