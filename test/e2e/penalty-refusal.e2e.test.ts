/**
 * The penalty ladder reaches the bench PC (issue 13; docs/penalties.md), in headless Chromium
 * against the built app and a demo server of the test's own:
 *
 *   a bench PC enrols with the demo's one-time code and holds a batch of the demo model
 *   LXS-15E → its certificate may be issued → the regulator records the 1st non-conforming
 *   sampling of LXS-15E (文号 泰市监量〔2026〕12号) → one click on 同步 → the certificate and the
 *   labels of the batch are refused, in Chinese, with the decision's date and 文号 → on the
 *   regulator's penalties tab (zh-CN) the enterprise stands 整批退回 with LXS-15E stopped; the
 *   regulator records the rectification of LXS-15E as accepted → after the next sync the
 *   certificate may be issued again.
 *
 * Time is an input: the server's clock and the pages' clocks are fixed at NOW; the seeded
 * batch was verified the day before. Screenshots: test-output/screens/penalty-*.png.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PersonSession } from '../../sync-server/cli/seed/serverApi.ts';
import { demoMeterTypes } from '../../web/src/ui/bench/demoMeterTypes.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';
import { startDemoServer, type DemoServer } from './demoSyncServer.ts';

const browser = useBrowser();
/** 10:00 on 3 December 2026 in Tai'an */
const NOW = new Date('2026-12-03T02:00:00.000Z');
const TODAY = '2026-12-03';
const BATCH = 'LXS-15E-1202';
const MODEL = 'LXS-15E';
const REFERENCE = '泰市监量〔2026〕12号';
const REFUSAL = `型号 ${MODEL} 已于 ${TODAY} 因抽检不合格暂停生产、出厂和销售（文号 ${REFERENCE}），整改验收前不得出具二检合一证书或标签。`;

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer(NOW);
});
afterAll(async () => {
  await demo?.close();
});

const shoot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(screenshotDir(), `penalty-${name}.png`), fullPage });

/** One click on 同步, and the sync has ended (its pull is applied before its push starts). */
async function sync(page: Page): Promise<void> {
  const button = page.getByTestId('sync-button');
  await expect.poll(() => button.isEnabled(), { timeout: 20_000, message: 'the 同步 button is ready' }).toBe(true);
  const pulled = page.waitForResponse((r) => r.url().includes('/api/sync/pull') && r.status() === 200, { timeout: 60_000 });
  await button.click();
  await pulled;
  await expect.poll(async () => (await button.getAttribute('aria-busy')) === 'false' && (await button.isEnabled()), { timeout: 60_000, message: 'the sync ended' }).toBe(true);
}

/** Opens the batch's certificate afresh (a hash already shown is loaded again, not kept). */
async function openCertificate(page: Page): Promise<void> {
  await page.goto(`${demo.url}/#/batches/${BATCH}/certificate`);
  await page.reload();
  await page.getByTestId('certificate').waitFor({ timeout: 20_000 });
}

