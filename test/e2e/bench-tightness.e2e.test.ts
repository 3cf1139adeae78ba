/**
 * The tightness test on the bench screen, demo bench (docs/rules.md R-TIGHT): a pressure
 * dip makes the test invalid — shown with its reason, no leak can be confirmed, no meter
 * fails — and the test is run again; a decay during the hold is shown as "check for
 * leaks". In Chinese first, then in English.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const result = (page: Page) => page.getByTestId('tightness-result');

async function runTightness(page: Page, fault: 'demo-pressure-dip' | 'demo-pressure-sag' | null, valid: boolean): Promise<void> {
  if (fault !== null) await page.getByTestId(fault).click();
  await page.getByTestId('bench-tightness').click();
  await expect
    .poll(() => result(page).getAttribute('data-valid'), { timeout: 30_000, message: `a ${valid ? 'valid' : 'invalid'} tightness test shown` })
    .toBe(String(valid));
  await expect.poll(() => page.getByTestId('bench-phase').getAttribute('data-phase'), { timeout: 10_000, message: 'the bench ready after the tightness test' }).toBe('ready');
}

describe('the tightness test on the bench screen', () => {
  it('an invalid test is shown with its reason and run again; a decay is a hint to check for leaks — zh-CN and English', async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(`${baseUrl}/#/bench?speed=3000`);
    await page.getByTestId('bench-operator').fill('张工');
    await page.getByTestId('bench-connect').click();
    await expect.poll(() => page.getByTestId('bench-phase').getAttribute('data-phase'), { timeout: 30_000, message: 'the demo bench connected' }).toBe('ready');
    for (const pos of [1, 2]) {
      await page.getByTestId(`scan-${pos}`).fill(`TIGHT${pos}`);
      await page.getByTestId(`scan-${pos}`).press('Enter');
      await expect.poll(() => page.getByTestId(`serial-${pos}`).textContent(), { timeout: 10_000, message: `meter TIGHT${pos} mounted` }).toBe(`TIGHT${pos}`);
    }
    expect(await page.getByTestId('bench-no-leak').isDisabled()).toBe(true);
    await page.locator('summary', { hasText: '演示：模拟故障' }).click();

    await runTightness(page, 'demo-pressure-dip', false);
    expect(await result(page).textContent()).toContain('密封性试验无效，水表不因此判为不合格');
    expect(await page.getByTestId('tightness-reason').textContent()).toContain('保压期间压力低于 1600.0 kPa');
    expect(await page.getByTestId('bench-no-leak').isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshotDir(), 'bench-tightness-invalid.zh-CN.png'), fullPage: true });

    await runTightness(page, 'demo-pressure-sag', true);
    expect(await result(page).textContent()).toContain('密封性试验有效');
    expect(await page.getByTestId('tightness-leak-hint').textContent()).toContain('检查是否泄漏');
    expect(await page.getByTestId('bench-no-leak').isDisabled()).toBe(false);
    await page.screenshot({ path: join(screenshotDir(), 'bench-tightness-hint.zh-CN.png'), fullPage: true });

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => result(page).textContent(), { timeout: 10_000, message: 'the tightness result in English' }).toContain('Tightness test valid');
    expect(await page.getByTestId('tightness-leak-hint').textContent()).toContain('check for leaks');
    await runTightness(page, 'demo-pressure-dip', false);
    expect(await result(page).textContent()).toContain('Tightness test invalid — no meter fails because of it');
    expect(await page.getByTestId('tightness-reason').textContent()).toContain('the pressure fell below 1600.0 kPa during the hold');
    await page.screenshot({ path: join(screenshotDir(), 'bench-tightness-invalid.en.png'), fullPage: true });

    // Run again without a fault: a valid test, no hint, and the leak confirmation opens.
    await runTightness(page, null, true);
    expect(await page.getByTestId('tightness-leak-hint').count()).toBe(0);
    expect(await page.getByTestId('bench-no-leak').isDisabled()).toBe(false);
    await page.close();
  });
});
