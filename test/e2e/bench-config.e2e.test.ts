/**
 * The bench configuration screen (#/settings/bench; issue 14 item 1) in headless Chromium
 * at 1366 × 768, zh-CN, against the built app: reached from the start screen, a
 * configuration made from the shipped example, a register type broken (a pulse counter as
 * f32) and the Chinese problem naming the field, fixed, saved, made the active one,
 * exported (a download) and imported back, a broken file imported with every problem in
 * Chinese, 测试连接 on the demo PLC bench and balance showing every register's value, and
 * the active configuration still active after a reload. Screenshots: /tmp/h3-bench-config-*.png.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from '../support/browser.ts';
import { BENCH_MORNING } from '../support/benchPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/h3-bench-config-${name}.png` });

/** The textContent of every element with this test id (shadow roots pierced by the locator). */
const texts = (page: Page, testId: string) => page.getByTestId(testId).allTextContents();

describe('the bench configuration screen', () => {
  it('makes, checks, saves, exports, imports and tests a configuration; the active one survives a reload', async () => {
    const context = await browser().newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await context.newPage();
    await page.clock.install({ time: BENCH_MORNING });
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('home-to-bench-settings').waitFor({ timeout: 15_000 });
    await shot(page, 'home');
    await page.getByTestId('home-to-bench-settings').click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5_000, message: 'the start screen links #/settings/bench' }).toBe('#/settings/bench');
    await page.getByTestId('bs-none').waitFor({ timeout: 10_000 });

    // 新建 from the example with the PLC, the balance and pulse pick-ups.
    await page.getByTestId('bs-example').selectOption('plc-balance-pulse.json');
    await page.getByTestId('bs-new').click();
    await page.getByTestId('bs-valid').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('bs-f-name').inputValue()).toBe('演示台 PLC + 天平（光电脉冲）');
    expect(await page.getByTestId('bs-f-positions').inputValue()).toBe('10');

    // A pulse counter typed as f32: the problem names the field in Chinese, and nothing can be saved.
    const text = page.getByTestId('bs-setup-text');
    const good = await text.inputValue();
    const firstCounter = good.indexOf('"type": "u32"');
    expect(firstCounter, 'the first u32 of the setup is position 1’s counter').toBeGreaterThan(good.indexOf('"positions"'));
    await text.fill(`${good.slice(0, firstCounter)}"type": "f32"${good.slice(firstCounter + '"type": "u32"'.length)}`);
    const issue = page.locator('[data-testid="bs-issue"][data-path="setup.positions[0].counter.type"]');
    await issue.waitFor({ timeout: 5_000 });
    expect(await issue.textContent()).toBe('表位 1 › 脉冲计数器 › 数据类型：脉冲计数器是整数：数据类型应为 u16 或 u32，不能是 f32（f32 多半是寄存器类型填错了）。');
    expect(await page.getByTestId('bs-save').isDisabled()).toBe(true);
    await shot(page, 'broken');
    // The same problem in English on the English switch; back to Chinese.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => issue.textContent(), { timeout: 5_000, message: 'the problem said in English' }).toBe('position 1 › pulse counter › data type: A pulse counter is a whole number: u16 or u32, not f32.');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => issue.textContent(), { timeout: 5_000, message: 'the problem said in Chinese again' }).toMatch(/^表位 1/);

    // Fixed, saved by the operator as version 1, made the active one.
    await text.fill(good);
    await page.getByTestId('bs-valid').waitFor({ timeout: 5_000 });
    await page.getByTestId('bs-operator').fill('张工');
    await page.getByTestId('bs-save').click();
    await expect.poll(() => page.getByTestId('bs-notice').textContent().catch(() => null), { timeout: 5_000, message: 'the save confirmed' }).toBe('已保存：演示台 PLC + 天平（光电脉冲） 第 1 版。');
    await page.getByTestId('bs-activate-draft').click();
    await expect.poll(() => page.locator('[data-testid="bs-row"][data-config-id="PLC-DEMO-01"]').getAttribute('data-active').catch(() => null), { timeout: 5_000, message: 'the configuration marked active' }).toBe('true');

    // 导出: a download of <id>.bench.json holding the configuration as saved.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5_000 }), page.getByTestId('bs-export').click()]);
    expect(download.suggestedFilename()).toBe('PLC-DEMO-01.bench.json');
    const exported = join(tmpdir(), `h3-${Date.now()}-PLC-DEMO-01.bench.json`);
    await download.saveAs(exported);
    const config = JSON.parse(readFileSync(exported, 'utf8')) as { id: string; setup: { positions: unknown[] } };
    expect(config).toMatchObject({ format: 'erjian.bench/1', id: 'PLC-DEMO-01' });
    expect(config.setup.positions).toHaveLength(10);

    // 导入 a broken file: every problem by its Chinese field name; then the exported file back, saved as version 2.
    const broken = structuredClone(config) as { uRelPct?: unknown; setup: { reading?: unknown } };
    broken.uRelPct = 5;
    broken.setup.reading = 'telepathy';
    const brokenPath = join(tmpdir(), `h3-${Date.now()}-broken.bench.json`);
    writeFileSync(brokenPath, JSON.stringify(broken));
    await page.getByTestId('bs-import-file').setInputFiles(brokenPath);
    await page.getByTestId('bs-import-errors').waitFor({ timeout: 5_000 });
    const importProblems = await texts(page, 'bs-import-issue');
    expect(importProblems).toEqual(expect.arrayContaining(['扩展不确定度 U (%)：应 ≤ 1，现为 5。', '读数方式：应为 "pulse"（脉冲）, "visual"（目测） 之一，现为 "telepathy"。']));
    await shot(page, 'import-errors');
    await page.getByTestId('bs-import-file').setInputFiles(exported);
    await expect.poll(() => page.getByTestId('bs-notice').textContent().catch(() => null), { timeout: 5_000, message: 'the exported file imported' }).toMatch(/^已导入/);
    await page.getByTestId('bs-valid').waitFor({ timeout: 5_000 });
    await page.getByTestId('bs-save').click();
    await expect.poll(() => page.getByTestId('bs-notice').textContent().catch(() => null), { timeout: 5_000, message: 'the import saved as version 2' }).toBe('已保存：演示台 PLC + 天平（光电脉冲） 第 2 版。');

    // 测试连接 on the demo bench: the PLC and the balance answer, every register is read and plausible.
    await page.getByTestId('bs-test').click();
    await page.getByTestId('bs-test-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('bs-test-plc').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('bs-test-balance').getAttribute('data-ok')).toBe('true');
    const rows = page.getByTestId('bs-test-row');
    expect(await rows.count()).toBe(8 + 1 + 10);
    for (let i = 0; i < (await rows.count()); i++) expect(await rows.nth(i).getAttribute('data-plausibility'), await rows.nth(i).textContent() ?? '').toBe('ok');
    const temp = page.locator('[data-testid="bs-test-row"][data-path="plc.registers.waterTempC"]');
    expect(await temp.textContent()).toContain('水温寄存器');
    expect(await temp.textContent()).toContain('°C');
    await page.getByTestId('bs-test-result').scrollIntoViewIfNeeded();
    await shot(page, 'test-connection');

    // The active configuration is kept: a reload shows it marked, at its latest version.
    await page.reload();
    const row = page.locator('[data-testid="bs-row"][data-config-id="PLC-DEMO-01"]');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-active')).toBe('true');
    expect(await row.textContent()).toContain('第 2 版');
    await shot(page, 'list');
    await context.close();
  }, 120_000);
});
