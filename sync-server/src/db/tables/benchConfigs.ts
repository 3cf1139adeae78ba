/** Kysely row types of the bench configuration table (migration 007_bench_configs.ts). */

/** One saved version of a bench configuration, as a device pushed it. */
export interface BenchConfigRow {
  device_id: string;
  config_id: string;
  version: number;
  /** JSON: the configuration as validated by parseBenchConfig (web/src/bench/config/benchConfig.ts) */
  body: string;
  /** the device clock at the save (ISO instant) */
  saved_at: string;
  /** the operator who saved it on the device */
  saved_by: string;
  /** the server clock at receipt (ISO instant) */
  received_at: string;
  content_hash: string;
}

export interface BenchConfigTables {
  bench_configs: BenchConfigRow;
}
