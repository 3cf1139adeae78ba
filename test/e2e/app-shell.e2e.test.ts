import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { computeSoftwareId } from '../../web/build/softwareId.ts';
import { defaultProfileRef } from '../../web/build/profileRef.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

describe('the built app', () => {
  it('loads in Chinese by default, with its title', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${baseUrl}/`);
    await expect.poll(() => page.title()).toBe('二检合一 · 水表检定');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('二检合一 · 水表检定');
    await page.screenshot({ path: join(screenshotDir(), 'home.zh-CN.png') });
    await page.close();
  });

  it('switches to English and remembers the choice across a reload', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('Erjian · Water meter verification');
    await page.reload();
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('Erjian · Water meter verification');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });

  it('shows the software identification and profile in the About panel', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${baseUrl}/#/about`);
    const id = computeSoftwareId();
    const profile = defaultProfileRef();
    await expect.poll(() => page.getByTestId('sw-sha256').textContent()).toBe(id.sha256);
    expect(await page.getByTestId('sw-version').textContent()).toBe(id.version);
    expect(await page.getByTestId('profile').textContent()).toBe(`${profile.id} · ${profile.version}`);
    await page.screenshot({ path: join(screenshotDir(), 'about.zh-CN.png') });
    await page.close();
  });

  it('answers /api/health from the sync server with the same software identification', async () => {
    const res = await fetch(`${baseUrl}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; software: { sha256: string }; db: { engine: string } };
    expect(body.status).toBe('ok');
    expect(body.software.sha256).toBe(computeSoftwareId().sha256);
    expect(body.db.engine).toBe('sqlite');
  });

  it('reloads without a network once the service worker has precached it (kernel included)', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The first load is not yet controlled; precaching is done once the worker is active.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.goto(`${baseUrl}/#/stats?n=1000`);
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('二检合一 · 水表检定');
    await page.getByTestId('stats-run').click();
    await expect.poll(() => page.getByTestId('stats-engine').textContent(), { timeout: 30_000 }).toBe('WASM');
    await context.close();
  });
});

