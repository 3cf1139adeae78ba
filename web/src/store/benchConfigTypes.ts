/** A saved version of a bench configuration (schema v6, benchConfigs.ts; docs/bench-config.md). */
import type { BenchConfig } from '../bench/config/benchConfig.ts';

export interface StoredBenchConfig {
  /** the configuration's `id` (the bench's identity) */
  configId: string;
  /** 1, 2, 3 … per configId: each save is a new row, an earlier one is never changed */
  version: number;
  /** exactly as `parseBenchConfig` returned it (defaults filled in) */
  config: BenchConfig;
  /** the device clock at the save (ISO instant) */
  savedAt: string;
  /** the operator who saved it */
  savedBy: string;
}

/** The outbox entry's and the push item's id of a saved version. */
export function benchConfigItemId(configId: string, version: number): string {
  return `${configId}#${version}`;
}
