/**
 * The demo bench does not repeat itself (issue 10, item 12): two sessions on the demo
 * bench, one after the other on the same PC, give each position different errors — the
 * demo's meters are drawn from the session — and the batch's control charts then have a
 * spread to estimate σ from, with every point drawn inside the plot.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { connect, mount, openBench, tightnessValid, waitPhase } from '../support/benchPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const POSITIONS = 3;
const BATCH = 'LXS-15E-DEMO-A';

/** One demo session of POSITIONS meters to the verdicts; returns the errors shown, per position and point. */
async function demoSession(page: Page, prefix: string): Promise<string[]> {
  await page.getByTestId('bench-operator').fill('张工');
  await page.getByTestId('bench-batch').fill(BATCH);
  await connect(page);
  for (let pos = 1; pos <= POSITIONS; pos++) await mount(page, pos, `${prefix}${pos}`);
  await page.getByTestId('bench-checks-ok').click();
  await tightnessValid(page);
  await page.getByTestId('bench-no-leak').click();
  await page.getByTestId('bench-run').click();
  await waitPhase(page, 'done', 'Q3 → Q2 → Q1 end with the verdicts stored', 150_000);
  const shown: string[] = [];
  for (let pos = 1; pos <= POSITIONS; pos++) {
    for (const point of ['Q3', 'Q2', 'Q1']) shown.push((await page.getByTestId(`e-${pos}-${point}`).locator('.e').textContent()) ?? '');
  }
  return shown;
}

describe('the demo bench', () => {
  it('gives each session its own meters: the errors differ from one connection to the next, and the control charts have a spread', { timeout: 400_000 }, async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl);
    const first = await demoSession(page, 'VAR-A-');
    await page.getByTestId('bench-disconnect').click();
    await expect.poll(() => page.getByTestId('bench-connect').isVisible(), { timeout: 10_000, message: 'the connect form is back' }).toBe(true);
    const second = await demoSession(page, 'VAR-B-');

    await page.goto(`${baseUrl}/#/batches/${encodeURIComponent(BATCH)}`);
    const charts = page.locator('erjian-control-chart');
    await expect.poll(() => charts.count(), { timeout: 30_000, message: 'the control charts are drawn' }).toBe(3);
    await page.screenshot({ path: join(screenshotDir(), 'demo-two-sessions-charts.zh-CN.png'), fullPage: true });
    expect(second, 'the second session’s errors, position by position').not.toEqual(first);
    for (let i = 0; i < 3; i++) {
      const chart = charts.nth(i);
      // Two different run means: σ is estimated and the limits are drawn, not collapsed onto the centre line.
      expect(await chart.getByTestId('control-status').getAttribute('data-state'), `chart ${i}`).toMatch(/^(in-control|signals)$/);
      const { ys, top, bottom } = await chart.evaluate((el) => {
        const root = el.shadowRoot!;
        const d = root.querySelector('[data-testid="control-points"]')!.getAttribute('d') ?? '';
        const plot = root.querySelector('[data-testid="plot-area"]')!;
        const y = Number(plot.getAttribute('y'));
        return { ys: [...d.matchAll(/M[-\d.]+ ([-\d.]+)/g)].map((m) => Number(m[1])), top: y, bottom: y + Number(plot.getAttribute('height')) };
      });
      expect(ys).toHaveLength(2);
      for (const y of ys) expect(y >= top - 0.05 && y <= bottom + 0.05, `chart ${i}: a run mean inside the plot`).toBe(true);
    }
    await page.close();
  });
});
