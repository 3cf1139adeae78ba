/**
 * CONTRACT STUB (lead): the orchestrator helper replaces this file with the real
 * implementation. Signature is fixed: see ./types.ts.
 */
import { BenchError } from '../errors.ts';
import type { PlcBenchConnection, PlcBenchOptions } from './types.ts';

export function openPlcBench(_options: PlcBenchOptions): Promise<PlcBenchConnection> {
  return Promise.reject(new BenchError('not-connected', 'not implemented yet'));
}
