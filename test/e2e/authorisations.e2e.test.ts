/**
 * The authorisation register and the public announcement (docs/authorisations.md) in headless
 * Chromium, against a demo server of the test's own (its clock fixed at NOW; the demo
 * enterprise's certificate was issued a month before):
 * - the regulator (desk 1366 × 768) registers a certificate issued 2024-04-10 — refused first
 *   for an inconsistent 有效期至, in Chinese — and suspends the demo certificate with reason and
 *   文号 (refused without them); the decisions show with who and when;
 * - the enterprise admin sees the renewal warning (the 2024 certificate is inside its window on
 *   NOW) and the suspension, and requests renewal; the regulator grants it;
 * - the public page /announcements on a phone (390 × 844): no sideways overflow, Chinese,
 *   the statuses and the published penalty, English on the switch.
 * Screenshots: test-output/screens/authorisations-*.png (looked at).
 */
import { join } from 'node:path';
import type { Browser as PwBrowser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qb, run } from '../../sync-server/src/db/sql.ts';
import { launchPersistent, screenshotDir, useBrowser } from '../support/browser.ts';
import { startDemoServer, type DemoServer } from './demoSyncServer.ts';

const browser = useBrowser();
const desk = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };
/** 12:00 on 30 November 2026 in Tai'an */
const NOW = new Date('2026-11-30T04:00:00.000Z');
const NEW_CERT = '（鲁）法计〔2024〕二检合一第017号';
const DEMO_CERT = '（鲁）法计〔2026〕二检合一第001号';

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer(NOW);
  // a penalty the regulator published (the penalty ladder's part writes these rows)
  run(
    demo.server.db,
    qb.insertInto('penalty_events').values({
      enterprise_id: 'demo',
      body: JSON.stringify({ type: 'non-conforming-sampling', date: '2026-11-20', reason: '双随机抽检发现 1 只不合格水表，该批次整批退货', decidedBy: '市场监管局（演示）', reference: '泰市监量〔2026〕41号' }),
      type: 'non-conforming-sampling',
      event_date: '2026-11-20',
      published: 1,
      recorded_by: 'regulator',
      recorded_at: NOW.toISOString(),
    }),
  );
}, 60_000);
afterAll(async () => {
  await demo?.close();
});

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `authorisations-${name}.png`), fullPage });
}

