/**
 * The binding of the WASM statistics kernel (assembly/), given an instantiated module —
 * loading is someone else's job (loadKernel.node.ts, loadKernel.browser.ts), so the same
 * binding serves the worker, the CLI, the tests and the benchmark.
 *
 * Memory rules (docs/architecture.md, Stack notes): the column is copied once, with one TypedArray.set, into
 * the kernel's exported memory, where every pass reads it (no `--bindings esm`
 * marshalling per call); every typed-array view is made from `memory.buffer` right before
 * it is used, after `reserve` — the only export that may call `memory.grow`, which
 * detaches the views of the old buffer.
 */
import { prepareOptions, type PreparedOptions } from './columnOptions.ts';
import { badValueError, StatisticsError } from './errors.ts';
import { FLAG_QUANTILES, kernelExports, RESULT_SLOTS, SLOT, STATUS_BAD_VALUE, STATUS_OK, type KernelExports } from './kernelAbi.ts';
import type { ColumnOptions, ColumnStatistics, StatisticsEngine } from './types.ts';

/** A column copied into kernel memory, ready to be described (the benchmark times this part). */
export interface LoadedColumn {
  readonly n: number;
  describe(): ColumnStatistics;
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

export class WasmKernel implements StatisticsEngine {
  readonly name = 'wasm';

  constructor(private readonly x: KernelExports) {}

  static fromInstance(instance: WebAssembly.Instance): WasmKernel {
    return new WasmKernel(kernelExports(instance));
  }

  describe(column: Float64Array, options: ColumnOptions): ColumnStatistics {
    return this.load(column, options).describe();
  }

  /** Copies the column and the histogram edges into kernel memory. */
  load(column: Float64Array, options: ColumnOptions): LoadedColumn {
    const prepared = prepareOptions(options);
    const n = column.length;
    const bins = prepared.edges.bins;
    const columnAt = this.x.reserve(n, bins) >>> 0;
    if (columnAt === 0) {
      throw new StatisticsError('out-of-memory', `the statistics kernel cannot reserve memory for ${n} values; describe a smaller batch or use the JS engine`);
    }
    // Views after reserve(): it may have grown (and so detached) the memory.
    const buffer = this.x.memory.buffer;
    new Float64Array(buffer, columnAt, n).set(column);
    new Float64Array(buffer, this.x.edges() >>> 0, bins + 1).set(prepared.edges.edges);
    return { n, describe: () => this.run(column, n, prepared) };
  }

  /** The benchmark's memory-bound floor: one plain SIMD sum over the loaded column. */
  sumFloor(n: number): number {
    return this.x.sumFloor(n);
  }

  /** t(0.975, df) as the kernel computes it, for tests. */
  tQuantile(df: number): number {
    return this.x.tQuantile(df);
  }

  private run(column: Float64Array, n: number, prepared: PreparedOptions): ColumnStatistics {
    const { bins } = prepared.edges;
    const status = this.x.describe(n, prepared.mpe, bins, prepared.quantiles ? FLAG_QUANTILES : 0);
    const buffer = this.x.memory.buffer;
    const r = new Float64Array(buffer, this.x.results() >>> 0, RESULT_SLOTS);
    if (status === STATUS_BAD_VALUE) {
      const index = r[SLOT.badIndex] as number;
      throw badValueError(index, column[index] as number);
    }
    if (status !== STATUS_OK) throw new StatisticsError('out-of-memory', `the statistics kernel was not reserved for ${n} values (status ${status})`);
    const at = (s: number): number => r[s] as number;
    const counts = Array.from(new Uint32Array(buffer, this.x.histogramCounts() >>> 0, bins));
    const mean = orNull(at(SLOT.mean));
    const ciLo = orNull(at(SLOT.ciLo));
    const ciHi = orNull(at(SLOT.ciHi));
    const q = SLOT.quantiles;
    return {
      n: at(SLOT.n),
      mean,
      sd: orNull(at(SLOT.sd)),
      se: orNull(at(SLOT.se)),
      ci95: ciLo === null || ciHi === null ? null : [ciLo, ciHi],
      min: orNull(at(SLOT.min)),
      max: orNull(at(SLOT.max)),
      skewness: orNull(at(SLOT.skewness)),
      kurtosis: orNull(at(SLOT.kurtosis)),
      beyond_mpe: at(SLOT.beyondMpe),
      beyond_half_mpe: at(SLOT.beyondHalfMpe),
      cpk: orNull(at(SLOT.cpk)),
      quantiles: prepared.quantiles && n > 0 ? { p1: at(q), p5: at(q + 1), p50: at(q + 2), p95: at(q + 3), p99: at(q + 4) } : null,
      histogram: { lo: prepared.edges.lo, width: prepared.edges.width, counts, below: at(SLOT.below), above: at(SLOT.above) },
    };
  }
}
