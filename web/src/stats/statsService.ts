/**
 * What the statistics worker exposes (through Comlink, stats.worker.ts). Runs in the
 * worker: picks the engine once — the WASM kernel, or the JS reference only if the kernel
 * cannot be instantiated — and answers batch requests.
 *
 * Results and errors cross the worker boundary as plain data: Comlink serialises a thrown
 * Error to its message only, and the error code and the index of the bad value are what
 * a caller needs (statsClient.ts turns `{ ok: false }` back into a StatisticsError).
 * The columns were transferred in; they are transferred back with the answer, so the
 * caller keeps its data without a copy either way.
 */
import { transfer } from 'comlink';
import { describeBatch, type BatchColumns, type BatchRequest, type BatchStatistics } from './batchStatistics.ts';
import { StatisticsError, type StatisticsErrorData } from './errors.ts';
import type { WasmKernel } from './kernel.ts';
import { jsEngine } from './reference.ts';
import type { EngineName, StatisticsEngine } from './types.ts';

export type BatchResponse =
  | { ok: true; result: BatchStatistics; columns: BatchColumns }
  | { ok: false; error: StatisticsErrorData; columns: BatchColumns };

export interface EngineInfo {
  name: EngineName;
  /** why the JS reference runs instead of the WASM kernel */
  note?: string;
}

export interface StatsWorkerApi {
  describeBatch(request: BatchRequest): Promise<BatchResponse>;
  engine(): Promise<EngineInfo>;
}

/** The distinct buffers behind the columns (a buffer may be listed once only). */
export function columnBuffers(columns: BatchColumns): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const c of [columns.Q3, columns.Q2, columns.Q1]) {
    // A SharedArrayBuffer is shared, not copied, and cannot be transferred.
    if (c.buffer instanceof ArrayBuffer) buffers.add(c.buffer);
  }
  return [...buffers];
}

export function createStatsService(loadKernel: () => Promise<WasmKernel>): StatsWorkerApi {
  type Chosen = { engine: StatisticsEngine; info: EngineInfo };
  let chosen: Promise<Chosen> | undefined;
  const choose = (): Promise<Chosen> =>
    (chosen ??= loadKernel().then(
      (kernel): Chosen => ({ engine: kernel, info: { name: 'wasm' } }),
      (err: unknown): Chosen => ({
        engine: jsEngine,
        info: { name: 'js', note: `WebAssembly kernel unavailable (${err instanceof Error ? err.message : String(err)}); using the JS reference` },
      }),
    ));

  return {
    async engine() {
      return (await choose()).info;
    },
    async describeBatch(request) {
      const { engine, info } = await choose();
      const { columns } = request;
      let response: BatchResponse;
      try {
        response = { ok: true, result: describeBatch(engine, request, info.note), columns };
      } catch (err) {
        if (!(err instanceof StatisticsError)) throw err;
        response = { ok: false, error: err.toData(), columns };
      }
      return transfer(response, columnBuffers(columns));
    },
  };
}
