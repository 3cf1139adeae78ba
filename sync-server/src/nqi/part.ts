/**
 * The NQI publication part of the server (docs/nqi.md): the adapter to the platform, the
 * forwarder loop, the admin and regulator routes — and, when `--nqi-url embedded` (the demo,
 * `npm start`), the NQI simulator in-process, its records kept in <data>/nqi-simulator.json so a
 * restarted demo still holds what it published. The handle stops the loop, then the simulator.
 */
import { join } from 'node:path';
import type { PartHandle, ServerPart } from '../app.ts';
import { Prng } from '../../../web/src/bench/sim/prng.ts';
import { createNqiAdapter } from './adapter.ts';
import { startForwarder, type ForwarderOptions } from './forwarder.ts';
import { nqiRoutes } from './routes.ts';
import { startNqiSimulator, type NqiSimulator, type NqiSimulatorOptions } from './simulator.ts';

export interface NqiPartOptions {
  forwarder?: Partial<ForwarderOptions>;
  /** the backoff's jitter, uniform in [0, 1); default a PRNG seeded from the wall clock */
  random?: () => number;
  /** per request to the platform (ms) */
  timeoutMs?: number;
  /** for the embedded simulator */
  simulator?: Omit<NqiSimulatorOptions, 'port' | 'clock'>;
  /** tests reach the embedded simulator's switches through this */
  onSimulator?: (sim: NqiSimulator) => void;
}

export function nqiPart(options: NqiPartOptions = {}): ServerPart {
  return async (app, deps): Promise<PartHandle> => {
    let simulator: NqiSimulator | null = null;
    let baseUrl = deps.config.nqiUrl;
    if (baseUrl === 'embedded') {
      const stateFile = deps.config.dbFile === ':memory:' ? undefined : join(deps.config.dataDir, 'nqi-simulator.json');
      simulator = await startNqiSimulator({ port: 0, clock: deps.clock, ...(stateFile ? { stateFile } : {}), ...options.simulator });
      baseUrl = simulator.url;
      options.onSimulator?.(simulator);
      deps.log.info({ url: baseUrl }, 'NQI simulator (embedded) listening');
    }
    else if (!URL.canParse(baseUrl)) throw new Error(`--nqi-url must be an absolute URL or "embedded", got ${baseUrl}`);
    const adapter = createNqiAdapter({ baseUrl, timeoutMs: options.timeoutMs ?? 10_000 });
    // The jitter only needs to differ between servers, not to be unpredictable: a PRNG suffices.
    const random = options.random ?? ((prng) => () => prng.next())(new Prng(deps.clock().getTime() % 2 ** 32));
    const forwarder = startForwarder({ db: deps.db, adapter, clock: deps.clock, random, log: deps.log, ...(options.forwarder ? { options: options.forwarder } : {}) });
    nqiRoutes(app, deps, { adapter, forwarder, platformUrl: baseUrl, embedded: simulator !== null });
    return {
      close: async () => {
        await forwarder.close();
        await simulator?.close();
      },
    };
  };
}