async function benchPc(): Promise<{ context: BrowserContext; page: Page }> {
  // No service worker: the seed page (same origin, the app's IndexedDB) is routed by the test.
  const context = await browser().newContext({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN', serviceWorkers: 'block' });
  await context.clock.setFixedTime(NOW);
  const seed = await openSeedPage(context, demo.url);
  const seeded = await seed.evaluate(
    ({ batchId, type }) => window.erjianSeed.seedBatch({ batchId, meters: 12, meterType: type, lastDay: '2026-12-02', days: 1, benches: ['BENCH-01'], positions: 6 }),
    { batchId: BATCH, type: demoMeterTypes.find((t) => t.model === MODEL)! },
  );
  expect(seeded).toMatchObject({ meters: 12, failed: 0 });
  await seed.close();
  const page = await context.newPage();
  await page.goto(`${demo.url}/#/sync`);
  const pulled = page.waitForResponse((r) => r.url().includes('/api/sync/pull') && r.status() === 200, { timeout: 60_000 });
  await page.getByTestId('enrol-demo').click();
  await pulled;
  await expect.poll(async () => (await page.getByTestId('sync-button').getAttribute('aria-busy')) === 'false', { timeout: 60_000, message: 'the PC enrolled and its first sync ended' }).toBe(true);
  return { context, page };
}

it('after the 1st non-conforming sampling the bench PC refuses the blocked model, in Chinese with date and 文号; the regulator accepts the rectification and it issues again', { timeout: 300_000 }, async () => {
  const { context, page } = await benchPc();
  try {
    // Before: the batch of LXS-15E may be certified.
    await openCertificate(page);
    await page.getByTestId('cert-issue').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('cert-blocked').count()).toBe(0);

    // The regulator records the 1st non-conforming sampling of the model.
    const regulator = await PersonSession.signIn(demo.url, 'regulator', 'demo');
    await regulator.request('POST', '/api/supervision/penalties/demo/events', {
      type: 'non-conforming-sampling',
      date: TODAY,
      reason: '双随机抽检 S-2026-12：批次 LXS-15E-1128 抽样 8 只，不合格 1 只',
      decidedBy: '泰安市市场监督管理局',
      reference: REFERENCE,
      samplingId: 'S-2026-12',
      batchId: 'LXS-15E-1128',
      model: MODEL,
    });

    // Not yet synced: this PC does not know yet.
    await openCertificate(page);
    await page.getByTestId('cert-issue').waitFor({ timeout: 20_000 });
    await sync(page);

    // The certificate: refused, the reason in Chinese with the decision's date and 文号, no issue button.
    await openCertificate(page);
    await page.getByTestId('cert-blocked').waitFor({ timeout: 20_000 });
    const reason = page.locator('[data-testid=cert-block][data-code="model-blocked"]');
    expect((await reason.textContent())?.trim()).toBe(REFUSAL);
    expect(await page.getByTestId('cert-block').count()).toBe(1);
    expect(await page.getByTestId('cert-issue').count()).toBe(0);
    await shoot(page, 'certificate-refused.zh-CN');

    // The labels: refused with the same sentence, no label printed.
    await page.goto(`${demo.url}/#/batches/${BATCH}/labels`);
    await page.getByTestId('labels-blocked').waitFor({ timeout: 20_000 });
    expect((await page.locator('[data-testid=labels-blocked] li[data-code="model-blocked"]').textContent())?.trim()).toBe(REFUSAL);
    expect(await page.getByTestId('labels-sheet').count()).toBe(0);
    await shoot(page, 'labels-refused.zh-CN');

    // The regulator's penalties tab, in Chinese.
    const desk = await browser().newContext({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN', serviceWorkers: 'block' });
    try {
      await desk.clock.setFixedTime(NOW);
      const reg = await desk.newPage();
      await reg.goto(`${demo.url}/#/regulator?tab=penalties`);
      await reg.getByTestId('admin-login').waitFor({ timeout: 15_000 });
      await reg.locator('erjian-admin-login #username').fill('regulator');
      await reg.locator('erjian-admin-login #password').fill('demo');
      await reg.locator('erjian-admin-login button[type="submit"]').click();
      await reg.getByTestId('pen-standing').waitFor({ timeout: 15_000 });
      expect(await reg.getByTestId('pen-standing').textContent()).toBe('整批退回');
      expect(await reg.locator('[data-testid=pen-row][data-enterprise=demo]').innerText()).toContain(MODEL);
      const blocked = await reg.getByTestId('pen-blocked').innerText();
      expect(blocked).toContain(MODEL);
      expect(blocked).toContain(`${TODAY} 起暂停`);
      expect(blocked).toContain(REFERENCE);
      const events = reg.getByTestId('pen-event');
      expect(await events.count()).toBe(1);
      const row = await events.first().innerText();
      for (const words of [TODAY, '抽检不合格', '正常 → 整批退回', '泰安市市场监督管理局', REFERENCE, '市场监管局（演示）', `${TODAY} 10:00`]) expect(row).toContain(words);
      await shoot(reg, 'regulator.zh-CN', true);

      // The regulator accepts the rectification of LXS-15E.
      await reg.getByTestId('pen-type-rectification-passed').click();
      await reg.getByTestId('pen-f-reference').fill('泰市监量〔2026〕13号');
      await reg.getByTestId('pen-f-reason').fill('整改报告及复检合格，同意恢复');
      await reg.getByTestId('pen-submit').click();
      await expect.poll(() => reg.getByTestId('pen-standing').textContent(), { timeout: 15_000 }).toBe('正常');
      expect(await reg.getByTestId('pen-note').textContent()).toContain('整改验收合格');
      expect(await reg.getByTestId('pen-event').count()).toBe(2);
      expect(await reg.getByTestId('pen-no-blocked').isVisible()).toBe(true);
      // The ladder refuses what the standing does not admit: a normal enterprise has no rectification to fail.
      expect(await reg.getByTestId('pen-type-rectification-failed').count()).toBe(0);
      await shoot(reg, 'regulator-accepted.zh-CN', true);
      // The same tab in English.
      await reg.getByTestId('lang-switch').click();
      await expect.poll(() => reg.getByTestId('pen-standing').textContent(), { timeout: 10_000 }).toBe('Normal');
      expect(await reg.getByTestId('pen-event').first().innerText()).toContain('Non-conforming sampling');
      await shoot(reg, 'regulator-accepted.en', true);
    } finally {
      await desk.close();
    }

    // After the next sync the PC may issue again.
    await sync(page);
    await openCertificate(page);
    await page.getByTestId('cert-issue').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('cert-blocked').count()).toBe(0);
  } finally {
    await context.close();
  }
});
