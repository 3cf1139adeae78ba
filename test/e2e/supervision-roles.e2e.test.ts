/**
 * "Each of the five people it serves should find their part without help" (issue 13;
 * docs/supervision.md "Who finds what where"): from the app's start screen, each person
 * follows their own link — no URL typed — signs in where a sign-in is needed, and lands on
 * their part. Headless Chromium at 1366 × 768 in zh-CN against a real demo server of the
 * test's own. Screenshot: test-output/screens/supervision-home.png (looked at).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { startDemoServer, type DemoServer } from './demoSyncServer.ts';

const browser = useBrowser();
/** 12:00 on 30 November 2026 in Tai'an */
const NOW = new Date('2026-11-30T04:00:00.000Z');

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer(NOW);
}, 120_000);
afterAll(async () => {
  await demo?.close();
});

async function home(): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  await context.clock.setFixedTime(NOW);
  const page = await context.newPage();
  await page.goto(`${demo.url}/#/`);
  await page.getByTestId('home-others').waitFor({ timeout: 15_000 });
  return page;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByTestId('admin-login').waitFor({ timeout: 15_000 });
  await page.locator('erjian-admin-login #username').fill(username);
  await page.locator('erjian-admin-login #password').fill('demo');
  await page.locator('erjian-admin-login button[type="submit"]').click();
}

describe('from the start screen, each person finds their part', () => {
  it('the start screen names every other person in Chinese', async () => {
    const page = await home();
    const others = page.getByTestId('home-others');
    const text = (await others.innerText()).replace(/\s+/g, ' ');
    for (const words of ['企业管理', '市场监管部门', '法定计量检定机构', '授权单位公示', '水表检定查询', '公众']) expect(text, `the start screen does not offer ${words}`).toContain(words);
    await others.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir(), 'supervision-home.png') });
    await page.context().close();
  });

  it('the regulator: 市场监管部门 → sign in → the supervision tabs', async () => {
    const page = await home();
    await page.getByTestId('home-to-regulator').click();
    await signIn(page, 'regulator');
    const tabs = page.getByTestId('reg-tabs');
    await tabs.waitFor({ timeout: 15_000 });
    expect((await tabs.innerText()).replace(/\s+/g, ' ')).toBe('NQI 公示核对 资质 双随机抽检 处罚 召回 风险预警');
    await page.getByTestId('reg-tab-penalties').click();
    await expect.poll(() => page.url(), { timeout: 10_000, message: 'the penalties tab did not open' }).toContain('tab=penalties');
    await page.context().close();
  });

  it('the institute: 法定计量检定机构 → sign in → its samplings', async () => {
    const page = await home();
    await page.getByTestId('home-to-institute').click();
    await signIn(page, 'institute');
    await expect.poll(() => page.locator('erjian-institute h2').first().textContent(), { timeout: 15_000, message: "the institute's page did not open" }).toContain('监督抽检');
    // … and, read only, the register of the enterprises it supervises
    const card = page.getByTestId('auth-card').first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('二检合一');
    expect(await page.getByTestId('auth-f-enterprise').count(), 'the institute is offered the register form').toBe(0);
    await page.screenshot({ path: join(screenshotDir(), 'supervision-institute.png'), fullPage: true });
    await page.context().close();
  });

  it('the enterprise admin: 企业管理 → sign in → its authorisation first', async () => {
    const page = await home();
    await page.getByTestId('home-to-admin').click();
    await signIn(page, 'ent-admin');
    const card = page.getByTestId('auth-admin-card').first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText(), "the enterprise's authorisation card").toContain('二检合一');
    await page.context().close();
  });

  it('the public: the announcement page and the lookup, without signing in', async () => {
    const page = await home();
    await page.getByTestId('home-to-announcements').click();
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000, message: 'the announcement page did not open' }).toContain('泰安示范水表有限公司');
    await page.goBack();
    await page.getByTestId('home-to-lookup').click();
    await expect.poll(() => page.url(), { timeout: 15_000, message: 'the lookup did not open' }).toMatch(/\/lookup\/?$/);
    await page.context().close();
  });
});
