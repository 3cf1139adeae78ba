/**
 * The worker API end to end over a real MessageChannel (Comlink on both ends, as in the
 * browser, minus the Worker): transfer instead of copy, bias status per point, typed
 * errors, and the fallback engine.
 */
import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile } from '../domain/index.ts';
import { StatisticsError } from './errors.ts';
import { loadNodeKernel } from './loadKernel.node.ts';
import { createStatsClient, type StatsClient } from './statsClient.ts';
import { createStatsService } from './statsService.ts';
import type { WasmKernel } from './kernel.ts';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function connect(loadKernel: () => Promise<WasmKernel> = () => loadNodeKernel()): StatsClient {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  expose(createStatsService(loadKernel), port1);
  return createStatsClient(port2);
}

const shifted = (n: number, mean: number): Float64Array => Float64Array.from({ length: n }, (_, i) => mean + 0.3 * Math.sin(i * 2.1));

describe('createStatsClient', () => {
  it('describes Q3, Q2, Q1 with the WASM kernel and the bias status of each mean', async () => {
    const stats = connect();
    const columns = { Q3: shifted(10_000, 0.1), Q2: shifted(10_000, -0.6), Q1: shifted(10_000, 2.5) };
    const { result } = await stats.describeBatch({ columns, profile: defaultProfile, accuracyClass: 2 });
    expect(result.engine).toBe('wasm');
    expect(result.engineNote).toBeUndefined();
    const { Q3, Q2, Q1 } = result.points;
    // class 2: ±2 % at Q3 and Q2, ±5 % at Q1; ok ≤ 0.2·MPE, warn ≤ 0.4·MPE (profile)
    expect([Q3.mpePct, Q2.mpePct, Q1.mpePct]).toEqual([2, 2, 5]);
    expect(Q3.bias).toMatchObject({ status: 'ok', sign: 1 });
    expect(Q2.bias).toMatchObject({ status: 'warn', sign: -1 });
    expect(Q1.bias).toMatchObject({ status: 'alarm', sign: 1 });
    expect(Q3.statistics.n).toBe(10_000);
    expect(Q1.statistics.histogram.counts).toHaveLength(200); // ±2·MPE in 0.1 % bins
  });

  it('transfers the buffers (the caller’s arrays are detached) and hands them back', async () => {
    const stats = connect();
    const Q3 = shifted(1000, 0);
    const Q2 = shifted(1000, 0);
    const Q1 = shifted(1000, 0);
    const original = Q1.slice();
    const pending = stats.describeBatch({ columns: { Q3, Q2, Q1 }, profile: defaultProfile, accuracyClass: 2 });
    expect([Q3.length, Q2.length, Q1.length]).toEqual([0, 0, 0]);
    expect(Q3.buffer.byteLength).toBe(0);
    const { columns } = await pending;
    expect(columns.Q1).toEqual(original);
  });

  it('columns that share one buffer are transferred once', async () => {
    const stats = connect();
    const all = shifted(3000, 0.05);
    const columns = { Q3: all.subarray(0, 1000), Q2: all.subarray(1000, 2000), Q1: all.subarray(2000) };
    const { result } = await stats.describeBatch({ columns, profile: defaultProfile, accuracyClass: 2 });
    expect(result.points.Q1.statistics.n).toBe(1000);
  });

  it('a bad value is a StatisticsError naming the point and the index', async () => {
    const stats = connect();
    const Q2 = shifted(500, 0);
    Q2[123] = Number.NaN;
    const err = await stats.describeBatch({ columns: { Q3: shifted(10, 0), Q2, Q1: shifted(10, 0) }, profile: defaultProfile, accuracyClass: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatisticsError);
    expect(err).toMatchObject({ code: 'not-finite', point: 'Q2', index: 123 });
    expect((err as Error).message).toMatch(/^Q2: value at index 123 is NaN/);
  });

  it('an empty batch has no bias status', async () => {
    const stats = connect();
    const empty = new Float64Array(0);
    const { result } = await stats.describeBatch({ columns: { Q3: empty, Q2: new Float64Array(0), Q1: new Float64Array(0) }, profile: defaultProfile, accuracyClass: 2 });
    expect(result.points.Q3.bias).toBeNull();
    expect(result.points.Q3.statistics.mean).toBeNull();
  });

  it('falls back to the JS reference only when the kernel cannot be instantiated, and says so', async () => {
    const stats = connect(() => Promise.reject(new Error('no WebAssembly here')));
    expect(await stats.engine()).toEqual({ name: 'js', note: expect.stringContaining('no WebAssembly here') });
    const { result } = await stats.describeBatch({ columns: { Q3: shifted(100, 0), Q2: shifted(100, 0), Q1: shifted(100, 0) }, profile: defaultProfile, accuracyClass: 1 });
    expect(result.engine).toBe('js');
    expect(result.engineNote).toMatch(/no WebAssembly here/);
    expect([result.points.Q3.mpePct, result.points.Q1.mpePct]).toEqual([1, 3]);
  });

  it('takes an explicit MPE per point and a bin width', async () => {
    const stats = connect();
    const { result } = await stats.describeBatch({
      columns: { Q3: shifted(100, 0), Q2: shifted(100, 0), Q1: shifted(100, 0) },
      profile: defaultProfile,
      accuracyClass: 2,
      mpePct: { Q3: 3 },
      binWidthPct: 0.5,
    });
    expect(result.points.Q3.mpePct).toBe(3);
    expect(result.points.Q3.statistics.histogram).toMatchObject({ lo: -6, width: 0.5 });
    expect(result.points.Q3.statistics.histogram.counts).toHaveLength(24);
  });
});
