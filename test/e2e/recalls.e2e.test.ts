/**
 * Recalls (docs/recalls.md) in headless Chromium against a real demo server of the test's own
 * with meters synced by a synthetic bench PC (the real protocol): the enterprise admin
 * defines a recall by batch on #/admin (preview, confirm), marks a meter 已更换 with a note;
 * a phone at 390 × 844 opens the meter's lookup page and sees the recall notice; the
 * regulator's recalls tab lists it with its progress and orders a second recall by bench and
 * dates. Screenshots: test-output/screens/recalls-*.png (looked at).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { seedDevice, startDemoServer, type DemoServer } from './demoSyncServer.ts';

const browser = useBrowser();
const desk = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };
/** 12:00 on 30 November 2026 in Tai'an: the seeded meters are verified that day */
const NOW = new Date('2026-11-30T04:00:00.000Z');
const METERS = 8;
const REASON = '一号检定台流量标准器期间核查超差';
const ACTION = '请联系厂家免费更换水表，电话 0538-0000000';

let demo: DemoServer;
let passed = 0;
let replacedSerial = '';
let recallId = '';

beforeAll(async () => {
  demo = await startDemoServer(NOW);
  passed = (await seedDevice(demo.url, NOW, { meters: METERS, label: '一号检定台电脑', serialPrefix: 'RCL' })).passed;
}, 120_000);
afterAll(async () => {
  await demo?.close();
});

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `recalls-${name}.png`), fullPage });
}

async function signIn(page: Page, hash: string, username: string): Promise<void> {
  await page.goto(`${demo.url}/${hash}`);
  await page.getByTestId('admin-login').waitFor({ timeout: 15_000 });
  await page.locator('erjian-admin-login #username').fill(username);
  await page.locator('erjian-admin-login #password').fill('demo');
  await page.locator('erjian-admin-login button[type="submit"]').click();
}

async function noSidewaysOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

