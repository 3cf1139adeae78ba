/**
 * The EWMA control chart in the built app (issue 10, item 12): a chart whose run means do
 * not vary has no σ, so it draws no limits, flags nothing and says why — instead of
 * limits collapsed onto the centre line and every point "beyond" them; and every run mean
 * is drawn inside the plot, between its lowest and highest grid line.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ewmaChart } from '../../web/src/stats/ewma.ts';
import type { RunMean } from '../../web/src/store/controlChartData.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const meansOf = (xs: number[]): RunMean[] =>
  xs.map((meanPct, i) => ({ key: `s${i}/r${i}`, sessionId: `s${i}`, at: `2026-11-30T0${i}:00:00Z`, meanPct, runs: 3 }));

/** Renders one chart on an app page, as the batch screen does, and returns its status. */
async function renderChart(page: Page, id: string, xs: number[]): Promise<{ state: string | null; text: string }> {
  const chart = ewmaChart(xs, { target: 0 });
  await page.evaluate(
    ([id, means, chart]) => {
      const el = document.createElement('erjian-control-chart');
      el.id = id;
      el.heading = id;
      el.means = means;
      el.chart = chart;
      el.style.width = '560px';
      document.body.prepend(el);
    },
    [id, meansOf(xs), chart] as const,
  );
  const status = page.locator(`#${id}`).getByTestId('control-status');
  await status.waitFor({ timeout: 10_000 });
  return { state: await status.getAttribute('data-state'), text: (await status.textContent()) ?? '' };
}

/** y of every run-mean dot and the plot's top and bottom, in the SVG's own units. */
function dotsAndPlot(page: Page, id: string): Promise<{ ys: number[]; top: number; bottom: number }> {
  return page.locator(`#${id}`).evaluate((el) => {
    const root = el.shadowRoot!;
    const d = root.querySelector('[data-testid="control-points"]')!.getAttribute('d') ?? '';
    const ys = [...d.matchAll(/M[-\d.]+ ([-\d.]+)/g)].map((m) => Number(m[1]));
    const plot = root.querySelector('[data-testid="plot-area"]')!;
    const top = Number(plot.getAttribute('y'));
    return { ys, top, bottom: top + Number(plot.getAttribute('height')) };
  });
}

describe('the control chart', () => {
  it('flags nothing when σ is 0 and says why, and draws every run mean inside its plot', async () => {
    const page = await browser().newPage({ viewport: { width: 700, height: 900 }, deviceScaleFactor: 2 });
    await page.goto(`${baseUrl}/#/about`);
    await page.locator('erjian-app').waitFor({ timeout: 30_000 });

    // Two sessions of the same meters giving the same errors: the moving range is 0.
    const flat = await renderChart(page, 'flat', [-0.19, -0.19]);
    expect(flat.state).toBe('no-spread');
    expect(flat.text).not.toContain('超限点数');
    expect(flat.text).toContain('σ = 0');
    expect(await page.locator('#flat').getByTestId('control-signals').getAttribute('d')).toBe('');
    await page.locator('#flat').screenshot({ path: join(screenshotDir(), 'control-chart-sigma-0.zh-CN.png') });

    // A run mean beyond the last grid line the tick step would give (−0.23 with a 0.05 step).
    await renderChart(page, 'low', [-0.02, 0.05, -0.23, 0.01, 0.03]);
    const { ys, top, bottom } = await dotsAndPlot(page, 'low');
    expect(ys).toHaveLength(5);
    for (const y of ys) {
      // (the path's figures are rounded to 0.1)
      expect(y, 'a run mean is not above the plot').toBeGreaterThanOrEqual(top - 0.05);
      expect(y, 'a run mean is not below the plot').toBeLessThanOrEqual(bottom + 0.05);
    }
    await page.locator('#low').screenshot({ path: join(screenshotDir(), 'control-chart-low-point.zh-CN.png') });
    await page.close();
  });
});
