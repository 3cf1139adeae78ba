/**
 * Small things a person sees (issue 10, item 14): a pass rate of "100.00 %" on one line in
 * its tile, the labels page's empty message in the page's column, the English header on
 * one line with "中文" not stacked, and negative axis figures written with the minus sign
 * the rest of the app uses (−, U+2212).
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const BATCH = 'LOOK-ALL-PASS';

/** How many lines an element's text takes: the distinct tops of its line boxes. */
function lines(l: Locator): Promise<number> {
  return l.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
}

async function seeded(width: number, height: number): Promise<Page> {
  const context = await browser().newContext({ viewport: { width, height } });
  const seed = await openSeedPage(context, baseUrl);
  await seed.evaluate((o) => window.erjianSeed.seedBatch(o), { batchId: BATCH, meters: 20, failEvery: 0, benches: ['BENCH-L'], days: 1, lastDay: '2026-11-27', serialPrefix: 'LK' });
  await seed.close();
  return context.newPage();
}

describe('how the screens look', () => {
  it('a pass rate of 100.00 % stays on one line, and histogram axes write “−”', async () => {
    const page = await seeded(900, 700);
    await page.goto(`${baseUrl}/#/batches/${BATCH}`);
    const rate = page.getByTestId('pass-rate');
    await expect.poll(() => rate.textContent(), { timeout: 30_000, message: 'the pass rate shown' }).toBe('100.00 %');
    expect(await lines(rate), 'lines of “100.00 %”').toBe(1);
    await page.getByTestId('stats-done').waitFor({ timeout: 30_000 });
    const axes = await page.locator('erjian-error-histogram').first().evaluate((el) => [...el.shadowRoot!.querySelectorAll('text')].map((t) => t.textContent ?? ''));
    const negative = axes.filter((a) => /^[−-]\d/.test(a));
    expect(negative.length, `negative axis figures among ${JSON.stringify(axes)}`).toBeGreaterThan(0);
    for (const a of negative) expect(a).toMatch(/^−/);
    await page.screenshot({ path: join(screenshotDir(), 'batch-tiles-900.zh-CN.png') });
    await page.context().close();
  });

  it('the brand blue comes from the one colour token to the header, the buttons and the links', async () => {
    const page = await seeded(1280, 800);
    await page.goto(`${baseUrl}/#/batches/${BATCH}`);
    await page.getByTestId('export-csv').waitFor({ timeout: 30_000 });
    const blue = 'rgb(11, 92, 171)';
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--erjian-primary').trim())).toBe('#0b5cab');
    expect(await page.locator('erjian-app header').first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(blue);
    expect(await page.getByTestId('export-csv').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(blue);
    expect(await page.getByTestId('to-labels').evaluate((el) => getComputedStyle(el).color)).toBe(blue);
    await page.context().close();
  });

  it('the labels page’s empty message sits in the page’s column', async () => {
    const page = await seeded(1280, 800);
    await page.goto(`${baseUrl}/#/batches/${BATCH}/labels`);
    const none = page.getByText('没有可出具标签的水表');
    await none.waitFor({ timeout: 30_000 });
    const controls = page.locator('erjian-labels .controls');
    const [a, b] = [await none.boundingBox(), await controls.boundingBox()];
    expect(Math.abs(a!.x - b!.x), 'the message starts where the controls start').toBeLessThan(2);
    await page.screenshot({ path: join(screenshotDir(), 'labels-empty.zh-CN.png') });
    await page.context().close();
  });

  it('the English header stays on one line on a 1366 × 768 bench PC, with “中文” not stacked', async () => {
    for (const width of [1366, 1280]) {
      const page = await browser().newPage({ viewport: { width, height: 768 } });
      await page.goto(`${baseUrl}/#/batches`);
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.getByTestId('app-title').textContent(), { timeout: 10_000, message: 'the header in English' }).toBe('Erjian · Water meter verification');
      expect(await lines(page.getByTestId('lang-switch')), `“中文” at ${width} px`).toBe(1);
      expect(await lines(page.getByTestId('app-title')), `the title at ${width} px`).toBe(1);
      const tops = await page.locator('erjian-app nav > *').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(new Set(tops).size, `the navigation on one row at ${width} px`).toBe(1);
      for (const link of await page.locator('erjian-app nav a').all()) expect(await lines(link), `${await link.textContent()} at ${width} px`).toBe(1);
      await page.screenshot({ path: join(screenshotDir(), `header-${width}.en.png`), clip: { x: 0, y: 0, width, height: 120 } });
      await page.close();
    }
  });
});
