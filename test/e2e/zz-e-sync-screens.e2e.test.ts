// TEMPORARY (engineer E): screenshots of the sync screens for review; deleted after use.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { configWith } from '../../sync-server/src/config.ts';
import { startServer } from '../../sync-server/src/server.ts';
import { useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const browser = useBrowser();
const out = '/tmp/e-shots';

it('sync screens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e-shots-'));
  const running = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: '/tmp/e-dist', demo: true, publicBaseUrl: 'https://lookup.taian.example.cn' }) });
  try {
    const context = await browser().newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai' });
    const today = new Date(Date.now() - 16 * 3600_000).toISOString().slice(0, 10);
    const seed = await openSeedPage(context, running.url);
    const r = await seed.evaluate(async ({ today }) => window.erjianSeed.seedBatch({ batchId: 'B-DEMO', meters: 12, failEvery: 5, lastDay: today, positions: 6, days: 1 }), { today });
    console.log('seeded', r);
    await seed.close();
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
    await page.goto(`${running.url}/#/sync`);
    await page.getByTestId('enrol-form').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/1-sync-not-enrolled.png` });
    await page.getByTestId('enrol-demo').click();
    await page.getByTestId('sync-state').filter({ hasText: /已全部同步|同步完成|同步未完成|未同步|被拒绝/ }).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('erjian-app')?.shadowRoot?.querySelector('erjian-sync-button')?.shadowRoot?.querySelector('button[disabled]'), null, { timeout: 60_000 });
    await page.waitForTimeout(800);
    console.log('state:', await page.getByTestId('sync-state').textContent());
    await page.screenshot({ path: `${out}/2-sync-enrolled.png`, fullPage: true });
    await page.goto(`${running.url}/#/batches/B-DEMO`);
    await page.getByTestId('meters-table').waitFor();
    await page.waitForTimeout(800);
    await page.getByTestId('meters-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${out}/3-batch.png` });
    const marks = await page.getByTestId('sync-mark').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-status')}:${e.getAttribute('data-reason') ?? ''}`));
    console.log('marks', marks.join(' '));
    const serial = (await page.getByTestId('meter-row').first().locator('a').textContent())!.trim();
    await page.goto(`${running.url}/#/meters/${encodeURIComponent(serial)}`);
    await page.getByTestId('meter-sync').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/4-meter.png` });
    await page.goto(`${running.url}/#/batches/B-DEMO/labels`);
    await page.waitForTimeout(1500);
    const urls = await page.getByTestId('label-qr').evaluateAll((els) => els.map((e) => e.getAttribute('data-url')));
    console.log('label urls', urls.slice(0, 3));
    await page.screenshot({ path: `${out}/5-labels.png` });
    await page.goto(`${running.url}/#/batches/B-DEMO/certificate`);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/6-certificate.png` });
    await page.evaluate(() => localStorage.setItem('erjian.locale', 'en'));
    await page.goto(`${running.url}/#/sync`);
    await page.reload();
    await page.waitForTimeout(1200);
    await page.screenshot({ path: `${out}/7-sync-en.png`, fullPage: true });
    expect(urls.length).toBeGreaterThanOrEqual(0);
    await context.close();
  } finally {
    await running.close();
  }
});
