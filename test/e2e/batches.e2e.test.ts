import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CSV_HEADER } from '../../web/src/ui/batches/batchCsv.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const BATCH = 'B-2026-11-001';
const METERS = 10_000;

describe('the batches screens in the built app', () => {
  it('a 10,000-meter batch: the list, the detail with WASM statistics and control charts, the CSV', { timeout: 600_000 }, async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const seed = await openSeedPage(context, baseUrl);
    const seedStarted = Date.now();
    const seeded = await seed.evaluate((o) => window.erjianSeed.seedBatch(o), { batchId: BATCH, meters: METERS, failEvery: 97, lastDay: '2026-11-27' });
    console.log(`seeded ${seeded.meters} meters (${seeded.failed} failed, ${seeded.benchRuns} bench runs) in ${Date.now() - seedStarted} ms`);
    expect(seeded).toMatchObject({ meters: METERS, sessions: 10 });
    expect(seeded.failed).toBeGreaterThanOrEqual(Math.floor(METERS / 97));
    await seed.close();
    const passRate = `${(((METERS - seeded.failed) / METERS) * 100).toFixed(2)} %`;

    // The list
    const page = await context.newPage();
    // Long main-thread tasks are reported (not asserted): the figure for the report and for tuning.
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${baseUrl}/#/batches`);
    const row = page.locator(`[data-testid="batch-row"][data-batch="${BATCH}"]`);
    await expect.poll(() => row.getByTestId('batch-meters').textContent(), { timeout: 30_000 }).toBe('10,000');
    expect(await row.getByTestId('batch-pass-rate').textContent()).toBe(passRate);
    await page.screenshot({ path: join(screenshotDir(), 'batches.zh-CN.png'), fullPage: true });
    const measures = () =>
      page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('erjian:')).map((m) => `${m.name} ${m.duration.toFixed(0)} ms`));

    // The detail: counts at once, then the statistics from the worker
    const opened = Date.now();
    await row.getByRole('link', { name: BATCH }).click();
    await expect.poll(() => page.getByTestId('count-verified').textContent(), { timeout: 30_000 }).toBe('10,000');
    expect(await page.getByTestId('count-failed').textContent()).toBe(seeded.failed.toLocaleString('en-US'));
    // Five working days up to lastDay (the [batchId+verificationDate] index's two ends)
    expect(await page.getByTestId('batch-dates').textContent()).toBe('2026-11-23 – 2026-11-27');
    expect(await page.getByTestId('pass-rate').textContent()).toBe(passRate);
    await page.getByTestId('stats-done').waitFor({ timeout: 60_000 });
    console.log(`batch detail: statistics shown ${Date.now() - opened} ms after the click`);
    await expect.poll(() => page.locator('erjian-control-chart').count(), { timeout: 30_000 }).toBe(6);
    console.log((await measures()).join('\n'));
    console.log(`long tasks so far (ms): ${JSON.stringify(await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks))}`);
    expect(await page.getByTestId('stats-engine').textContent()).toBe('WASM');
    for (const p of ['Q3', 'Q2', 'Q1']) expect(await page.getByTestId(`n-${p}`).textContent()).toBe('10,000');
    // Seeded means +0.15 % (Q3) and −0.10 % (Q2) plus a small drift: within 0.2·MPE → ok, with their sign
    expect(await page.getByTestId('bias-Q3').textContent()).toContain('正常');

    // Control charts: two benches × three points, each with its run means drawn
    const charts = page.locator('erjian-control-chart');
    await expect.poll(() => charts.count(), { timeout: 30_000 }).toBe(6);
    for (let i = 0; i < 6; i++) {
      const d = await charts.nth(i).getByTestId('control-points').getAttribute('d');
      expect((d ?? '').split('M').length - 1).toBeGreaterThan(100);
    }

    // Centred on the process's own level (first 20 runs) instead of 0 %: fewer signals where the offset was the cause
    const status = () => charts.nth(5).getByTestId('control-status').textContent();
    const atZero = await status();
    await page.getByTestId('centre-firstK').check();
    await expect.poll(status).not.toBe(atZero);
    await page.getByTestId('control-charts').screenshot({ path: join(screenshotDir(), 'batch-control-charts-own-level.zh-CN.png') });
    await page.locator('input[name="centre"]').first().check();

    // The meters table: 10,000 rows paged; "failed only" leaves the failed ones
    expect(await page.getByTestId('meter-row').count()).toBe(50);
    await page.getByTestId('failed-only').check();
    await expect.poll(() => page.getByTestId('meters-count').textContent()).toContain(seeded.failed.toLocaleString('en-US'));
    expect(await page.getByTestId('meter-row').first().textContent()).toContain('✗');
    await page.getByTestId('failed-only').uncheck();

    // CSV: BOM, the header, one row per meter, the failed ones marked
    const exportStarted = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-csv').click()]);
    const bytes = readFileSync((await download.path())!);
    console.log(`CSV: ${bytes.length} bytes in ${Date.now() - exportStarted} ms`);
    expect(download.suggestedFilename()).toBe(`${BATCH}.csv`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    lines.pop();
    expect(lines).toHaveLength(METERS + 1);
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    const failedRows = lines.filter((l) => l.split(',')[3] === '不合格');
    expect(failedRows).toHaveLength(seeded.failed);
    expect(failedRows.some((l) => l.startsWith(`${seeded.serials.failed},${BATCH},`))).toBe(true);

    await page.screenshot({ path: join(screenshotDir(), 'batch-detail.zh-CN.png'), fullPage: true });
    // Close-ups at full resolution, for the review of the figures and the charts.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(screenshotDir(), 'batch-detail-top.zh-CN.png') });
    await page.getByTestId('control-charts').screenshot({ path: join(screenshotDir(), 'batch-control-charts.zh-CN.png') });
    await page.locator('erjian-batch-point').first().screenshot({ path: join(screenshotDir(), 'batch-point-q3.zh-CN.png') });
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('export-csv').textContent()).toContain('Export CSV');
    await page.screenshot({ path: join(screenshotDir(), 'batch-detail.en.png'), fullPage: true });
    await context.close();
  });

  it('an empty PC explains how batches appear', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${baseUrl}/#/batches`);
    await page.getByTestId('batches-empty').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('batches-empty').textContent()).toContain('检定台');
    await page.screenshot({ path: join(screenshotDir(), 'batches-empty.zh-CN.png') });
    await page.close();
  });
});
