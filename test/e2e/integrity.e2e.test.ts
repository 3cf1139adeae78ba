/**
 * Tamper evidence on screen, in the built app (docs/records.md): lines no checkpoint covers
 * are shown as unsigned (未签名), never OK; a signing key that is not the one enrolled is
 * an alarm on every screen and the first problem of "verify integrity"; a wiped database
 * leaves a notice naming the lost device on every start until an admin acknowledges it.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

async function verify(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/#/about`);
  await page.getByTestId('integrity-run').click();
  await expect.poll(() => page.getByTestId('integrity-result').getAttribute('data-status'), { timeout: 60_000 }).not.toBeNull();
}

async function seeded(): Promise<{ context: BrowserContext; seed: Page; page: Page }> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 1000 } });
  const seed = await openSeedPage(context, baseUrl);
  await seed.evaluate(() => window.erjianSeed.seedBatch({ batchId: 'B-I', meters: 10, lastDay: '2026-11-27', days: 1, benches: ['BENCH-01'] }));
  return { context, seed, page: await context.newPage() };
}

describe('tamper evidence on screen', () => {
  it('lines after the last checkpoint are unsigned, in Chinese, not OK; signed at the next start, OK', async () => {
    const { context, seed, page } = await seeded();
    await verify(page);
    expect(await page.getByTestId('integrity-result').getAttribute('data-status')).toBe('ok');
    const seq = await seed.evaluate(async () => {
      const s = window.erjianSeed;
      const db = s.openDb();
      const rec = new s.store.OriginalRecord(db, await s.store.getOrCreateDevice(db));
      const lines = await rec.appendMany([1, 2, 3].map((i) => ({ connectionId: 'late', sessionId: null, direction: 'in' as const, text: `STAT ${i}` })));
      db.close();
      return lines[0]!.seq;
    });
    await verify(page);
    const result = page.getByTestId('integrity-result');
    expect(await result.getAttribute('data-status')).toBe('unsigned');
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('integrity-unsigned').textContent()).toContain(`未签名：原始数据第 ${seq}–${seq + 2} 行（共 3 行）`);
    await page.screenshot({ path: join(screenshotDir(), 'about-integrity-unsigned.zh-CN.png'), fullPage: true });
    // The next start signs what the last run left unsigned.
    await page.reload();
    await verify(page);
    expect(await page.getByTestId('integrity-result').getAttribute('data-status')).toBe('ok');
    await context.close();
  });

  it('a device key replaced in IndexedDB is an alarm on every screen and the first problem found', async () => {
    const { context, seed, page } = await seeded();
    await seed.evaluate(async () => {
      const db = window.erjianSeed.openDb();
      const row = (await db.device.get('device'))!;
      const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      await db.device.put({ ...row, kid: undefined, privateKey: pair.privateKey, publicKeyJwk: await crypto.subtle.exportKey('jwk', pair.publicKey) });
      db.close();
    });
    await page.goto(`${baseUrl}/#/batches`);
    const banner = page.getByTestId('key-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('device-key-changed');
    expect(await banner.textContent()).toContain('疑似篡改');
    await verify(page);
    expect(await page.getByTestId('integrity-result').getAttribute('data-code')).toBe('device-key-changed');
    expect(await page.getByTestId('integrity-break').textContent()).toContain('设备签名密钥已被更换');
    await page.screenshot({ path: join(screenshotDir(), 'about-integrity-key-changed.zh-CN.png'), fullPage: true });
    await context.close();
  });

  it('a wiped database: the notice names the lost device on every start until an admin acknowledges it', async () => {
    const context = await browser().newContext();
    const app = await context.newPage();
    await app.goto(`${baseUrl}/#/about`);
    await expect.poll(() => app.evaluate(() => localStorage.getItem('erjian.deviceId'))).not.toBeNull();
    const lost = (await app.evaluate(() => localStorage.getItem('erjian.deviceId')))!;
    await app.goto(`${baseUrl}/api/health`);
    expect(
      await app.evaluate(
        () =>
          new Promise<string>((done) => {
            const req = indexedDB.deleteDatabase('erjian');
            req.onsuccess = () => done('deleted');
            req.onerror = () => done(String(req.error));
            req.onblocked = () => done('blocked');
          }),
      ),
    ).toBe('deleted');
    for (let start = 0; start < 2; start++) {
      await app.goto(`${baseUrl}/#/`);
      const banner = app.getByTestId('evicted-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('data-device')).toBe(lost);
      expect(await banner.textContent()).toContain(`本机原先的设备 ${lost} 的数据已丢失`);
    }
    await app.getByTestId('lost-ack-by').fill('王管理');
    await app.getByTestId('lost-ack').click();
    await expect.poll(() => app.getByTestId('evicted-banner').count()).toBe(0);
    await app.reload();
    await app.getByTestId('integrity-run').or(app.locator('erjian-home')).first().waitFor();
    expect(await app.getByTestId('evicted-banner').count()).toBe(0);
    const pins = await app.evaluate(() => JSON.parse(localStorage.getItem('erjian.pins:erjian') ?? '{}') as { lost?: Array<{ deviceId: string; acknowledged: { by: string } | null }> });
    expect(pins.lost).toMatchObject([{ deviceId: lost, acknowledged: { by: '王管理' } }]);
    await context.close();
  });
});
