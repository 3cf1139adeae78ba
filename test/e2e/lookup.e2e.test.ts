/**
 * The public lookup page in headless Chromium at a phone's size (issue 12 §6, docs/lookup.md):
 * what a label's QR code opens. Its own server here (the real one, a real SQLite file, the
 * built dist/), so the test can put the meters it looks at into `public_meters` and a recall
 * into `recalls` as the sync ingest and the recall workflow would.
 *
 * At 390 × 844: nothing overflows sideways (the document and every element), the conclusion
 * and 有效期至 are on the first screen, a zh-CN reader sees no English but the switch, and
 * the page loads neither the operator app's bundle nor a service worker nor a database. The
 * screenshots (test-output/screens/lookup-*.png) are for a person to look at.
 *
 * The browser's clock is fixed (playwright `clock.setFixedTime`): "expired" never depends on the day the test runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith } from '../../sync-server/src/config.ts';
import { startServer, type RunningServer } from '../../sync-server/src/server.ts';
import { insertPublicMeter, insertRecall, publicMeterRow } from '../../sync-server/src/lookup/fixtures.ts';
import type { PublicMeterRow } from '../../sync-server/src/db/tables/sync.ts';
import { lookupUrl } from '../../web/src/ui/certificate/lookupUrl.ts';
import { launchPersistent, screenshotDir, useBrowser } from '../support/browser.ts';

const browser = useBrowser();
const phone = { width: 390, height: 844 };
/** 10:00 on 10 March 2026 in Tai'an */
const NOW = new Date('2026-03-10T02:00:00.000Z');
const dist = resolve(process.env.ERJIAN_DIST ?? 'dist');

let dir: string;
let server: RunningServer;
const rows: PublicMeterRow[] = [];

function meter(overrides: Parameters<typeof publicMeterRow>[0]): PublicMeterRow {
  const row = insertPublicMeter(server.db, publicMeterRow(overrides));
  rows.push(row);
  return row;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'erjian-lookup-e2e-'));
  server = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: dist, lookupRatePerMinute: 10_000 }), clock: () => NOW });
  meter({ serial: 'LXS15-2026-000123' });
  meter({ serial: '24A00109', superseded_by: 'verif-internal-replacement', verification_date: '2026-03-01', valid_until: '2032-02-28' });
  meter({ serial: '24A00109', verification_id: 'verif-internal-replacement', created_at: '2026-03-03T01:00:00.000Z', verification_date: '2026-03-03', valid_until: '2032-03-02' });
  meter({ serial: 'RC-0001', integrity: 'broken' });
  insertRecall(server.db, { id: 'RC-2026-001', enterprise_id: 'ent-internal-taian-01', issued_on: '2026-03-08', reason: '计数器齿轮可能卡滞，读数偏慢', action: '请联系制造单位免费更换水表，更换前照常使用', created_at: '2026-03-08T01:00:00.000Z' }, [
    { serial: 'RC-0001', status: 'affected' },
  ]);
  meter({ serial: 'FAIL-0001', conclusion: '不合格', valid_until: null });
  meter({ serial: 'OLD-0001', verification_date: '2020-03-01', valid_until: '2026-02-28', production_date: '2020-02-01' });
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function phonePage(options: { zone?: string } = {}): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser().newContext({ viewport: phone, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: options.zone ?? 'Asia/Shanghai' });
  await context.clock.setFixedTime(NOW);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  return { context, page, requests };
}

/** Opens a lookup URL and waits until the page has its answer (or the search box). */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="verdict"], [data-testid="search"], .notice', { timeout: 10_000 });
}

/** Every element that sticks out sideways at this width, described for the failure message. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) bad.push(`document ${doc.scrollWidth} > ${doc.clientWidth}`);
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const name = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replace(/ /g, '.')}` : ''} "${(el.textContent ?? '').slice(0, 30)}"`;
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth) bad.push(`${name}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
      if (r.right > doc.clientWidth + 0.5 || r.left < -0.5) bad.push(`${name}: ${r.left}–${r.right} outside 0–${doc.clientWidth}`);
    }
    return bad;
  });
}

/** The bottom of the element, which must be on the first screen. */
async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return box.y + box.height;
}

/** Visible text a zh-CN reader sees that holds a Latin word, leaving out the meter's own values and the switch to English. */
async function englishInChinesePage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[data-value], [lang="en"], noscript') || !el.checkVisibility()) continue;
      if (/[A-Za-z]{2,}/.test(n.textContent ?? '')) found.push(n.textContent ?? '');
    }
    for (const input of Array.from(document.querySelectorAll('input'))) if (/[A-Za-z]{2,}/.test(input.placeholder)) found.push(input.placeholder);
    if (/[A-Za-z]{2,}/.test(document.title.replace(/^[0-9A-Z-]+ · /, ''))) found.push(document.title);
    return found;
  });
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `lookup-${name}.png`), fullPage: false });
}

