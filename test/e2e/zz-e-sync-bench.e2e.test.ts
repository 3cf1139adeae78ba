// TEMPORARY (engineer E): the demo bench → enrol → sync → certificate → labels, with screenshots; deleted after use.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { configWith } from '../../sync-server/src/config.ts';
import { startServer } from '../../sync-server/src/server.ts';
import { useBrowser } from '../support/browser.ts';
import { connect, mount, tightnessValid, waitPhase } from '../support/benchPage.ts';

const browser = useBrowser();
const out = '/tmp/e-shots';
const BATCH = 'LXS-15E-DEMO-A';

it('demo bench to sync', { timeout: 400_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e-shots-'));
  const running = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: '/tmp/e-dist', demo: true, publicBaseUrl: 'https://lookup.taian.example.cn' }) });
  const url = running.url;
  try {
    const context = await browser().newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${url}/#/bench?speed=3000&positions=3`);
    await page.getByTestId('bench-connect').waitFor({ timeout: 30_000 });
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
    await page.getByTestId('bench-operator').fill('张工');
    await page.getByTestId('bench-batch').fill(BATCH);
    await connect(page);
    for (let pos = 1; pos <= 3; pos++) await mount(page, pos, `SYNC-A-${pos}`);
    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    await waitPhase(page, 'done', 'verdicts stored', 150_000);
    await page.getByTestId('bench-disconnect').click();
    await page.waitForTimeout(1500);
    console.log('before enrol:', await page.getByTestId('sync-state').textContent());
    await page.screenshot({ path: `${out}/8-bench-done.png` });
    await page.goto(`${url}/#/batches/${BATCH}/certificate`);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/9-certificate-before-pull.png` });

    await page.goto(`${url}/#/sync`);
    await context.route('**/api/sync/push', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.getByTestId('enrol-demo').click();
    await page.getByTestId('sync-progress').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3400);
    await page.evaluate(() => window.scrollTo(0, 0));
    console.log('progress:', await page.getByTestId('sync-state').textContent());
    await page.screenshot({ path: `${out}/10a-progress.png`, clip: { x: 0, y: 0, width: 1366, height: 200 } });
    await context.unroute('**/api/sync/push');
    await page.getByTestId('sync-state').filter({ hasText: /已全部同步|同步完成|同步未完成|被拒绝/ }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    console.log('after sync:', await page.getByTestId('sync-state').textContent());
    await page.screenshot({ path: `${out}/10-synced.png`, fullPage: true });
    await page.goto(`${url}/#/batches/${BATCH}`);
    await page.getByTestId('meters-table').waitFor();
    await page.waitForTimeout(800);
    const marks = await page.getByTestId('sync-mark').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-status')}:${e.getAttribute('data-reason') ?? ''}`));
    console.log('marks', marks.join(' '));
    await page.getByTestId('meters-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${out}/11-batch-synced.png` });
    await page.goto(`${url}/#/batches/${BATCH}/certificate`);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/12-certificate-after-pull.png` });
    const issue = page.getByTestId('cert-issue');
    console.log('issue button:', await issue.count());
    if ((await issue.count()) > 0) {
      const approver = page.getByTestId('cert-approver');
      if ((await approver.count()) > 0) await approver.fill('李批准');
      await issue.click();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${out}/12b-certificate-issued.png` });
    }
    await page.goto(`${url}/#/batches/${BATCH}/labels`);
    await page.waitForTimeout(1500);
    const urls = await page.getByTestId('label-qr').evaluateAll((els) => els.map((e) => e.getAttribute('data-url')));
    console.log('label urls', urls);
    await page.screenshot({ path: `${out}/13-labels.png` });
    console.log('before 2nd sync:', await page.getByTestId('sync-state').textContent());
    await page.getByTestId('sync-button').click();
    await page.getByTestId('sync-state').filter({ hasText: /已全部同步|同步完成|同步未完成|被拒绝/ }).waitFor({ timeout: 60_000 });
    console.log('after 2nd sync:', await page.getByTestId('sync-state').textContent());
    await page.goto(`${url}/#/sync`);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${out}/14-synced-after-certificate.png` });
    expect(marks.length).toBeGreaterThan(0);
    await context.close();
  } finally {
    await running.close();
  }
});
