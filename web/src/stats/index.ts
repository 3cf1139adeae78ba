/**
 * Batch error statistics (issue 3): the main thread's entry. The figures are computed in
 * a worker (createStatsClient); the engines themselves are in kernel.ts (WASM, assembly/)
 * and reference.ts (JS), and Node code loads the kernel with loadKernel.node.ts.
 */
export { createStatsClient, type StatsClient } from './statsClient.ts';
export type { EngineInfo, BatchResponse, StatsWorkerApi } from './statsService.ts';
export { DEFAULT_BIN_WIDTH_PCT, mpeOfPoint, type BatchColumns, type BatchRequest, type BatchStatistics, type PointStatistics } from './batchStatistics.ts';
export { StatisticsError, MAX_ABS_VALUE, type StatisticsErrorCode, type StatisticsErrorData } from './errors.ts';
export { STATISTICS_KEYS, type ColumnOptions, type ColumnStatistics, type EngineName, type Histogram, type HistogramSpec, type Quantiles } from './types.ts';
