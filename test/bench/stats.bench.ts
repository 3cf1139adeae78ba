/**
 * `npm run bench:stats`: the statistics kernel against the JS reference, simple-statistics
 * and a memory-bound floor, for n = 10k … 10M, in Node and in headless Chromium, all from
 * one run (what the figures mean: statsBenchCore.ts). docs/architecture.md house rule 8: performance claims
 * live here, printed with their comparison, not in timed unit tests.
 *
 *   npm run bench:stats [-- --sizes 10000,100000] [-- --smoke]
 *
 * --smoke: n = 10,000 only, in both engines (seconds): npm test runs it so the benchmark
 * cannot rot unseen; its figures are too small to quote.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../support/browser.ts';
import { loadNodeKernel } from '../../web/src/stats/loadKernel.node.ts';
import { benchSink, benchSize, type BenchRow } from './statsBenchCore.ts';
import type { StatsBenchApi } from './statsBenchPage.ts';
import { bundleBenchPage, serveBenchPage } from './benchPage.ts';

const executablePath = chromiumPath();

function sizesArg(): number[] {
  if (process.argv.includes('--smoke')) return [10_000];
  const i = process.argv.indexOf('--sizes');
  const text = i >= 0 ? process.argv[i + 1] : undefined;
  return text ? text.split(',').map(Number) : [10_000, 100_000, 1_000_000, 10_000_000];
}


async function chromiumRows(sizes: number[], progress: (n: number) => void): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'erjian-stats-bench-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    await bundleBenchPage('test/bench/statsBenchPage.ts', dir, 'stats-bench');
    const served = await serveBenchPage(dir);
    server = served.server;
    browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    await page.goto(served.url);
    await page.waitForFunction(() => document.title.startsWith('stats-bench-'));
    const title = await page.title();
    if (title !== 'stats-bench-ready') throw new Error(title);
    const rows: BenchRow[] = [];
    for (const n of sizes) {
      progress(n);
      rows.push(
        await page.evaluate(async (size) => {
          const api: StatsBenchApi | undefined = window.statsBench;
          if (!api) throw new Error('bench page not loaded');
          return api.run(size);
        }, n),
      );
    }
    return rows;
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const ratio = (x: number): string => (x >= 10 ? x.toFixed(1) : x.toFixed(2));
const pad = (s: string, w: number): string => s.padStart(w);

function table(env: string, rows: BenchRow[]): string {
  const head = ['n', 'a all', 'a noQ', 'a+copy', 'b all', 'b noQ', 'c all', 'c noQ', 'd floor', 'a/b all', 'a/b noQ', 'a/c all', 'a/c noQ', 'a/d all', 'a/d noQ'];
  const w = [10, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8];
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, w[i] ?? 8)).join(' ');
  const out = [`${env} (ms per call, medians; a = WASM kernel, b = JS reference, c = simple-statistics, d = WASM SIMD sum)`, line(head)];
  for (const r of rows) {
    out.push(
      line([
        r.n.toLocaleString('en'),
        ms(r.kernelAll),
        ms(r.kernelNoQuantiles),
        ms(r.kernelAllWithCopy),
        ms(r.jsAll),
        ms(r.jsNoQuantiles),
        ms(r.ssAll),
        ms(r.ssNoQuantiles),
        ms(r.floor),
        ratio(r.kernelAll / r.jsAll),
        ratio(r.kernelNoQuantiles / r.jsNoQuantiles),
        ratio(r.kernelAll / r.ssAll),
        ratio(r.kernelNoQuantiles / r.ssNoQuantiles),
        ratio(r.kernelAll / r.floor),
        ratio(r.kernelNoQuantiles / r.floor),
      ]),
    );
  }
  return out.join('\n');
}

/** The goals at 1M, each as met / not met with its figure. */
function goals(env: string, rows: BenchRow[]): string {
  const r = rows.find((x) => x.n === 1_000_000);
  if (!r) return `${env}: no 1,000,000 row, goals not checked`;
  const check = (label: string, value: number, limit: number, speedup: boolean): string => {
    const shown = speedup ? `${ratio(1 / value)}× faster (goal ≥ ${ratio(1 / limit)}×)` : `${ratio(value)}× the floor (goal ≤ ${limit}×)`;
    return `  ${value <= limit ? 'met    ' : 'NOT MET'} ${label}: ${shown}`;
  };
  return [
    `${env}, n = 1,000,000:`,
    check('everything but quantiles vs JS reference', r.kernelNoQuantiles / r.jsNoQuantiles, 0.5, true),
    check('everything but quantiles vs simple-statistics', r.kernelNoQuantiles / r.ssNoQuantiles, 0.2, true),
    check('everything but quantiles vs floor', r.kernelNoQuantiles / r.floor, 3, false),
    check('full set vs floor', r.kernelAll / r.floor, 10, false),
  ].join('\n');
}

const sizes = sizesArg();
const log = (s: string): boolean => process.stderr.write(s);
log(`statistics benchmark, n = ${sizes.join(', ')}\nnode:`);
const kernel = await loadNodeKernel();
const nodeRows: BenchRow[] = [];
for (const n of sizes) {
  log(` ${n}`);
  nodeRows.push(benchSize(kernel, n));
}
log('\nchromium: bundling…');
const browserRows = await chromiumRows(sizes, (n) => log(` ${n}`));
log('\n\n');
if (Number.isNaN(benchSink())) throw new Error('unreachable');

process.stdout.write(`${table(`Node ${process.version}`, nodeRows)}\n\n${table('Headless Chromium', browserRows)}\n\n`);
process.stdout.write(`${goals('Node', nodeRows)}\n${goals('Chromium', browserRows)}\n`);
