import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const t0 = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}`);

describe('debug', () => {
  it('times the bench session', async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1300 } });
    page.on('console', (m) => log(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log(`pageerror: ${e.message}`));
    await page.goto(`${baseUrl}/#/bench?speed=3000`);
    await page.getByTestId('bench-operator').fill('张工');
    await page.getByTestId('bench-connect').click();
    await expect.poll(() => page.getByTestId('bench-phase').getAttribute('data-phase'), { timeout: 30_000 }).toBe('ready');
    log('ready');
    for (let pos = 1; pos <= 10; pos++) {
      await expect.poll(() => page.getByTestId(`scan-${pos}`).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
      await page.keyboard.type(`TA2026${String(pos).padStart(4, '0')}`);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId(`serial-${pos}`).textContent()).toBe(`TA2026${String(pos).padStart(4, '0')}`);
    }
    log('mounted');
    await page.getByTestId('bench-checks-ok').click();
    await page.getByTestId('bench-tightness').click();
    await expect.poll(() => page.getByTestId('bench-phase').getAttribute('data-phase'), { timeout: 30_000 }).toBe('ready');
    log('tightness done');
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    for (let i = 0; i < 180; i++) {
      const phase = await page.getByTestId('bench-phase').getAttribute('data-phase');
      const point = await page.getByTestId('live-point').textContent().catch(() => '?');
      if (i % 5 === 0) log(`phase ${phase} point ${point}`);
      if (phase === 'done') break;
      await page.waitForTimeout(1000);
    }
    log('done');
    await page.waitForTimeout(15_000);
    log('waited');
    await page.goto(`${baseUrl}/#/meters/TA20260001`);
    await expect.poll(() => page.getByTestId('meter-serial').textContent(), { timeout: 30_000 }).toBe('TA20260001');
    log('meter shown');
    await expect.poll(() => page.getByTestId('record-integrity').getAttribute('data-state'), { timeout: 60_000 }).not.toBe('checking');
    log(`integrity ${await page.getByTestId('record-integrity').getAttribute('data-state')} ${await page.getByTestId('record-problem').textContent().catch(() => '')}`);
    for (const c of ['signature', 'chain', 'raw-lines', 'verdict', 'runs']) log(`${c}: ${await page.getByTestId(`check-${c}`).getAttribute('data-status')}`);
    log(`lines: ${await page.evaluate(() => new Promise((res) => { const o = indexedDB.open('erjian'); o.onsuccess = () => { const r = o.result.transaction('rawLines').objectStore('rawLines').count(); r.onsuccess = () => res(r.result); }; }))}`);
    log(`record lines: ${await page.getByTestId('record-lines').textContent()}`);
    await page.getByTestId('record-verify-again').click();
    await expect.poll(() => page.getByTestId('record-integrity').getAttribute('data-state'), { timeout: 5_000 }).toBe('checking').catch(() => undefined);
    log('again: checking');
    await expect.poll(() => page.getByTestId('record-integrity').getAttribute('data-state'), { timeout: 60_000 }).not.toBe('checking');
    log('again: done');
    await page.goto(`${baseUrl}/#/about`);
    await page.getByTestId('integrity-run').click();
    await expect.poll(() => page.getByTestId('integrity-result').getAttribute('data-status'), { timeout: 60_000 }).not.toBeNull();
    log(`about: ${await page.getByTestId('integrity-result').getAttribute('data-status')} ${await page.getByTestId('integrity-result').textContent()}`);
  }, 300_000);
});
