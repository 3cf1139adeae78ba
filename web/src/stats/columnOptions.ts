/** Checks ColumnOptions once, for both engines, so both refuse the same inputs alike. */
import { invalidArgument } from './errors.ts';
import { histogramEdges, type HistogramEdges } from './histogramEdges.ts';
import type { ColumnOptions } from './types.ts';

export interface PreparedOptions {
  mpe: number;
  edges: HistogramEdges;
  quantiles: boolean;
}

export function prepareOptions(options: ColumnOptions): PreparedOptions {
  const { mpe } = options;
  if (!(Number.isFinite(mpe) && mpe > 0)) throw invalidArgument('mpe', `must be a finite number of % > 0, got ${String(mpe)}`);
  return { mpe, edges: histogramEdges(options.histogram), quantiles: options.skipQuantiles !== true };
}

/** The percentiles reported, as numpy.percentile's q (divided by 100 as numpy does). */
export const PERCENTILES = [1, 5, 50, 95, 99] as const;
