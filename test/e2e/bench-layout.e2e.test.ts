/**
 * The bench screen read from two metres on the bench PC's 1366 × 768 screen (issue 10
 * item 9): ten positions fit one screen without scrolling, the errors are large and never
 * wrap, the scan field's hint is whole, and nothing moves between the steps; with twenty
 * positions the list scrolls, keeps the position being scanned in view, and the controls
 * stay on screen. Screenshots for a person to look at: bench-1366-10-*.png, bench-1366-20-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { connect, mount, openBench, tightnessValid, waitPhase } from '../support/benchPage.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const VIEW = { width: 1366, height: 768 };

type Box = { x: number; y: number; width: number; height: number };

/** Each position's box on the page (document coordinates), 1…n. */
function positionBoxes(page: Page, n: number): Promise<Box[]> {
  return page.evaluate((count) => {
    const bench = document.querySelector('erjian-app')!.shadowRoot!.querySelector('erjian-bench')!.shadowRoot!;
    return Array.from({ length: count }, (_, i) => {
      const r = bench.querySelector(`[data-pos="${i + 1}"]`)!.getBoundingClientRect();
      return { x: Math.round(r.x + scrollX), y: Math.round(r.y + scrollY), width: Math.round(r.width), height: Math.round(r.height) };
    });
  }, n);
}

/** Whether an element lies wholly inside the window as it is shown now. */
function inViewport(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  });
}

/** Font size (px) and the number of lines an element's text takes. */
function textMetrics(page: Page, testId: string): Promise<{ px: number; lines: number; text: string }> {
  return page.getByTestId(testId).evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    // Text of several sizes on one line shares a baseline, so the boxes' middles lie within
    // a few pixels; a wrapped line lies a whole line (≥ 20 px here) lower.
    const middles = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => (r.top + r.bottom) / 2).sort((a, b) => a - b);
    let lines = 0;
    let last = -Infinity;
    for (const m of middles) {
      if (m - last > 12) lines++;
      last = m;
    }
    const target = el.querySelector('.e') ?? el;
    return { px: parseFloat(getComputedStyle(target).fontSize), lines, text: (el.textContent ?? '').trim() };
  });
}

/** Whether the scan field's hint fits inside it, measured in the field's own font. */
function placeholderFits(page: Page, testId: string): Promise<{ fits: boolean; text: string }> {
  return page.getByTestId(testId).evaluate((el) => {
    const input = el as HTMLInputElement;
    const cs = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    return { fits: ctx.measureText(input.placeholder).width <= room, text: input.placeholder };
  });
}

describe('the bench screen at 1366 × 768', () => {
  it('ten positions fit one screen, errors are large and on one line, the hint is whole, and the layout does not jump between steps', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { positions: 10, operator: '张工', viewport: VIEW });
    await connect(page);
    const hint = await placeholderFits(page, 'scan-1');
    expect(hint.fits, `the scan hint "${hint.text}" is shown whole`).toBe(true);
    const ready = await positionBoxes(page, 10);
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-10-ready.zh-CN.png') });
    for (let pos = 1; pos <= 10; pos++) await mount(page, pos, `24A001${String(pos).padStart(2, '0')}`);
    await page.evaluate(() => scrollTo(0, 0));
    const mounted = await positionBoxes(page, 10);
    for (const [i, b] of mounted.entries()) expect(b.y + b.height, `position ${i + 1} is on the first screen`).toBeLessThanOrEqual(VIEW.height);
    expect(mounted, 'positions do not move when meters are mounted').toEqual(ready);
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-10-mounted.zh-CN.png') });

    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    expect(await positionBoxes(page, 10), 'positions do not move after the checks and the tightness test').toEqual(ready);
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    await waitPhase(page, 'running', 'the run started');
    expect(await positionBoxes(page, 10), 'positions do not move when the run starts').toEqual(ready);
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-10-running.zh-CN.png') });
    await waitPhase(page, 'done', 'Q3, Q2 and Q1 run and the verdicts stored', 90_000);
    await page.evaluate(() => scrollTo(0, 0));
    expect(await positionBoxes(page, 10), 'positions do not move when the verdicts come').toEqual(ready);
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-10-done.zh-CN.png') });

    for (let pos = 1; pos <= 10; pos++) {
      for (const point of ['Q3', 'Q2', 'Q1']) {
        const m = await textMetrics(page, `e-${pos}-${point}`);
        expect(m.lines, `E of position ${pos} at ${point} ("${m.text}") on one line`).toBe(1);
        expect(m.px, `E of position ${pos} at ${point} readable from two metres`).toBeGreaterThanOrEqual(26);
      }
      const v = await textMetrics(page, `verdict-${pos}`);
      expect(v.px, `the verdict of position ${pos} readable from two metres`).toBeGreaterThanOrEqual(26);
      expect(v.lines, `the verdict of position ${pos} on one line`).toBe(1);
    }

    // In English the same screen: nothing wraps, nothing moves.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('verdict-1').textContent(), { timeout: 10_000, message: 'the verdicts in English' }).toMatch(/Pass|Fail/);
    await page.evaluate(() => scrollTo(0, 0));
    expect(await positionBoxes(page, 10), 'positions do not move in English').toEqual(ready);
    for (let pos = 1; pos <= 10; pos++) expect((await textMetrics(page, `verdict-${pos}`)).lines, `the English verdict of position ${pos} on one line`).toBe(1);
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-10-done.en.png') });
    await page.getByTestId('lang-switch').click();
    await page.close();
  });

  it('twenty positions scroll with the position being scanned in view, and the controls stay on screen', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { positions: 20, operator: '张工', viewport: VIEW });
    await connect(page);
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-20-ready.zh-CN.png') });
    for (let pos = 1; pos <= 16; pos++) {
      await mount(page, pos, `24A002${String(pos).padStart(2, '0')}`);
      await expect
        .poll(() => page.getByTestId(`scan-${pos + 1}`).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), { timeout: 10_000, message: `the cursor moved on to position ${pos + 1}` })
        .toBe(true);
      expect(await inViewport(page, `scan-${pos + 1}`), `the next position (${pos + 1}) is in view`).toBe(true);
      expect(await inViewport(page, 'bench-run'), `the start button stays on screen while position ${pos + 1} is scanned`).toBe(true);
    }
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-20-scanning.zh-CN.png') });
    for (let pos = 17; pos <= 20; pos++) await mount(page, pos, `24A002${String(pos).padStart(2, '0')}`);
    await page.getByTestId('bench-checks-ok').click();
    expect(await inViewport(page, 'bench-start-blockers'), 'what blocks the start stays on screen').toBe(true);
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-20-mounted-end.zh-CN.png') });
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: join(screenshotDir(), 'bench-1366-20-mounted-top.zh-CN.png') });
    await page.close();
  });
});
