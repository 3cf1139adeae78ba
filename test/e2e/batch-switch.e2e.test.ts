/**
 * Going from one batch to another (issue 10, item 13): batch B's screen shows B's
 * statistics and control charts only — never what was still being read for batch A when
 * the person moved on, whichever finishes last.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const A = { batchId: 'SWITCH-A', meters: 2000, benches: ['BENCH-A1', 'BENCH-A2'], lastDay: '2026-11-20', serialPrefix: 'SWA' };
const B = { batchId: 'SWITCH-B', meters: 30, benches: ['BENCH-B1'], days: 1, lastDay: '2026-11-27', serialPrefix: 'SWB' };

/** How many control-chart reads have finished on the page (each batch opened makes one). */
const chartReads = (page: Page) => page.evaluate(() => performance.getEntriesByName('erjian:batch:control-chart-data').length);

describe('the batch screen, from one batch to another', () => {
  it('shows B’s statistics and control charts under B’s header, not A’s that were still being read', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const seed = await openSeedPage(context, baseUrl);
    await seed.evaluate((o) => window.erjianSeed.seedBatch(o), A);
    await seed.evaluate((o) => window.erjianSeed.seedBatch(o), B);
    await seed.close();

    const page = await context.newPage();
    await page.goto(`${baseUrl}/#/batches/${A.batchId}`);
    // A's header is up and its statistics and charts are being computed: move on to B now.
    await expect.poll(() => page.getByTestId('count-verified').textContent(), { timeout: 30_000, message: 'batch A’s counts shown' }).toBe('2,000');
    await page.evaluate((id) => (location.hash = `#/batches/${id}`), B.batchId);
    await expect.poll(() => page.getByTestId('batch-id').textContent(), { timeout: 30_000, message: 'batch B’s header shown' }).toBe(B.batchId);

    // Both reads have finished (A's in the background, whenever it ends), and the screen has settled.
    await expect.poll(() => chartReads(page), { timeout: 60_000, message: 'the control-chart reads of A and B finished' }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('stats-done').waitFor({ timeout: 60_000 });
    // Whatever answer came last has been drawn: the view has no update pending.
    await page.evaluate(() => document.querySelector('erjian-app')!.shadowRoot!.querySelector('erjian-batch-detail')!.updateComplete);

    expect(await page.getByTestId('batch-id').textContent()).toBe(B.batchId);
    expect(await page.getByTestId('count-verified').textContent()).toBe('30');
    for (const p of ['Q3', 'Q2', 'Q1']) expect(await page.getByTestId(`n-${p}`).textContent(), `statistics of B at ${p}`).toBe('30');
    const headings = await page.locator('erjian-control-chart').evaluateAll((els) => els.map((el) => el.shadowRoot?.querySelector('h4')?.textContent ?? ''));
    expect(headings, 'control charts of B’s one bench').toHaveLength(3);
    for (const h of headings) expect(h).toContain('BENCH-B1');
    await page.screenshot({ path: join(screenshotDir(), 'batch-switch-a-to-b.zh-CN.png'), fullPage: true });
    await context.close();
  });
});