describe('recalls', () => {
  it('the enterprise admin defines a recall by batch and marks a meter replaced', async () => {
    expect(passed).toBeGreaterThan(0);
    const context = await browser().newContext({ viewport: desk, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    await signIn(page, '#/admin', 'ent-admin');
    const section = page.getByTestId('admin-recalls');
    await section.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('rc-none').isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByTestId('rc-new').click();
    await page.getByTestId('rc-kind-batch').check();
    const batch = page.getByTestId('rc-batch');
    await batch.waitFor({ timeout: 10_000 });
    const option = await batch.locator('option').first().innerText();
    expect(option).toMatch(/^RCL-B0001（.+，\d+ 只）$/);
    await batch.selectOption('RCL-B0001');
    await page.getByTestId('rc-reason').fill(REASON);
    await page.getByTestId('rc-action').fill(ACTION);
    expect(await page.getByTestId('rc-confirm').isDisabled()).toBe(true); // not before a preview
    await page.getByTestId('rc-preview-button').click();
    const count = page.getByTestId('rc-preview-count');
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toContain(`将召回 ${passed} 只水表`);
    await page.getByTestId('rc-define').scrollIntoViewIfNeeded();
    await shoot(page, 'define-preview');

    await page.getByTestId('rc-confirm').click();
    const defined = page.getByTestId('rc-defined');
    await expect.poll(() => defined.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`已发起召回 RC-20261130-01，共 ${passed} 只水表`));
    recallId = 'RC-20261130-01';
    const rows = page.getByTestId('rc-meter-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(passed);
    expect(await rows.first().getByTestId('rc-status').textContent()).toBe('待处置');
    expect(await page.getByTestId('rc-progress-text').first().textContent()).toContain(`已处置 0 / ${passed} 只`);

    // mark the first meter replaced, with a note: the badge, the history and the progress follow
    const first = rows.first();
    replacedSerial = (await first.getAttribute('data-serial')) ?? '';
    expect(replacedSerial).toMatch(/^RCL\d{7}$/);
    await first.getByTestId('rc-note').fill('已为用户换装新表');
    await first.getByTestId('rc-mark-replaced').click();
    // a mark cannot be taken back: it asks first
    expect(await first.getByTestId('rc-mark-confirmation').innerText()).toContain('登记为“已更换”？登记后不能退回。');
    await first.getByTestId('rc-mark-confirm').scrollIntoViewIfNeeded();
    await shoot(page, 'admin-confirm');
    await first.getByTestId('rc-mark-confirm').click();
    const marked = page.locator(`[data-testid="rc-meter-row"][data-serial="${replacedSerial}"]`);
    await expect.poll(() => marked.getByTestId('rc-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('replaced');
    expect(await marked.innerText()).toContain('已为用户换装新表');
    expect(await marked.innerText()).toContain('2026-11-30 12:00 已更换');
    expect(await marked.getByTestId('rc-mark-replaced').count()).toBe(0); // done: no button back
    expect(await page.getByTestId('rc-progress-text').first().textContent()).toContain(`已处置 1 / ${passed} 只（已召回 0，已更换 1`);
    // a second meter only recalled
    const second = rows.nth(1);
    await second.getByTestId('rc-mark-replaced').click();
    await second.getByTestId('rc-mark-cancel').click(); // changed their mind: nothing marked
    expect(await second.getByTestId('rc-status').getAttribute('data-status')).toBe('affected');
    await second.getByTestId('rc-mark-recalled').click();
    await second.getByTestId('rc-mark-confirm').click();
    await expect.poll(() => second.getByTestId('rc-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('recalled');
    expect(await second.getByTestId('rc-mark-recalled').count()).toBe(0);
    // the open ones only, then a part of a serial, then all again
    await page.getByTestId('rc-filter-status').selectOption('affected');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(passed - 2);
    expect(await page.getByTestId('rc-page-info').textContent()).toBe(`第 1–${passed - 2} 只，共 ${passed - 2} 只`);
    await page.getByTestId('rc-filter-status').selectOption('');
    await page.getByTestId('rc-find').fill(replacedSerial.slice(-3));
    await page.getByTestId('rc-find').press('Enter');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('rc-find').fill('');
    await page.getByTestId('rc-find').press('Enter');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(passed);
    expect(await noSidewaysOverflow(page)).toBe(true);
    await page.getByTestId('rc-recall').first().scrollIntoViewIfNeeded();
    await shoot(page, 'admin-marked');
    await shoot(page, 'admin-full', true);
    await context.close();
  });

  it("a phone's lookup of the replaced meter shows the recall notice", async () => {
    expect(replacedSerial).not.toBe('');
    const context = await browser().newContext({ viewport: phone, timezoneId: 'Asia/Shanghai', locale: 'zh-CN', isMobile: true, hasTouch: true });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    await page.goto(`${demo.url}/lookup/${replacedSerial}`);
    const notice = page.getByTestId('notice-recall');
    await notice.waitFor({ timeout: 15_000 });
    const text = await notice.innerText();
    expect(text).toContain('召回通知');
    expect(text).toContain(REASON);
    expect(text).toContain(ACTION);
    expect(text).toContain('2026年11月30日');
    expect(await noSidewaysOverflow(page)).toBe(true);
    await shoot(page, 'lookup-phone');
    await context.close();
  });

  it("the regulator's tab lists every recall with its progress and orders one by bench and dates", async () => {
    expect(recallId).not.toBe('');
    const context = await browser().newContext({ viewport: desk, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    await signIn(page, '#/regulator?tab=recalls', 'regulator');
    const card = page.locator(`[data-testid="rc-recall"][data-recall-id="${recallId}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getByTestId('rc-enterprise').textContent()).toBeTruthy();
    expect(await card.getByTestId('rc-progress-text').textContent()).toContain(`已处置 2 / ${passed} 只（已召回 1，已更换 1，待处置 ${passed - 2}）`);
    expect(await card.innerText()).toContain('批次 RCL-B0001 的水表');
    await shoot(page, 'regulator-list');

    await page.getByTestId('rc-order').click();
    await page.getByTestId('rc-enterprise-select').selectOption('demo');
    await page.getByTestId('rc-kind-bench').check();
    await page.getByTestId('rc-bench').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('rc-from').inputValue()).toBe('2026-11-30');
    await page.getByTestId('rc-reason').fill('监督抽查发现检定台示值误差超差');
    await page.getByTestId('rc-action').fill('请停止使用并联系厂家更换');
    await page.getByTestId('rc-preview-button').click();
    await expect.poll(() => page.getByTestId('rc-preview-count').textContent(), { timeout: 10_000 }).toContain(`将召回 ${passed} 只水表`);
    // a day with no verification on the bench: nothing to recall, and no confirmation
    await page.getByTestId('rc-from').fill('2026-11-29');
    await page.getByTestId('rc-to').fill('2026-11-29');
    expect(await page.getByTestId('rc-confirm').isDisabled()).toBe(true);
    await page.getByTestId('rc-preview-button').click();
    await expect.poll(() => page.getByTestId('rc-preview-count').textContent(), { timeout: 10_000 }).toContain('没有合格水表');
    await page.getByTestId('rc-to').fill('2026-11-30');
    await page.getByTestId('rc-preview-button').click();
    await expect.poll(() => page.getByTestId('rc-preview-count').textContent(), { timeout: 10_000 }).toContain(`将召回 ${passed} 只水表`);
    await shoot(page, 'regulator-order');
    await page.getByTestId('rc-confirm').click();
    await expect.poll(() => page.getByTestId('rc-defined').textContent(), { timeout: 10_000 }).toContain('RC-20261130-02');
    await expect.poll(() => page.getByTestId('rc-recall').count(), { timeout: 10_000 }).toBe(2);
    // the regulator reads the meters but has no marking buttons
    await expect.poll(() => page.getByTestId('rc-meter-row').count(), { timeout: 10_000 }).toBe(passed);
    expect(await page.getByTestId('rc-mark-replaced').count()).toBe(0);
    expect(await noSidewaysOverflow(page)).toBe(true);
    await shoot(page, 'regulator-ordered', true);

    // the same tab in English: every sentence has its English text
    await page.evaluate(() => localStorage.setItem('erjian.locale', 'en'));
    await page.reload();
    const englishCard = page.locator(`[data-testid="rc-recall"][data-recall-id="${recallId}"]`);
    await englishCard.waitFor({ timeout: 15_000 });
    const english = await englishCard.innerText();
    expect(english).toContain('Meters of batch RCL-B0001');
    expect(english).toContain(`2 of ${passed} dealt with (1 recalled, 1 replaced, ${passed - 2} open)`);
    expect(await page.getByTestId('reg-recalls').innerText()).not.toMatch(/[处置召回待已]/);
    await shoot(page, 'regulator-en');
    await context.close();
  });
});
