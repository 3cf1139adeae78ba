/**
 * The regulator's risk tab (#/regulator?tab=risk; docs/risk.md) in headless Chromium at
 * 1366 × 768, zh-CN, against a demo server of the test's own. Two synthetic bench PCs are
 * synced through the real protocol with the same PRNG seed on different serials (copied
 * errors) and the same bench (a second chain), both with the synthetic PC's `forged` timing:
 * 200 ms of lines for 60 s runs of 10 L at every point (rate, Va ≠ flow × duration). A drifting bench's findings from the test
 * generator (test/risk/generator.ts) are stored beside them, for the EWMA / CUSUM charts.
 * The regulator scans, reads the alerts grouped by kind, opens the raw lines an alert cites
 * (highlighted), and acknowledges one with a note.
 * Screenshots: test-output/screens/risk-*.png (looked at).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile } from '../../web/src/domain/index.ts';
import { detectRisks } from '../../web/src/domain/risk/index.ts';
import { storeFindings } from '../../sync-server/src/supervision/riskScan.ts';
import { generateScenario } from '../risk/generator.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { seedDevice, startDemoServer, type DemoServer } from './demoSyncServer.ts';

const browser = useBrowser();
const desk = { width: 1366, height: 768 };
/** 10:00 on 30 November 2026 in Tai'an */
const NOW = new Date('2026-11-30T02:00:00.000Z');

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer(NOW);
  await seedDevice(demo.url, NOW, { meters: 10, label: '一号检定台电脑', serialPrefix: 'RKA', timing: 'forged' });
  await seedDevice(demo.url, NOW, { meters: 10, label: '二号检定台电脑', serialPrefix: 'RKB', timing: 'forged' });
  // a drifting bench, from the generator (its raw refs name the generator's devices, not synced here)
  const drift = detectRisks(generateScenario(11, 'drift').data, defaultProfile).filter((f) => f.kind.startsWith('drift'));
  expect(drift.length).toBeGreaterThan(0);
  storeFindings(demo.server.db, 'demo', drift, NOW.toISOString());
}, 120_000);
afterAll(async () => {
  await demo?.close();
});

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `risk-${name}.png`), fullPage });
}

describe("the regulator's risk tab", () => {
  it('lists the alerts by kind with their figures, opens the cited raw lines, and takes an acknowledgement', async () => {
    const context = await browser().newContext({ viewport: desk, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    await page.goto(`${demo.url}/#/regulator?tab=risk`);
    await page.getByTestId('admin-login').waitFor({ timeout: 15_000 });
    await page.locator('erjian-admin-login #username').fill('regulator');
    await page.locator('erjian-admin-login #password').fill('demo');
    await page.locator('erjian-admin-login button[type="submit"]').click();

    const risk = page.locator('erjian-reg-risk');
    await risk.locator('button.scan').waitFor({ timeout: 15_000 });
    await risk.locator('button.scan').click();
    await expect.poll(() => risk.locator('[role="status"]').textContent(), { timeout: 15_000, message: 'the scan did not report' }).toContain('检查完成');

    const titles = await risk.locator('section.kind > h4').allInnerTexts();
    for (const t of ['疑似复制误差', '标准器体积与“流量×时间”不符', '哈希链重新开始', '检定速度超出检定台能力', '检定台漂移（EWMA 控制图）', '检定台漂移（CUSUM 控制图）']) {
      expect(titles.some((x) => x.includes(t)), `no group titled ${t} in ${titles.join(' | ')}`).toBe(true);
    }
    // evidence in numbers, in Chinese
    const copied = risk.locator('article[data-kind="copied-errors"]').first();
    expect(await copied.innerText()).toMatch(/20 只水表分成 10 组，每组内各流量点的误差完全相同/);
    expect(await copied.innerText()).toMatch(/RKA0000001 = RKB0000001：Q3 -?\d/);
    const volume = risk.locator('article[data-kind="volume-inconsistent"]').first();
    expect(await volume.innerText()).toMatch(/流量 \d+(\.\d+)? L\/h × 60 秒 = [\d.]+ L，标准器体积 10 L/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await shoot(page, 'overview');

    // the drift charts: the statistic against its limits
    const ewma = risk.locator('article[data-kind="drift-ewma"]').first();
    await ewma.scrollIntoViewIfNeeded();
    expect(await ewma.locator('svg polyline').count()).toBe(3);
    expect(await ewma.locator('figcaption').innerText()).toContain('控制限');
    await shoot(page, 'drift');

    // the raw lines of a Va alert: from its RUN command to RD, highlighted, with context around
    await volume.locator('button.raw-link').first().click();
    const cited = volume.locator('.raw tr.cited');
    await expect.poll(() => cited.count(), { timeout: 10_000, message: 'the raw lines did not open' }).toBeGreaterThan(3);
    expect(await cited.first().locator('td.text').innerText()).toMatch(/^RUN /);
    expect(await cited.last().locator('td.text').innerText()).toMatch(/^RD /);
    expect(await volume.locator('.raw tr.context').count()).toBeGreaterThan(0);
    expect(await volume.locator('.raw').innerText()).toContain('检定台 → 电脑');
    await volume.locator('.raw').scrollIntoViewIfNeeded();
    await shoot(page, 'raw');

    // acknowledge the copied-errors alert with a note: it leaves the open list, and shows handled in the full one
    const copiedCount = await risk.locator('article[data-kind="copied-errors"]').count();
    const copiedId = await copied.getAttribute('data-alert');
    await copied.scrollIntoViewIfNeeded();
    await copied.locator('button.primary').click();
    expect(await risk.locator('p.error').innerText()).toContain('请先填写处理意见');
    await copied.locator('textarea').fill('已到企业核查：两台电脑用了同一份读数，已立案');
    await copied.locator('button.primary').click();
    await expect.poll(() => risk.locator('[role="status"]').textContent(), { timeout: 10_000, message: 'the acknowledgement was not confirmed' }).toContain('已确认处理');
    expect(copiedCount).toBe(1);
    await expect.poll(() => risk.locator('article[data-kind="copied-errors"]').count(), { timeout: 10_000 }).toBe(copiedCount - 1);
    expect(await risk.locator(`article[data-alert="${copiedId}"]`).count()).toBe(0);
    await risk.locator('label.check input').uncheck();
    const handled = risk.locator(`article[data-alert="${copiedId}"] .acked-note`);
    await expect.poll(() => handled.count(), { timeout: 10_000, message: 'the handled alert did not come back in the full list' }).toBe(1);
    expect(await handled.innerText()).toContain('已处理：regulator，2026-11-30 10:00:00。意见：已到企业核查');
    await handled.scrollIntoViewIfNeeded();
    await shoot(page, 'acknowledged');
    await context.close();
  });
});
