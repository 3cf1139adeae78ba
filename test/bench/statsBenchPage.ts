/**
 * The Chromium half of `npm run bench:stats`: bundled by vite's build() with the kernel as
 * a real asset (`?url&no-inline`, as the app loads it), driven by playwright-core.
 */
import { loadBrowserKernel } from '../../web/src/stats/loadKernel.browser.ts';
import { benchSink, benchSize, type BenchRow } from './statsBenchCore.ts';

export interface StatsBenchApi {
  run(n: number): Promise<BenchRow>;
}

declare global {
  interface Window {
    statsBench?: StatsBenchApi;
  }
}

const kernel = loadBrowserKernel();
window.statsBench = {
  async run(n) {
    const row = benchSize(await kernel, n);
    if (Number.isNaN(benchSink())) throw new Error('unreachable');
    return row;
  },
};
kernel.then(
  () => (document.title = 'stats-bench-ready'),
  (err: unknown) => (document.title = `stats-bench-failed: ${err instanceof Error ? err.message : String(err)}`),
);
