/** The WASM binding's own duties: memory, ABI, loading. (Figures: engines.test.ts, differential.test.ts.) */
import { describe, expect, it } from 'vitest';
import { StatisticsError } from './errors.ts';
import { WasmKernel } from './kernel.ts';
import { ABI_VERSION, kernelExports } from './kernelAbi.ts';
import { compileKernel, loadNodeKernel } from './loadKernel.node.ts';
import { describeColumnJs } from './reference.ts';
import type { ColumnOptions } from './types.ts';

const options: ColumnOptions = { mpe: 2, histogram: { width: 0.1, lo: -4, hi: 4 } };
const column = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.731 + seed) * 1.3);

describe('WasmKernel', () => {
  it('grows memory for a bigger column and still reads every result right (no detached views)', async () => {
    const kernel = await loadNodeKernel();
    for (const n of [10, 300_000, 7, 1_000_000, 0, 12]) {
      const c = column(n, n);
      const w = kernel.describe(c, options);
      const j = describeColumnJs(c, options);
      expect({ ...w, mean: null, sd: null, se: null, ci95: null, skewness: null, kurtosis: null, cpk: null }).toEqual({
        ...j,
        mean: null,
        sd: null,
        se: null,
        ci95: null,
        skewness: null,
        kurtosis: null,
        cpk: null,
      });
      for (const k of ['mean', 'sd', 'skewness', 'kurtosis', 'cpk'] as const) {
        const a = w[k];
        const b = j[k];
        if (a === null || b === null) expect(a).toBe(b);
        else expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
      }
    }
  });

  it('describes a loaded column again with the same result (the kernel leaves it unchanged)', async () => {
    const kernel = await loadNodeKernel();
    const loaded = kernel.load(column(50_000, 1), options);
    const first = loaded.describe();
    expect(loaded.describe()).toEqual(first);
  });

  it('the floor is the plain sum of the loaded column', async () => {
    const kernel = await loadNodeKernel();
    const c = Float64Array.from({ length: 1001 }, (_, i) => i);
    kernel.load(c, options);
    expect(kernel.sumFloor(c.length)).toBe(500_500);
  });

  it('reserve() answers 0 instead of trapping when a column cannot fit in 4 GiB', async () => {
    const instance = await WebAssembly.instantiate(await compileKernel(), {});
    const x = kernelExports(instance);
    expect(x.reserve(2 ** 28, 80)).toBe(0);
    expect(x.reserve(1000, 80)).toBeGreaterThan(0);
  });

  it('refuses a kernel of another ABI version', () => {
    const fake: WebAssembly.Instance = {
      exports: {
        memory: new WebAssembly.Memory({ initial: 1 }),
        ...Object.fromEntries(['reserve', 'results', 'edges', 'histogramCounts', 'describe', 'sumFloor', 'tQuantile'].map((f) => [f, () => 0])),
        abiVersion: () => ABI_VERSION + 1,
      },
    };
    expect(() => WasmKernel.fromInstance(fake)).toThrow(expect.objectContaining({ code: 'kernel-not-built' }));
  });

  it('a missing stats.wasm says to run npm run asbuild', async () => {
    const err = await compileKernel('/nonexistent/stats.wasm').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatisticsError);
    expect((err as StatisticsError).code).toBe('kernel-not-built');
    expect((err as StatisticsError).message).toMatch(/run npm run asbuild/);
  });
});
