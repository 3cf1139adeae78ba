/**
 * The regulator's view (#/regulator; docs/nqi.md "Reconciliation", docs/sync.md "Alarms") in
 * headless Chromium at 1366 × 768, against a real demo server of the test's own with its
 * embedded NQI simulator. An honest synthetic bench PC is synced first (the real protocol,
 * re-verified), the forwarder publishes its passed meters, and the regulator sees the
 * reconciliation table agree, per day and batch; then a second PC verifies the same meters,
 * and the alarms table lists a serial conflict for each, with device and evidence.
 * Screenshots: test-output/screens/regulator-*.png (looked at).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonSession } from '../../sync-server/cli/seed/serverApi.ts';
import type { ReconciliationReport } from '../../sync-server/src/nqi/reconcile.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { seedDevice, startDemoServer, type DemoServer } from './demoSyncServer.ts';

const browser = useBrowser();
const desk = { width: 1366, height: 768 };
/** 12:00 on 30 November 2026 in Tai'an: the seeded meters are verified that day */
const NOW = new Date('2026-11-30T04:00:00.000Z');
const METERS = 10;

let demo: DemoServer;
let passed = 0;

beforeAll(async () => {
  demo = await startDemoServer(NOW);
  const honest = await seedDevice(demo.url, NOW, { meters: METERS, label: '一号检定台电脑', serialPrefix: 'REG' });
  passed = honest.passed;
}, 120_000);
afterAll(async () => {
  await demo?.close();
});

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `regulator-${name}.png`), fullPage });
}

describe("the regulator's view", () => {
  it('shows the reconciliation with data, agreeing, and the alarms of every enterprise', async () => {
    expect(passed).toBeGreaterThan(0);
    // The forwarder publishes in the background: wait (bounded) until the platform holds every passed meter.
    const regulator = await PersonSession.signIn(demo.url, 'regulator', 'demo');
    await expect
      .poll(async () => (await regulator.request<ReconciliationReport>('GET', '/api/regulator/nqi/reconciliation?from=2026-11-30&to=2026-11-30')).totals.matched, { timeout: 30_000, interval: 250 })
      .toBe(passed);
    const context = await browser().newContext({ viewport: desk, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    await page.goto(`${demo.url}/#/regulator`);
    await page.getByTestId('admin-login').waitFor({ timeout: 15_000 });
    await page.locator('erjian-admin-login #username').fill('regulator');
    await page.locator('erjian-admin-login #password').fill('demo');
    await page.locator('erjian-admin-login button[type="submit"]').click();

    // The reconciliation of today (Tai'an): every passed meter on the platform, identical
    const verdict = page.getByTestId('reg-verdict');
    await expect.poll(() => verdict.textContent(), { timeout: 15_000 }).toContain('一致');
    expect(await verdict.textContent()).toContain(`${passed} 条`);
    expect(await page.getByTestId('reg-batch-row').count()).toBeGreaterThan(0);
    const counts = await page.getByTestId('reg-counts').innerText();
    expect(counts).toContain('2026-11-30');
    expect(counts).toContain('REG-B');
    expect(await page.getByTestId('alarms-none').isVisible()).toBe(true);
    await shoot(page, 'reconciliation');

    // A second PC verifies the same meters: a serial conflict each, raised at its ingest
    const second = await seedDevice(demo.url, NOW, { meters: METERS, label: '二号检定台电脑', serialPrefix: 'REG' });
    await page.getByTestId('alarms-refresh').click();
    const alarms = page.getByTestId('alarm-row');
    await expect.poll(() => alarms.count(), { timeout: 10_000 }).toBe(METERS);
    const devices = new Set(await alarms.evaluateAll((els) => els.map((e) => e.getAttribute('data-device-id'))));
    expect(devices).toEqual(new Set([second.deviceId]));
    const first = await alarms.first().innerText();
    expect(first).toContain('demo'); // the enterprise column: the regulator sees every enterprise
    expect(first).toContain('二号检定台电脑');
    expect(first).toContain('同一表号多台设备检定');
    expect(first).toMatch(/serial REG\d{7}/);
    expect(first).toContain('verificationIds');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.locator('erjian-sync-alarms').scrollIntoViewIfNeeded();
    await shoot(page, 'alarms');
    // The reconciliation run again after the second PC: what the regulator sees then (looked at)
    await page.getByTestId('reg-run').click();
    await expect.poll(() => verdict.textContent(), { timeout: 15_000 }).toBeTruthy();
    await shoot(page, 'full', true);
    await context.close();
  });
});
