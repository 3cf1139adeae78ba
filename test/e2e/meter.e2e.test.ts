/**
 * The meter record screen on a seeded batch (40 meters, every 10th failing at Q1): every
 * figure on the screen is recomputed here, in Node, by the rules engine from the stored
 * record; the record's integrity is OK. Then one raw line is altered in IndexedDB, and the
 * meter screen and the About panel's whole-chain check both name that line's seq.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultProfile, evaluateRun, meterVerdict, roundHalfEven, validUntil } from '../../web/src/domain/index.ts';
import type { VerificationRecord } from '../../web/src/store/recordTypes.ts';
import { launchBrowser, screenshotDir } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let seed: Page;
let page: Page;
let serials: { first: string; failed: string | null };

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  seed = await openSeedPage(context, baseUrl);
  const r = await seed.evaluate(() => window.erjianSeed.seedBatch({ batchId: 'B-M', meters: 40, failEvery: 10, lastDay: '2026-11-27' }));
  expect(r).toMatchObject({ meters: 40, failed: 4 });
  serials = r.serials;
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

function verificationOf(serial: string): Promise<VerificationRecord> {
  return seed.evaluate(async (s) => {
    const db = window.erjianSeed.openDb();
    const v = await db.verifications.where('serial').equals(s).first();
    db.close();
    return v!;
  }, serial);
}

const shownError = (e: number) => {
  const r = roundHalfEven(e, 2);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toFixed(2)} %`;
};
const shownFixed = (v: number, d: number) => `${v < 0 ? '−' : ''}${Math.abs(v).toFixed(d)}`;

async function openMeter(serial: string): Promise<void> {
  await page.goto(`${baseUrl}/#/meters/${encodeURIComponent(serial)}`);
  await expect.poll(() => page.getByTestId('meter-serial').textContent(), { timeout: 30_000 }).toBe(serial);
  await expect.poll(() => page.getByTestId('record-integrity').getAttribute('data-state'), { timeout: 30_000 }).not.toBe('checking');
}

/** Every run row on screen against the domain's recomputation of the stored record. */
async function expectFiguresRecompute(v: VerificationRecord): Promise<void> {
  const verdict = meterVerdict(v.record, defaultProfile);
  expect(await page.getByTestId('meter-verdict').getAttribute('data-passed')).toBe(String(verdict.passed));
  expect(await page.getByTestId('meter-verdict').textContent()).toContain(verdict.passed ? '✓ 合格' : '✗ 不合格');
  const until = verdict.passed ? validUntil(v.verificationDate, v.record.meter, defaultProfile) : null;
  expect(await page.getByTestId('fact-valid-until').textContent()).toContain(until ?? '—');
  const rows = page.locator('erjian-run-table tr[data-record-index]');
  expect(await rows.count()).toBe(v.record.runs.length);
  for (let k = 0; k < v.record.runs.length; k++) {
    const row = rows.nth(k);
    const i = Number(await row.getAttribute('data-record-index'));
    const run = v.record.runs[i]!;
    const ev = evaluateRun(v.record.meter, run, defaultProfile);
    const cell = (col: string) => row.locator(`td[data-col="${col}"]`).textContent();
    expect(await cell('e')).toBe(shownError(ev.errorPct));
    expect(await cell('va')).toBe(shownFixed(ev.vaL, 4));
    expect(await cell('vi')).toBe(shownFixed(run.indicatedL, 4));
    expect(await cell('mpe')).toBe(`±${ev.mpePct} %`);
    expect((await cell('pass'))!.trim()).toBe(ev.pass ? '✓ 合格' : '✗ 不合格');
    expect(await row.getAttribute('data-deciding')).toBe(String(verdict.points[run.point].decidingRun === i));
  }
  for (const point of ['Q3', 'Q2', 'Q1'] as const) {
    expect(await page.getByTestId(`point-verdict-${point}`).textContent()).toContain(verdict.points[point].passed ? '合格' : '不合格');
  }
}