describe('the public lookup page on a phone (390 × 844)', () => {
  it('shows a found meter: 合格 and 有效期至 large on the first screen, then the Annex-2 fields; nothing overflows; no English for a zh-CN reader', async () => {
    const { context, page, requests } = await phonePage();
    await open(page, lookupUrl('LXS15-2026-000123', server.url));
    expect(await page.getByTestId('conclusion').textContent()).toBe('合格');
    expect(await page.getByTestId('valid-until').textContent()).toBe('2032年3月1日');
    expect(await bottomOf(page, '[data-testid="conclusion"]')).toBeLessThanOrEqual(phone.height);
    expect(await bottomOf(page, '[data-testid="valid-until"]')).toBeLessThanOrEqual(phone.height);
    // Readable at a glance: the two answers are the largest text on the page.
    const sizes = await page.evaluate(() => ['conclusion', 'valid-until'].map((id) => parseFloat(getComputedStyle(document.querySelector(`[data-testid="${id}"]`)!).fontSize)));
    expect(sizes[0]).toBeGreaterThanOrEqual(40);
    expect(sizes[1]).toBeGreaterThanOrEqual(26);
    const fields = await page.getByTestId('fields').innerText();
    for (const v of ['计量器具名称', '冷水水表', '规格型号', 'LXS-15E', '出厂编号', 'LXS15-2026-000123', '准确度等级', '2级', '制造单位', '泰安示例水表有限公司', '生产日期', '2026年2月20日', '检定日期', '2026年3月2日', '检定机构', '泰安市法定计量检定机构（演示）']) {
      expect(fields).toContain(v);
    }
    await expect.poll(() => page.getByTestId('integrity-ok').isVisible()).toBe(true);
    expect(await page.locator('[data-testid="expired"]').count()).toBe(0);
    expect(await overflowing(page)).toEqual([]);
    expect(await englishInChinesePage(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.title()).toBe('LXS15-2026-000123 · 水表检定信息查询');
    // Nothing internal in the page, its markup included.
    const html = await page.content();
    for (const r of rows) for (const v of [r.verification_id, r.device_id, r.enterprise_id, r.batch_id, r.record_hash, r.received_at]) expect(html).not.toContain(v);
    // Light: its own script and style, no operator bundle, no service worker, no database.
    const scripts = requests.filter((p) => p.endsWith('.js'));
    expect(scripts.some((p) => /\/assets\/lookup-[\w-]+\.js$/.test(p)), scripts.join(' ')).toBe(true);
    expect(scripts.filter((p) => /\/assets\/index-|sw\.js|workbox|registerSW|stats/.test(p))).toEqual([]);
    expect(requests).not.toContain('/manifest.webmanifest');
    expect(await page.locator('link[rel="manifest"]').count()).toBe(0);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    const jsBytes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js'))
        .reduce((sum, e) => sum + (e as PerformanceResourceTiming).decodedBodySize, 0),
    );
    expect(jsBytes).toBeLessThan(40_000);
    await shoot(page, 'found-zh');
    await context.close();
  });

  it('shows the same meter in English with ?lang=en, and the switch goes back to Chinese without a reload', async () => {
    const { context, page } = await phonePage();
    await open(page, `${lookupUrl('LXS15-2026-000123', server.url)}?lang=en`);
    expect(await page.getByTestId('conclusion').textContent()).toBe('Passed');
    expect(await page.getByTestId('valid-until').textContent()).toBe('2032-03-01');
    expect(await page.getByTestId('fields').innerText()).toContain('Manufacturer');
    expect(await bottomOf(page, '[data-testid="valid-until"]')).toBeLessThanOrEqual(phone.height);
    expect(await overflowing(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shoot(page, 'found-en');
    await page.locator('#lang-switch').click();
    expect(await page.getByTestId('conclusion').textContent()).toBe('合格');
    expect(new URL(page.url()).search).toBe('');
    expect(await englishInChinesePage(page)).toEqual([]);
    await page.locator('#lang-switch').click();
    expect(new URL(page.url()).search).toBe('?lang=en');
    await context.close();
  });

  it('shows the newest current record of a re-verified meter, whatever spelling the address has', async () => {
    const { context, page } = await phonePage();
    await open(page, `${server.url}/lookup/24a00109`);
    expect(await page.getByTestId('valid-until').textContent()).toBe('2032年3月2日');
    expect(await page.getByTestId('fields').innerText()).toContain('2026年3月3日');
    await context.close();
  });

  it('puts a recall notice and a broken-integrity warning first, and still the conclusion and 有效期 on the first screen', async () => {
    for (const [locale, suffix] of [['zh', ''], ['en', '?lang=en']] as const) {
      const { context, page } = await phonePage();
      await open(page, `${lookupUrl('RC-0001', server.url)}${suffix}`);
      const recall = page.getByTestId('notice-recall');
      expect(await recall.isVisible()).toBe(true);
      const recallText = await recall.innerText();
      expect(recallText).toContain(locale === 'zh' ? '召回通知' : 'Recall notice');
      expect(recallText).toContain('请联系制造单位免费更换水表');
      expect(recallText).toContain('计数器齿轮可能卡滞');
      expect(recallText).toContain(locale === 'zh' ? '2026年3月8日' : '2026-03-08');
      expect(await page.getByTestId('notice-warning').innerText()).toContain(locale === 'zh' ? '完整性校验' : 'integrity check');
      expect(await page.locator('[data-testid="integrity-ok"]').count()).toBe(0);
      // The recall comes before the verdict.
      expect((await recall.boundingBox())!.y).toBeLessThan((await page.getByTestId('verdict').boundingBox())!.y);
      expect(await bottomOf(page, '[data-testid="conclusion"]')).toBeLessThanOrEqual(phone.height);
      expect(await bottomOf(page, '[data-testid="valid-until"]')).toBeLessThanOrEqual(phone.height);
      expect(await overflowing(page)).toEqual([]);
      if (locale === 'zh') expect(await englishInChinesePage(page)).toEqual([]);
      await shoot(page, `recalled-${locale}`);
      await context.close();
    }
  });

  it('shows a failed meter in red with no 有效期, and an expired one as expired in Tai\'an\'s date', async () => {
    const { context, page } = await phonePage({ zone: 'America/Los_Angeles' });
    await open(page, lookupUrl('FAIL-0001', server.url));
    expect(await page.getByTestId('conclusion').textContent()).toBe('不合格');
    expect(await page.getByTestId('valid-until').textContent()).toBe('无（检定不合格）');
    const colour = await page.getByTestId('conclusion').evaluate((el) => getComputedStyle(el).color);
    expect(colour).toBe('rgb(183, 28, 28)');
    expect(await overflowing(page)).toEqual([]);
    await shoot(page, 'failed-zh');
    await open(page, lookupUrl('OLD-0001', server.url));
    expect(await page.getByTestId('expired').textContent()).toBe('已超过有效期');
    await context.close();
  });

  it('says 未找到该表号的检定信息 for an unknown serial, keeps it in the search box, and the search box finds another meter', async () => {
    for (const [locale, suffix] of [['zh', ''], ['en', '?lang=en']] as const) {
      const { context, page } = await phonePage();
      await open(page, `${lookupUrl('NO-SUCH-0001', server.url)}${suffix}`);
      const notice = await page.locator('.notice').innerText();
      expect(notice).toContain(locale === 'zh' ? '未找到该表号的检定信息' : 'No verification information for this serial number');
      expect(await page.getByTestId('serial-input').inputValue()).toBe('NO-SUCH-0001');
      expect(await overflowing(page)).toEqual([]);
      if (locale === 'zh') expect(await englishInChinesePage(page)).toEqual([]);
      await shoot(page, `not-found-${locale}`);
      await page.getByTestId('serial-input').fill('ｌｘｓ15-2026-000123');
      await page.getByTestId('serial-input').press('Enter');
      await page.waitForSelector('[data-testid="verdict"]', { timeout: 10_000 });
      expect(new URL(page.url()).pathname).toBe('/lookup/LXS15-2026-000123');
      expect(new URL(page.url()).search).toBe(suffix);
      await context.close();
    }
  });

  it('offers the search box at /lookup, and says in Chinese what is wrong with a serial before asking the server', async () => {
    const { context, page, requests } = await phonePage();
    await open(page, `${server.url}/lookup`);
    expect(await page.locator('.intro').isVisible()).toBe(true);
    expect(await overflowing(page)).toEqual([]);
    expect(await englishInChinesePage(page)).toEqual([]);
    await shoot(page, 'search-zh');
    await page.getByTestId('serial-input').fill('24A 00109');
    await page.getByTestId('serial-input').press('Enter');
    expect(await page.getByTestId('search-problem').textContent()).toContain('不能有空格');
    expect(requests.filter((p) => p.startsWith('/api/'))).toEqual([]);
    await context.close();
  });

  it('asks to try later when the address has looked up too much (429)', async () => {
    const limited = await startServer({ config: configWith({ dataDir: join(dir, 'data-limited'), staticRoot: dist, lookupRatePerMinute: 1 }), clock: () => NOW });
    try {
      insertPublicMeter(limited.db, publicMeterRow({ serial: 'RL-0001' }));
      const { context, page } = await phonePage();
      await open(page, lookupUrl('RL-0001', limited.url));
      expect(await page.getByTestId('conclusion').textContent()).toBe('合格');
      await open(page, lookupUrl('RL-0002', limited.url));
      const notice = await page.locator('.notice').innerText();
      expect(notice).toContain('查询过于频繁');
      expect(notice).toMatch(/请在 \d+ 秒后再试/);
      expect(await englishInChinesePage(page)).toEqual([]);
      expect(await overflowing(page)).toEqual([]);
      await shoot(page, 'rate-limited-zh');
      await context.close();
    } finally {
      await limited.close();
    }
  });

  it('opens the lookup, not the operator app, on a PC where the operator app\'s service worker is installed', async () => {
    const context = await launchPersistent();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.url}/`);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      for (const path of ['/lookup/LXS15-2026-000123', '/lookup', '/lookup?lang=en']) {
        await page.goto(`${server.url}${path}`);
        await page.waitForSelector('#lookup > *, erjian-app', { timeout: 10_000 });
        expect(await page.locator('erjian-app').count(), `${path} opened the operator app`).toBe(0);
      }
      expect(await page.getByTestId('search').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });
});
