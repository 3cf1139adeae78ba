/**
 * The WASM kernel's exports and result slots, as assembly/abi.ts and assembly/index.ts
 * define them. Kept in one place so a change of the kernel's ABI is one diff here; the
 * kernel reports ABI_VERSION and the binding refuses a kernel built for another.
 */
import { StatisticsError } from './errors.ts';

export const ABI_VERSION = 1;

export const SLOT = {
  n: 0,
  mean: 1,
  sd: 2,
  se: 3,
  ciLo: 4,
  ciHi: 5,
  min: 6,
  max: 7,
  skewness: 8,
  kurtosis: 9,
  beyondMpe: 10,
  beyondHalfMpe: 11,
  cpk: 12,
  /** p1, p5, p50, p95, p99 in 13 … 17 */
  quantiles: 13,
  below: 18,
  above: 19,
  badIndex: 20,
} as const;
export const RESULT_SLOTS = 24;

export const STATUS_OK = 0;
export const STATUS_BAD_VALUE = 1;
export const STATUS_NOT_RESERVED = 2;
export const FLAG_QUANTILES = 1;

export interface KernelExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  /** address of the column, 0 when memory cannot grow (may grow memory) */
  reserve(n: number, bins: number): number;
  results(): number;
  edges(): number;
  histogramCounts(): number;
  describe(n: number, mpe: number, bins: number, flags: number): number;
  sumFloor(n: number): number;
  tQuantile(df: number): number;
}

const FUNCTIONS = ['abiVersion', 'reserve', 'results', 'edges', 'histogramCounts', 'describe', 'sumFloor', 'tQuantile'] as const;

/** Checks an instance's exports against KernelExports, instead of trusting a cast. */
export function kernelExports(instance: WebAssembly.Instance): KernelExports {
  const x = instance.exports;
  const missing = FUNCTIONS.filter((name) => typeof x[name] !== 'function');
  if (!(x.memory instanceof WebAssembly.Memory) || missing.length > 0) {
    throw new StatisticsError('kernel-not-built', `stats.wasm is not the statistics kernel (missing ${[...missing, ...(x.memory instanceof WebAssembly.Memory ? [] : ['memory'])].join(', ')}): run npm run asbuild`);
  }
  const exports = x as unknown as KernelExports;
  const version = exports.abiVersion();
  if (version !== ABI_VERSION) {
    throw new StatisticsError('kernel-not-built', `stats.wasm has ABI version ${version}, this binding expects ${ABI_VERSION}: run npm run asbuild`);
  }
  return exports;
}