async function signedIn(b: PwBrowser, hash: string, username: string): Promise<Page> {
  const context = await b.newContext({ viewport: desk, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  await context.clock.setFixedTime(NOW);
  const page = await context.newPage();
  await page.goto(`${demo.url}/${hash}`);
  await page.getByTestId('admin-login').waitFor({ timeout: 15_000 });
  await page.locator('erjian-admin-login #username').fill(username);
  await page.locator('erjian-admin-login #password').fill('demo');
  await page.locator('erjian-admin-login button[type="submit"]').click();
  return page;
}

async function noSidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

describe('the authorisation register', () => {
  it('the regulator registers a certificate (errors in Chinese first) and suspends one with reason and 文号', async () => {
    const page = await signedIn(browser(), '#/regulator?tab=authorisations', 'regulator');
    const demoCard = page.locator(`[data-testid="auth-card"][data-certificate="${DEMO_CERT}"]`);
    await demoCard.waitFor({ timeout: 15_000 });
    expect(await demoCard.getByTestId('auth-chip').innerText()).toBe('有效');

    await page.getByTestId('auth-register-open').click();
    await page.getByTestId('auth-register-submit').click();
    const problems = page.getByTestId('auth-register-problems');
    await problems.waitFor({ timeout: 5_000 });
    expect(await problems.innerText()).toContain('请填写“证书编号”');

    await page.getByTestId('auth-f-certificateNo').fill(NEW_CERT);
    await page.getByTestId('auth-f-models').fill('LXS-15E, LXS-20E');
    await page.getByTestId('auth-f-maxDn').selectOption('25');
    await page.getByTestId('auth-f-issuedOn').fill('2024-04-10');
    // the 有效期至 is suggested from the issue date; a typing slip is caught with the expected date
    expect(await page.getByTestId('auth-f-expiresOn').inputValue()).toBe('2027-04-09');
    await page.getByTestId('auth-f-expiresOn').fill('2026-04-09');
    await page.getByTestId('auth-f-institute').fill('泰安市计量科学研究院');
    await page.getByTestId('auth-f-reference').fill('泰市监量〔2024〕6号');
    await page.getByTestId('auth-register-submit').click();
    await expect.poll(() => problems.innerText(), { timeout: 5_000 }).toContain('有效期至应为 2027年4月9日');
    await shoot(page, 'register-error');

    await page.getByTestId('auth-f-expiresOn').fill('2027-04-09');
    await page.getByTestId('auth-register-submit').click();
    await expect.poll(() => page.getByTestId('auth-note').textContent().catch(() => ''), { timeout: 10_000 }).toContain(NEW_CERT);
    const newCard = page.locator(`[data-testid="auth-card"][data-certificate="${NEW_CERT}"]`);
    expect(await newCard.innerText()).toContain('DN15–DN25 冷水水表 · 型号：LXS-15E、LXS-20E');
    expect(await newCard.innerText()).toContain('2024年4月10日 至 2027年4月9日');
    expect(await newCard.getByTestId('auth-in-window').innerText()).toBe('在延续申请期内：还有 130 天到期');

    // suspend the demo certificate: reason and 文号 are required
    await demoCard.getByTestId('auth-suspend').click();
    const dialog = page.getByTestId('auth-dialog');
    await dialog.waitFor({ timeout: 5_000 });
    await page.getByTestId('auth-d-confirm').click();
    const dProblems = page.getByTestId('auth-dialog-problems');
    await dProblems.waitFor({ timeout: 5_000 });
    expect(await dProblems.innerText()).toContain('请填写“原因”');
    expect(await dProblems.innerText()).toContain('请填写“文号”');
    await page.getByTestId('auth-d-reason').fill('第二次抽检发现不合格，限期整改，整改期间暂停二检合一');
    await page.getByTestId('auth-d-reference').fill('泰市监量〔2026〕45号');
    await shoot(page, 'suspend-dialog');
    await page.getByTestId('auth-d-confirm').click();
    await expect.poll(() => demoCard.getByTestId('auth-chip').innerText(), { timeout: 10_000 }).toBe('暂停');

    await demoCard.getByTestId('auth-history-toggle').click();
    const rows = demoCard.getByTestId('auth-history-row');
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(2);
    const suspended = await rows.nth(1).innerText();
    expect(suspended).toContain('2026年11月30日');
    expect(suspended).toContain('暂停');
    expect(suspended).toContain('泰市监量〔2026〕45号');
    expect(suspended).toContain('市场监管局（演示）');
    expect(suspended).toContain('regulator · 2026年11月30日 12:00');
    expect(await noSidewaysScroll(page)).toBe(true);
    await shoot(page, 'regulator', true);
    await page.context().close();
  });

  it('the enterprise admin sees the renewal warning and the suspension, and requests renewal; the regulator grants it', async () => {
    const page = await signedIn(browser(), '#/admin', 'ent-admin');
    const banner = page.getByTestId('auth-banner-renewal');
    await banner.waitFor({ timeout: 15_000 });
    const text = await banner.innerText();
    expect(text).toContain(NEW_CERT);
    expect(text).toContain('将于 2027年4月9日 到期（还有 130 天）');
    const suspendedBanner = await page.getByTestId('auth-banner-suspended').innerText();
    expect(suspendedBanner).toContain('第二次抽检发现不合格');
    expect(suspendedBanner).toContain('泰市监量〔2026〕45号');
    await shoot(page, 'admin-warning');
    await page.getByTestId('auth-request-renewal').click();
    await expect.poll(() => page.getByTestId('auth-renewal-sent').innerText().catch(() => ''), { timeout: 10_000 }).toContain('等待市场监管部门决定');
    expect(await noSidewaysScroll(page)).toBe(true);
    await shoot(page, 'admin-requested');
    await page.context().close();

    const reg = await signedIn(browser(), '#/regulator?tab=authorisations', 'regulator');
    const request = reg.getByTestId('auth-request');
    await request.waitFor({ timeout: 15_000 });
    expect(await request.innerText()).toContain(NEW_CERT);
    await reg.getByTestId('auth-r-certificateNo').fill('（鲁）法计〔2026〕二检合一第052号');
    await reg.getByTestId('auth-r-reason').fill('复查合格，准予延续');
    await shoot(reg, 'renewal-request');
    await reg.getByTestId('auth-r-grant').click();
    await expect.poll(() => reg.getByTestId('auth-note').textContent().catch(() => ''), { timeout: 10_000 }).toContain('（鲁）法计〔2026〕二检合一第052号');
    expect(await reg.locator('[data-testid="auth-card"][data-certificate="（鲁）法计〔2026〕二检合一第052号"]').getByTestId('auth-chip').innerText()).toBe('有效');
    await reg.context().close();
  });

  it('the public page on a phone: each unit with its statuses and published penalty, nothing overflows, English on the switch', async () => {
    const context = await browser().newContext({ viewport: phone, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${demo.url}/announcements`);
    const unit = page.getByTestId('unit');
    await unit.first().waitFor({ timeout: 15_000 });
    const text = await unit.first().innerText();
    expect(text).toContain('泰安示范水表有限公司（演示）');
    expect(await page.getByTestId('as-of').innerText()).toContain('2026年11月30日');
    const statuses = await page.getByTestId('status').allInnerTexts();
    expect(statuses).toEqual(expect.arrayContaining(['有效', '暂停']));
    expect(text).toContain(DEMO_CERT);
    expect(text).toContain('泰安市计量科学研究院');
    const penalty = await page.getByTestId('penalty').first().innerText();
    expect(penalty).toContain('2026年11月20日');
    expect(penalty).toContain('抽检发现不合格');
    expect(penalty).toContain('文号：泰市监量〔2026〕41号');
    // public: no account names, no internal ids
    expect(text).not.toContain('regulator');
    expect(text).not.toContain('demo-auth');
    // no English words for a Chinese reader but the switch, the DN sizes and the model names
    const english = await page.evaluate(() => {
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('[lang="en"], noscript') || !el.checkVisibility()) continue;
        const rest = (n.textContent ?? '').replace(/DN\d+/g, '').replace(/LXS-\d+E/g, '');
        if (/[A-Za-z]{2,}/.test(rest)) found.push(n.textContent ?? '');
      }
      return found;
    });
    expect(english).toEqual([]);
    expect(await noSidewaysScroll(page)).toBe(true);
    const wide = await page.evaluate(() => Array.from(document.querySelectorAll('body *')).filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).length);
    expect(wide).toBe(0);
    // the page is not the operator app: no app bundle, no service worker
    expect(requests.some((p) => /\/assets\/index-/.test(p))).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
    await shoot(page, 'public-phone');
    await shoot(page, 'public-phone-full', true);

    await page.locator('#lang-switch').click();
    await expect.poll(() => page.getByTestId('status').allInnerTexts(), { timeout: 5_000 }).toEqual(expect.arrayContaining(['Valid', 'Suspended']));
    expect(page.url()).toContain('lang=en');
    expect(await noSidewaysScroll(page)).toBe(true);
    await shoot(page, 'public-phone-en', true);
    await context.close();
  });

  it('opens the announcement, not the operator app, on a PC where the operator app’s service worker is installed', async () => {
    const context = await launchPersistent();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${demo.url}/`);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 }).toBe(true);
      for (const path of ['/announcements', '/announcements?lang=en']) {
        await page.goto(`${demo.url}${path}`);
        await page.waitForSelector('#announcements > *, erjian-app', { timeout: 10_000 });
        expect(await page.locator('erjian-app').count(), `${path} opened the operator app`).toBe(0);
      }
    } finally {
      await context.close();
    }
  });
});
