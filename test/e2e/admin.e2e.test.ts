/**
 * The enterprise admin's screen (#/admin; docs/sync.md "Access", "Enrolment", "Alarms") in
 * headless Chromium at 1366 × 768, against a real demo server of the test's own: ent-admin
 * signs in, makes a one-time enrolment code, a bench PC enrols with it, the device appears,
 * and is revoked with a reason — after which its token is refused. Two synthetic PCs synced
 * beforehand verified the same meters, so the screen also lists the serial-conflict alarms
 * of the enterprise's devices. Screenshots: test-output/screens/admin-*.png (looked at).
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceKey, enrol } from '../../sync-server/src/identity/testServer.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { seedDevice, startDemoServer, type DemoServer } from './demoSyncServer.ts';

const browser = useBrowser();
const desk = { width: 1366, height: 768 };
/** 12:00 on 30 November 2026 in Tai'an */
const NOW = new Date('2026-11-30T04:00:00.000Z');

let demo: DemoServer;
const seeded: string[] = [];

beforeAll(async () => {
  demo = await startDemoServer(NOW);
  for (const label of ['一号检定台电脑', '二号检定台电脑']) seeded.push((await seedDevice(demo.url, NOW, { meters: 6, label, serialPrefix: 'ADM' })).deviceId);
}, 120_000);
afterAll(async () => {
  await demo?.close();
});

async function desktop(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser().newContext({ viewport: desk, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  await context.clock.setFixedTime(NOW);
  return { context, page: await context.newPage() };
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `admin-${name}.png`), fullPage });
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${demo.url}/#/admin`);
  await page.getByTestId('admin-login').waitFor({ timeout: 15_000 });
  await page.locator('erjian-admin-login #username').fill(username);
  await page.locator('erjian-admin-login #password').fill('demo');
  await page.locator('erjian-admin-login button[type="submit"]').click();
}

describe('the enterprise admin screen', () => {
  it('signs in, makes a code, sees the PC it enrolled, revokes it with a reason; lists the enterprise\'s alarms', async () => {
    const { context, page } = await desktop();
    await signIn(page, 'ent-admin');
    await expect.poll(() => page.getByTestId('admin-enterprise').textContent(), { timeout: 10_000 }).toContain('泰安示范水表有限公司');
    const rows = page.getByTestId('admin-device');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    for (const id of seeded) expect(await page.locator(`[data-testid="admin-device"][data-device-id="${id}"]`).innerText()).toContain('正常');

    // A one-time code, shown large, as the PC will type it
    await page.getByTestId('admin-make-code').click();
    const code = (await page.getByTestId('admin-code').innerText({ timeout: 10_000 })).trim();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    await shoot(page, 'code');

    // A bench PC enrols with it (its own key; the protocol's enrolment request)
    const deviceId = crypto.randomUUID();
    const enrolled = await enrol(demo.url, { protocol: 1, code, deviceId, publicKeyJwk: (await deviceKey()).publicKeyJwk, label: '三号检定台电脑（新）' });
    expect(enrolled.status).toBe(200);
    const token = (enrolled.body as { token: string }).token;
    await page.locator('erjian-admin-devices .head button').click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    const row = page.locator(`[data-testid="admin-device"][data-device-id="${deviceId}"]`);
    expect(await row.innerText()).toContain('三号检定台电脑（新）');
    const pull = () => fetch(`${demo.url}/api/sync/pull`, { headers: { authorization: `Bearer ${token}` } });
    expect((await pull()).status).toBe(200);

    // Revoked with a reason: the row says so, and the token is refused from then on
    await row.getByRole('button', { name: '撤销' }).click();
    await page.locator('erjian-admin-devices #reason').fill('电脑送修，硬盘更换');
    await shoot(page, 'revoke-form');
    await page.getByRole('button', { name: '确认撤销' }).click();
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('已撤销');
    expect(await row.innerText()).toContain('原因：电脑送修，硬盘更换');
    const refused = await pull();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { reason: string }).reason).toBe('device-revoked');
    for (const id of seeded) expect(await page.locator(`[data-testid="admin-device"][data-device-id="${id}"]`).innerText()).toContain('正常');

    // The enterprise's alarms: the two PCs verified the same six meters
    const alarms = page.getByTestId('alarm-row');
    await expect.poll(() => alarms.count(), { timeout: 10_000 }).toBe(6);
    expect(new Set(await alarms.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))))).toEqual(new Set(['serial-conflict']));
    const first = await alarms.first().innerText();
    expect(first).toContain('同一表号多台设备检定');
    expect(first).toMatch(/serial ADM\d{7}/);
    expect(first).toContain('verificationIds');
    // Nothing sticks out sideways at 1366 px
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await shoot(page, 'devices');
    await page.locator('erjian-sync-alarms').scrollIntoViewIfNeeded();
    await shoot(page, 'alarms');
    await shoot(page, 'full', true);
    await context.close();
  });

  it('refuses an operator the device list and the alarms (roles are checked by the server)', async () => {
    const { context, page } = await desktop();
    await signIn(page, 'operator');
    await expect.poll(() => page.locator('erjian-admin-devices .load-error').innerText(), { timeout: 10_000 }).toContain('没有权限');
    await expect.poll(() => page.locator('erjian-sync-alarms .load-error').innerText(), { timeout: 10_000 }).toContain('没有权限');
    expect(await page.getByTestId('alarm-row').count()).toBe(0);
    await context.close();
  });
});
