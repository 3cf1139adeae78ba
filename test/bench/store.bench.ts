/**
 * Store benchmark (docs/architecture.md house rule 8: performance claims live in a benchmark that prints
 * the figure and the comparison). Runs the real store code in headless Chromium on a
 * disk-backed profile and prints:
 *   - raw-line ingest, one committed (strict-durability) transaction per line, and batched;
 *   - verification-record ingest through recordVerification (sign + checks + 1 transaction);
 *   - opening a large batch's error columns cold, readBatchColumns against the naive read
 *     of every verification object, each in a freshly launched browser.
 *
 * Usage: npm run bench:store [-- --meters 100000 --lines 3000 --verifications 1000 --rounds 3]
 *        npm run bench:store -- --smoke   (small counts, one round, seconds: npm test runs it)
 *
 * A persistent context, not chromium.launch()'s default context: that one is off the
 * record and keeps IndexedDB in memory, which would measure neither disk commits nor a
 * cold open. The browser is launched again for each cold read, so no page, connection or
 * in-process cache of the writer survives into the timing (the OS file cache does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../support/browser.ts';
import type { OpenResult, StoreBenchApi } from './storeBenchPage.ts';
import { bundleBenchPage, serveBenchPage } from './benchPage.ts';
import { arg, SMOKE } from './benchArgs.ts';

const executablePath = chromiumPath();

const config = {
  lines: arg('lines', 3000, 50),
  batchedLines: arg('batched-lines', 50_000, 500),
  perTransaction: arg('per-transaction', 500, 100),
  verifications: arg('verifications', 1000, 20),
  meters: arg('meters', 100_000, 500),
  reverified: arg('reverified', 1000, 10),
  perCall: arg('per-call', 1000, 100),
  rounds: arg('rounds', 3, 1),
  offeredLines: arg('offered-lines', 10_000, 200),
  offeredPerS: arg('offered-per-s', 2500, 2500),
  perTick: arg('per-tick', 10, 10),
};


async function withPage<T>(profileDir: string, url: string, work: (page: Page) => Promise<T>): Promise<T> {
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: chromiumArgs });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(0);
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'store-bench-ready');
    return await work(page);
  } finally {
    await context.close();
  }
}

type Api = StoreBenchApi;
const call = <K extends keyof Api>(page: Page, name: K, ...args: Api[K] extends (...a: infer A) => unknown ? A : never) =>
  page.evaluate(
    ([n, a]) => (globalThis as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).storeBench![n]!(...a),
    [name, args] as const,
  ) as Promise<Api[K] extends (...a: never[]) => Promise<infer R> ? R : never>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'erjian-store-bench-'));
  const outDir = join(work, 'site');
  const profileDir = join(work, 'profile');
  await bundleBenchPage('test/bench/storeBenchPage.ts', outDir, 'store-bench');
  const { server, url } = await serveBenchPage(outDir);
  try {
    console.log(`store benchmark${SMOKE ? ' (smoke: too small to quote)' : ''} · Chromium ${executablePath} · disk-backed profile ${profileDir}`);
    const rows: [string, string, string, string][] = [];

    const ingest = await withPage(profileDir, url, async (page) => ({
      single: await call(page, 'ingestLines', config.lines),
      batched: await call(page, 'ingestLinesBatched', config.batchedLines, config.perTransaction),
      offered: await call(page, 'ingestLinesOffered', config.offeredLines, config.offeredPerS, config.perTick),
      verifications: await call(page, 'ingestVerifications', config.verifications),
    }));
    const rate = (t: { count: number; ms: number }) => (t.count / t.ms) * 1000;
    const single = rate(ingest.single);
    rows.push(['raw lines, 1 committed tx per line, each awaited (append)', `${fmt(single)} lines/s`, '≥ 2,000 lines/s', single >= 2000 ? 'met' : 'NOT met (disk commit bound)']);
    const o = ingest.offered;
    const kept = rate(o);
    rows.push([
      `raw lines offered at ${fmt(o.offeredPerS)}/s, each acked on commit (append, group commit)`,
      `${fmt(kept)} lines/s`,
      '≥ 2,000 lines/s',
      `${kept >= 2000 ? 'met' : 'NOT met'}; ack p50 ${fmt(o.p50AckMs, 1)} ms, p99 ${fmt(o.p99AckMs, 1)} ms`,
    ]);
    rows.push([`raw lines, ${config.perTransaction} per tx (appendMany)`, `${fmt(rate(ingest.batched))} lines/s`, '—', '']);
    rows.push([
      `verifications, 1 tx each (recordVerification, ~${fmt(ingest.verifications.bytesPerRecord / 1024, 1)} KiB JSON)`,
      `${fmt(rate(ingest.verifications))} records/s`,
      '—',
      '',
    ]);

    process.stdout.write(`building a batch of ${fmt(config.meters)} meters (+${fmt(config.reverified)} re-verified) … `);
    const built = await withPage(profileDir, url, (page) => call(page, 'buildBatch', config.meters, config.reverified, config.perCall));
    console.log(`${fmt(built.ms / 1000, 1)} s (${fmt(rate(built))} records/s in calls of ${config.perCall})`);
    rows.push([`verifications, ${config.perCall} per tx (recordVerifications)`, `${fmt(rate(built))} records/s`, '—', '']);

    const columns: OpenResult[] = [];
    const naive: OpenResult[] = [];
    for (let r = 0; r < config.rounds; r++) {
      // Alternate which goes first, so neither always profits from the other's file cache.
      const order = r % 2 === 0 ? (['openColumns', 'openNaive'] as const) : (['openNaive', 'openColumns'] as const);
      for (const fn of order) {
        const res = await withPage(profileDir, url, (page) => call(page, fn, built.batchId));
        (fn === 'openColumns' ? columns : naive).push(res);
      }
    }
    const a = columns[0]!;
    const b = naive[0]!;
    if (a.n !== b.n || Math.abs(a.meanQ3 - b.meanQ3) > 1e-9) throw new Error(`columns and records disagree: ${JSON.stringify({ a, b })}`);
    const colMs = median(columns.map((c) => c.ms));
    const naiveMs = median(naive.map((c) => c.ms));
    rows.push([`batch of ${fmt(a.n)} meters cold: readBatchColumns`, `${fmt(colMs)} ms`, 'well under 1 s', colMs < 500 ? 'met' : colMs < 1000 ? 'under 1 s' : 'NOT met']);
    rows.push([`batch of ${fmt(b.n)} meters cold: read every record (naive)`, `${fmt(naiveMs)} ms`, '—', `${fmt(naiveMs / colMs, 1)}× slower`]);

    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['measure', 'result', 'goal', 'verdict'][i]!.length));
    const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
    console.log();
    console.log(line(['measure', 'result', 'goal', 'verdict']));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of rows) console.log(line(r));
    console.log();
    console.log(`cold opens (ms, ${config.rounds} rounds, median shown): columns ${columns.map((c) => fmt(c.ms)).join(', ')}; naive ${naive.map((c) => fmt(c.ms)).join(', ')}`);
    console.log(`config: ${JSON.stringify(config)}`);
  } finally {
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
