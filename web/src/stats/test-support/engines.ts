/** Both engines, for tests that must hold for each (the kernel needs `npm run asbuild`). */
import { loadNodeKernel } from '../loadKernel.node.ts';
import { jsEngine } from '../reference.ts';
import type { StatisticsEngine } from '../types.ts';

export async function bothEngines(): Promise<StatisticsEngine[]> {
  return [jsEngine, await loadNodeKernel()];
}
