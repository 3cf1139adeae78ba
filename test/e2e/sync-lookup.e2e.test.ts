/**
 * The pilot's path from bench to public (issue 12; docs/sync.md, docs/lookup.md), in headless
 * Chromium against the built app and a real sync server with a real SQLite file:
 *
 *   the bench PC enrols with the demo's one-time code → the network goes → a demo-bench
 *   session runs offline and its verdicts are stored (本地, counted on the 同步 button) → the
 *   network returns → one click on 同步 → every record is 已同步, the server holds and has
 *   re-verified them → a phone (390 × 844) opens the label's address /lookup/<serial> and
 *   reads 合格 and 有效期至 on its first screen.
 *
 * Time is an input: the page's clock starts at BENCH_MORNING (then runs, for the demo bench's
 * timers); the server's clock is fixed a day later, so every device time lies before its
 * receipt and the demo authorisation (dated by the server's clock) is in force.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configWith } from '../../sync-server/src/config.ts';
import { startServer, type RunningServer } from '../../sync-server/src/server.ts';
import { BENCH_MORNING, connect, mount, tightnessValid, waitPhase } from '../support/benchPage.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';

const browser = useBrowser();
const dist = resolve(process.env.ERJIAN_DIST ?? 'dist');
const SERVER_NOW = new Date(BENCH_MORNING.getTime() + 24 * 3600_000);
const BATCH = 'LXS-15E-SYNC-E2E';
const SERIALS = ['SY24A001', 'SY24A002', 'SY24A003'];

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'erjian-sync-e2e-'));
  server = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: dist, demo: true, nqiUrl: 'embedded' }), clock: () => new Date(SERVER_NOW) });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a demo session offline, then online, one click on 同步, and the phone lookup shows the meter', { timeout: 300_000 }, async () => {
  const context = await browser().newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  try {
    await context.clock.install({ time: BENCH_MORNING });
    const page = await context.newPage();
    const url = server.url;

    // Enrol this PC with the demo's one-time code (online).
    await page.goto(`${url}/#/sync`);
    await page.getByTestId('enrol-demo').click();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 60_000, message: 'the PC enrolled and its first sync finished' }).toMatch(/已全部同步|同步完成(?!，)/);

    // The network goes; the bench session runs on the demo bench in the page.
    await context.setOffline(true);
    await page.goto(`${url}/#/bench?speed=3000&positions=3`);
    await page.getByTestId('bench-connect').waitFor({ timeout: 30_000 });
    await page.getByTestId('bench-operator').fill('张工');
    await page.getByTestId('bench-batch').fill(BATCH);
    await connect(page);
    for (const [i, serial] of SERIALS.entries()) await mount(page, i + 1, serial);
    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    await waitPhase(page, 'done', 'the offline session stored its verdicts', 200_000);
    await page.getByTestId('bench-disconnect').click();

    // Offline: the records are local, and counted on the button.
    await expect.poll(async () => Number((await page.getByTestId('sync-count').textContent()) ?? '0'), { timeout: 20_000, message: 'unsynced records counted on the 同步 button while offline' }).toBeGreaterThanOrEqual(SERIALS.length);
    await page.goto(`${url}/#/batches/${BATCH}`);
    await page.getByTestId('meters-table').waitFor({ timeout: 20_000 });
    const marksOffline = await page.getByTestId('sync-mark').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(marksOffline.length).toBe(SERIALS.length);
    expect(marksOffline.every((s) => s === 'local')).toBe(true);
    expect(countOnServer(SERIALS)).toBe(0);

    // The network returns: one click.
    await context.setOffline(false);
    await page.getByTestId('sync-button').click();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 90_000, message: 'the sync after the network returned finished with everything accepted' }).toMatch(/已全部同步|同步完成(?!，)/);
    await expect.poll(async () => (await page.getByTestId('sync-count').textContent())?.trim(), { timeout: 20_000, message: 'nothing left to sync' }).toBe('0');
    await page.reload();
    await page.getByTestId('meters-table').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId('sync-mark').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))), { timeout: 20_000, message: 'every meter of the batch marked 已同步' })
      .toEqual(SERIALS.map(() => 'synced'));
    expect(countOnServer(SERIALS)).toBe(SERIALS.length);

    // A phone opens the label's address.
    const phone = await browser().newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      await phone.clock.setFixedTime(SERVER_NOW);
      const lookup = await phone.newPage();
      await lookup.goto(`${url}/lookup/${SERIALS[0]}`);
      const conclusion = lookup.getByText('合格', { exact: true }).first();
      await conclusion.waitFor({ timeout: 20_000 });
      const body = (await lookup.locator('body').innerText()).replace(/\s+/g, ' ');
      expect(body).toContain(SERIALS[0]);
      expect(body).toMatch(/有效期至/);
      const box = await conclusion.boundingBox();
      expect(box, 'the conclusion is laid out').not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
      const overflow = await lookup.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await lookup.screenshot({ path: join(screenshotDir(), 'sync-lookup-phone.png') });
    } finally {
      await phone.close();
    }
  } finally {
    await context.close();
  }
});

/** Verifications of these serials the server holds (its own SQLite file, read-only). */
function countOnServer(serials: readonly string[]): number {
  const db = new Database(server.deps.config.dbFile, { readonly: true });
  try {
    const row = db.prepare(`SELECT count(*) AS n FROM public_meters WHERE serial IN (${serials.map(() => '?').join(',')})`).get(...serials) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}
