/**
 * The main thread's handle on the statistics worker (stats.worker.ts), typed:
 *
 *   const stats = createStatsClient();
 *   const { result, columns } = await stats.describeBatch({ columns: { Q3, Q2, Q1 }, profile, accuracyClass: 2 });
 *
 * The columns' buffers are TRANSFERRED to the worker (Comlink.transfer — no structured
 * clone of up to 3 × 8 MB), so the arrays passed in are detached (length 0) after the
 * call; the worker transfers them back, and `columns` holds them again.
 */
import { transfer, wrap, type Endpoint, type Remote } from 'comlink';
import type { BatchColumns, BatchRequest, BatchStatistics } from './batchStatistics.ts';
import { StatisticsError } from './errors.ts';
import { columnBuffers, type EngineInfo, type StatsWorkerApi } from './statsService.ts';

export interface StatsClient {
  /** Describes a batch; throws StatisticsError (with `point` and `index`) on a bad column. */
  describeBatch(request: BatchRequest): Promise<{ result: BatchStatistics; columns: BatchColumns }>;
  /** Which engine the worker runs, and why if it is the JS reference. */
  engine(): Promise<EngineInfo>;
  /** The Comlink proxy itself, for callers that want the raw `{ ok }` responses. */
  readonly remote: Remote<StatsWorkerApi>;
  terminate(): void;
}

/**
 * @param endpoint where the service runs; by default a new module worker. Tests pass one
 * end of a MessageChannel whose other end exposes createStatsService().
 */
export function createStatsClient(endpoint?: Endpoint & { terminate?(): void }): StatsClient {
  const ep = endpoint ?? new Worker(new URL('./stats.worker.ts', import.meta.url), { type: 'module', name: 'erjian-stats' });
  const remote = wrap<StatsWorkerApi>(ep);
  return {
    remote,
    async describeBatch(request) {
      const response = await remote.describeBatch(transfer(request, columnBuffers(request.columns)));
      if (!response.ok) throw StatisticsError.fromData(response.error);
      return { result: response.result, columns: response.columns };
    },
    engine: () => remote.engine(),
    terminate() {
      ep.terminate?.();
    },
  };
}