describe('the meter record', () => {
  it('shows a passed and a failed meter with every figure the rules engine recomputes, integrity OK', async () => {
    const passed = await verificationOf(serials.first);
    expect(passed.verdict.passed).toBe(true);
    await openMeter(serials.first);
    expect(await page.getByTestId('record-integrity').getAttribute('data-state')).toBe('ok');
    for (const c of ['signature', 'raw-lines', 'verdict', 'runs']) expect(await page.getByTestId(`check-${c}`).getAttribute('data-status')).toBe('ok');
    await expectFiguresRecompute(passed);
    expect(await page.getByTestId('fact-urel').textContent()).toBe('0.2 %');
    expect(await page.getByTestId('fact-profile').textContent()).toBe(`${defaultProfile.id} · ${defaultProfile.version}`);
    expect(await page.getByTestId('fact-sha').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId('meter-batch').getAttribute('href')).toBe('#/batches/B-M');
    expect(await page.locator('erjian-raw-lines tbody tr').count()).toBe(passed.rawLines[0]!.toSeq - passed.rawLines[0]!.fromSeq + 1);
    await page.screenshot({ path: join(screenshotDir(), 'meter-passed.zh-CN.png'), fullPage: true });

    // A scanner types the next serial into the search box and presses Enter.
    const failed = await verificationOf(serials.failed!);
    expect(failed.verdict.passed).toBe(false);
    await page.getByTestId('meter-search').fill(serials.failed!);
    await page.getByTestId('meter-search').press('Enter');
    await expect.poll(() => page.getByTestId('meter-serial').textContent(), { timeout: 30_000 }).toBe(serials.failed);
    await expect.poll(() => page.getByTestId('record-integrity').getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    expect(page.url()).toContain(`#/meters/${serials.failed}`);
    await expectFiguresRecompute(failed);
    // [fail, fail] at Q1: both counted, the second decides (JJG 162-2019 one re-run).
    const q1 = page.locator('erjian-run-table [data-testid^="run-Q1-"]');
    expect(await q1.count()).toBe(2);
    expect(await q1.nth(1).getAttribute('data-deciding')).toBe('true');
    expect(await page.getByTestId('meter-reasons').textContent()).toContain('Q1');
    expect(await page.getByTestId('fact-valid-until').textContent()).toContain('—');
    await page.screenshot({ path: join(screenshotDir(), 'meter-failed.zh-CN.png'), fullPage: true });

    await page.getByTestId('lang-switch').click();
    await openMeter(serials.first);
    expect(await page.getByTestId('meter-verdict').textContent()).toContain('✓ Pass');
    await page.screenshot({ path: join(screenshotDir(), 'meter-passed.en.png'), fullPage: true });
    await page.getByTestId('lang-switch').click();
  });

  it('says clearly when this PC has no record of a serial', async () => {
    await page.goto(`${baseUrl}/#/meters/NO-SUCH-METER`);
    await expect.poll(() => page.getByTestId('meter-not-found').textContent(), { timeout: 30_000 }).toContain('NO-SUCH-METER');
  });

  it('a raw line altered in IndexedDB: the meter screen and the About panel both name its seq', async () => {
    await page.goto(`${baseUrl}/#/about`);
    await page.getByTestId('integrity-run').click();
    await expect.poll(() => page.getByTestId('integrity-result').getAttribute('data-ok'), { timeout: 60_000 }).toBe('true');
    const before = Number(await page.getByTestId('integrity-lines').textContent());
    expect(before).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('integrity-checkpoints').textContent())).toBeGreaterThan(0);

    // The failed meter's first MV line (its bench run's RE is the line before it).
    const v = await verificationOf(serials.failed!);
    const seq = await seed.evaluate(
      async ({ range, serial }) => {
        const db = window.erjianSeed.openDb();
        const lines = await db.rawLines.where('[deviceId+seq]').between([range.deviceId, range.fromSeq], [range.deviceId, range.toSeq], true, true).toArray();
        const run = await db.runs.where('serial').equals(serial).first();
        const mv = lines.find((l) => l.text.startsWith('MV ') && l.text.includes(` pos=${run!.position} `))!;
        await db.rawLines.put({ ...mv, text: mv.text.replace(/vi=\S+/, 'vi=10.0000') });
        db.close();
        return mv.seq;
      },
      { range: v.rawLines[0]!, serial: serials.failed! },
    );

    await openMeter(serials.failed!);
    expect(await page.getByTestId('record-integrity').getAttribute('data-state')).toBe('broken');
    expect(await page.getByTestId('record-problem').getAttribute('data-code')).toBe('raw-line-altered');
    expect(await page.getByTestId('record-problem').getAttribute('data-seq')).toBe(String(seq));
    expect(await page.getByTestId('record-problem').textContent()).toContain(`第 ${seq} 行`);
    expect(await page.getByTestId('check-signature').getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('check-raw-lines').getAttribute('data-status')).toBe('failed');
    await expect.poll(() => page.getByTestId(`raw-${seq}`).getAttribute('class')).toContain('broken');
    await page.screenshot({ path: join(screenshotDir(), 'meter-tampered.zh-CN.png'), fullPage: true });

    // "Verify again" runs the same checks and finds the same line.
    await page.getByTestId('record-verify-again').click();
    await expect.poll(() => page.getByTestId('record-problem').getAttribute('data-seq'), { timeout: 30_000 }).toBe(String(seq));

    await page.goto(`${baseUrl}/#/about`);
    await page.getByTestId('integrity-run').click();
    await expect.poll(() => page.getByTestId('integrity-result').getAttribute('data-ok'), { timeout: 60_000 }).toBe('false');
    expect(await page.getByTestId('integrity-result').getAttribute('data-seq')).toBe(String(seq));
    expect(await page.getByTestId('integrity-break').textContent()).toContain(`第 ${seq} 行被改动`);
    await page.screenshot({ path: join(screenshotDir(), 'about-integrity.zh-CN.png'), fullPage: true });
  });
});
