/**
 * The PWA as the browser sees it (issue 5 §4): installable (Chromium's own installability
 * check over CDP), a database upgrade from another tab handled, and a service-worker
 * update offered by prompt — never applied while a verification session runs.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { configWith } from '../../sync-server/src/config.ts';
import { startServer } from '../../sync-server/src/server.ts';
import { launchPersistent, screenshotDir, useBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

/** Waits until the page is controlled by the (precached) service worker. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

describe('the PWA in Chromium', () => {
  it('is installable and precached: the manifest parses, its icons load at their declared sizes, the .wasm kernel is in the precache, Chromium reports no installability error', async () => {
    // A normal profile: Chromium never offers to install from an incognito context.
    const context = await launchPersistent();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseUrl}/`);
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[]; data?: string };
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? '{}') as { name: string; short_name: string; display: string; start_url: string; icons: { src: string; sizes: string; type: string }[] };
    expect(data).toMatchObject({ name: '二检合一 · 水表检定', short_name: '二检合一', display: 'standalone' });
    for (const icon of data.icons.filter((i) => i.type === 'image/png')) {
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = new URL(src, location.href).href;
        await img.decode();
        return `${img.naturalWidth}x${img.naturalHeight}`;
      }, icon.src);
      expect(size, icon.src).toBe(icon.sizes);
    }
    // The precache holds the app and the statistics kernel (.wasm is not in Workbox's default globs).
    const precached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      return urls;
    });
    expect(precached.filter((u) => u.endsWith('.wasm')), precached.join(' ')).toHaveLength(1);
    expect(precached).toContain('/index.html');
    expect(precached.some((u) => u.endsWith('.webmanifest'))).toBe(true);
    // Chromium's own verdict, the one behind its install button.
    const installability = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installability.installabilityErrors).toEqual([]);
    await context.close();
  });

  it('stops writing and asks for a reload when another tab upgrades the database', async () => {
    const context = await browser().newContext();
    const app = await context.newPage();
    await app.goto(`${baseUrl}/#/about`);
    // The app opened its database at start (main.ts); wait until it exists.
    await expect.poll(() => app.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'erjian'))).toBe(true);
    await app.waitForTimeout(300);
    const other = await context.newPage();
    await other.goto(`${baseUrl}/api/health`);
    // A newer app in another tab opens the database at a higher version: IndexedDB fires
    // versionchange in this tab, which must let go — or the upgrade would stay blocked.
    const outcome = await other.evaluate(
      () =>
        new Promise<string>((resolvePromise) => {
          const req = indexedDB.open('erjian', 1000);
          req.onblocked = () => resolvePromise('blocked');
          req.onsuccess = () => {
            req.result.close();
            resolvePromise(`upgraded to ${req.result.version}`);
          };
          req.onerror = () => resolvePromise(`error ${String(req.error)}`);
        }),
    );
    expect(outcome).toBe('upgraded to 1000');
    const banner = app.getByRole('alert').filter({ hasText: '数据库已在另一个窗口升级' });
    await banner.waitFor();
    await app.screenshot({ path: join(screenshotDir(), 'db-upgraded-banner.zh-CN.png') });
    await context.close();
  });

  it('tells the person when the browser threw the database away (eviction, cleared site data)', async () => {
    const context = await browser().newContext();
    const app = await context.newPage();
    await app.goto(`${baseUrl}/#/about`);
    await expect.poll(() => app.evaluate(() => localStorage.getItem('erjian.deviceId'))).not.toBeNull();
    const before = await app.evaluate(() => localStorage.getItem('erjian.deviceId'));
    expect(await app.getByTestId('evicted-banner').count()).toBe(0);
    await app.close();
    // What eviction does: the origin's IndexedDB is gone (localStorage is not quota-managed).
    const other = await context.newPage();
    await other.goto(`${baseUrl}/api/health`);
    expect(await other.evaluate(() => new Promise<string>((done) => {
      const req = indexedDB.deleteDatabase('erjian');
      req.onsuccess = () => done('deleted');
      req.onerror = () => done(String(req.error));
      req.onblocked = () => done('blocked');
    }))).toBe('deleted');
    const again = await context.newPage();
    await again.goto(`${baseUrl}/#/about`);
    const banner = again.getByTestId('evicted-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(before!);
    expect(await banner.textContent()).toContain('已被浏览器清除');
    await again.screenshot({ path: join(screenshotDir(), 'data-evicted-banner.zh-CN.png') });
    await context.close();
  });

  it('offers a new version by prompt, waits while a session runs, and applies it after', async () => {
    // Its own copy of the built app, so the test can publish a "new version" of sw.js.
    const root = mkdtempSync(join(tmpdir(), 'erjian-pwa-'));
    const dist = join(root, 'dist');
    cpSync(resolve('dist'), dist, { recursive: true });
    const server = await startServer({ config: configWith({ dataDir: root, staticRoot: dist }) });
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/#/bench?speed=50`);
      await controlled(page);
      expect(await page.getByTestId('update-banner').count()).toBe(0);

      // A session starts on the demo bench: from now on no update may be applied.
      await page.getByTestId('bench-operator').fill('张工');
      await page.getByTestId('bench-connect').click();
      await expect.poll(() => page.getByTestId('bench-phase').getAttribute('data-phase'), { timeout: 30_000 }).toBe('ready');

      // A new version is published: any byte change of sw.js is a new service worker.
      appendFileSync(join(dist, 'sw.js'), '\n// erjian e2e: version 2\n');
      await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        await reg?.update();
      });
      const banner = page.getByTestId('update-banner');
      await banner.waitFor({ timeout: 30_000 });
      await expect.poll(() => banner.textContent()).toContain('检定进行中');
      expect(await page.getByTestId('update-apply').count()).toBe(0);
      await page.screenshot({ path: join(screenshotDir(), 'update-banner-during-session.zh-CN.png') });

      // The session ends: the person may now update.
      await page.getByRole('button', { name: '断开' }).click();
      await page.getByTestId('update-apply').waitFor();
      const reloaded = page.waitForEvent('load');
      await page.getByTestId('update-apply').click();
      await reloaded;
      await expect
        .poll(() => page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          return reg?.waiting === null && reg.active !== null && navigator.serviceWorker.controller !== null;
        }))
        .toBe(true);
      expect(await page.getByTestId('update-banner').count()).toBe(0);
    } finally {
      await context.close();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
