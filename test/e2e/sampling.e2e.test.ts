/**
 * 双随机 sampling in headless Chromium at 1366 × 768 (docs/sampling.md), against a demo
 * server of the test's own whose clock the test moves (the draw must come after the seeds'
 * publication): an honest bench PC synced first; the regulator publishes the seeds, draws
 * from a batch with the pilot-default sample size, and the public answer reproduces the
 * draw; the institute enters one meter's readings by keyboard with the verdict live,
 * imports the rest (one failing), corrects one; the regulator concludes non-conforming,
 * told which rung of the penalty ladder it is.
 * Screenshots: test-output/screens/sampling-*.png (looked at).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonSession } from '../../sync-server/cli/seed/serverApi.ts';
import { configWith } from '../../sync-server/src/config.ts';
import { startServer, type RunningServer } from '../../sync-server/src/server.ts';
import { rankCandidates } from '../../web/src/domain/randomSelection.ts';
import type { PublicSampling, SamplingBatch, SamplingMeterType } from '../../web/src/ui/supervision/samplingTypes.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { seedDevice } from './demoSyncServer.ts';

const browser = useBrowser();
const desk = { width: 1366, height: 768 };
/** 12:00 on 30 November 2026 in Tai'an */
const NOW = new Date('2026-11-30T04:00:00.000Z');
const clock = { value: NOW };
const minutes = (m: number) => {
  clock.value = new Date(clock.value.getTime() + m * 60_000);
};

let server: RunningServer;
let dir: string;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'erjian-sampling-e2e-'));
  server = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: resolve(process.env.ERJIAN_DIST ?? 'dist'), demo: true }), clock: () => clock.value });
  url = server.url;
  await seedDevice(url, NOW, { meters: 16, label: '一号检定台电脑', serialPrefix: 'SMP' });
}, 120_000);
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `sampling-${name}.png`), fullPage });
}

async function signIn(path: string, username: string): Promise<Page> {
  const context = await browser().newContext({ viewport: desk, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  await context.clock.setFixedTime(NOW);
  const page = await context.newPage();
  await page.goto(`${url}/${path}`);
  await page.getByTestId('admin-login').waitFor({ timeout: 15_000 });
  await page.locator('erjian-admin-login #username').fill(username);
  await page.locator('erjian-admin-login #password').fill('demo');
  await page.locator('erjian-admin-login button[type="submit"]').click();
  return page;
}

/** Readings of one meter in the `npm run evaluate` format: in the flow bands, Q3 error `q3Err` %. */
function lines(serial: string, t: SamplingMeterType, q3Err: number): string {
  const q3 = t.q3 * 1000;
  const q1 = q3 / t.r;
  const runs = [
    { point: 'Q3', lph: 0.95 * q3, err: q3Err },
    { point: 'Q2', lph: 1.05 * 1.6 * q1, err: -1 },
    { point: 'Q1', lph: 1.05 * q1, err: 3 },
  ];
  return runs.map((r) => JSON.stringify({ id: `${serial}/${r.point}-1`, meter: t, run: { point: r.point, lph: r.lph, tw: 20, vi: 100 + r.err, ref: { unit: 'L', value: 100 } } })).join('\n');
}

describe('双随机 sampling in the browser', () => {
  let samplingId = '';
  let batch: SamplingBatch;
  let selection: string[] = [];
  let meterType: SamplingMeterType;
  /** the first inspector drawn: the one who signs in at the institute */
  let inspector = 'institute';
  let inspectorName = '';

  it('the regulator publishes the seeds, then draws from a batch with the pilot-default size', async () => {
    const api = await PersonSession.signIn(url, 'regulator', 'demo');
    const batches = (await api.request<{ batches: SamplingBatch[] }>('GET', '/api/enterprises/demo/sampling-batches')).batches;
    batch = batches.reduce((a, b) => (b.lotSize > a.lotSize ? b : a));
    expect(batch.lotSize).toBeGreaterThan(1);

    const page = await signIn('#/regulator?tab=samplings', 'regulator');
    const create = page.getByTestId('smp-create');
    await create.waitFor({ timeout: 15_000 });
    await create.locator('input[name="title"]').fill('2026 年 11 月出厂前监督抽查');
    await create.locator('input[name="seed"]').fill('taian-2026-11-30-meters');
    await create.locator('input[name="inspectorSeed"]').fill('taian-2026-11-30-inspectors');
    await create.getByRole('button', { name: '公布种子' }).click();
    const message = page.getByTestId('smp-message');
    await expect.poll(() => message.textContent(), { timeout: 10_000, message: 'no publication message' }).toContain('已公布');
    samplingId = /SMP-\d{8}-[0-9A-F]{6}/.exec((await message.textContent()) ?? '')?.[0] ?? '';
    expect(samplingId).not.toBe('');

    // public at once, without a login, before any draw
    const pub = (await (await fetch(`${url}/api/public/samplings`)).json()) as { samplings: PublicSampling[] };
    expect(pub.samplings[0]).toMatchObject({ id: samplingId, seed: 'taian-2026-11-30-meters', status: 'seed-published', draw: null });

    const draw = page.getByTestId('smp-draw');
    await draw.waitFor({ timeout: 10_000 });
    await page.getByTestId('smp-batch').selectOption(batch.batchId);
    const sizeText = await draw.innerText();
    expect(sizeText).toContain('试点默认：GB/T 2828.1 一般检验水平 II，由监管部门设定');
    expect(sizeText).toContain(`n = ${batch.plan?.sampleSize}`);
    expect(sizeText).toContain('不是验收抽样方案');
    await shoot(page, 'regulator-draw');

    // the draw at the very instant of publication is refused: the seed must be public first
    await page.getByTestId('smp-draw-submit').click();
    const error = page.getByTestId('smp-error');
    await expect.poll(() => error.textContent(), { timeout: 10_000, message: 'the early draw was not refused' }).toContain('抽取必须在公布之后');

    minutes(5);
    await page.getByTestId('smp-draw-submit').click();
    const rows = page.getByTestId('smp-selection').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000, message: 'no selection table' }).toBe(batch.plan?.sampleSize);
    await shoot(page, 'regulator-drawn');

    // anyone reproduces it from the public answer
    const after = ((await (await fetch(`${url}/api/public/samplings`)).json()) as { samplings: PublicSampling[] }).samplings.find((s) => s.id === samplingId)!;
    const d = after.draw!;
    expect((await rankCandidates(after.seed, d.candidates)).slice(0, d.n)).toEqual(d.selection);
    selection = d.selection.map((c) => c.id);
    expect(await rows.first().innerText()).toContain(d.selection[0]!.hmac);
    // the inspectors too: the demo's three institute people, two drawn with the inspector seed
    expect([...d.inspectorCandidates].sort()).toEqual(['inspector-li', 'inspector-zhao', 'institute']);
    expect(d.inspectors.map((i) => i.id)).toEqual((await rankCandidates(after.inspectorSeed, d.inspectorCandidates)).slice(0, 2).map((c) => c.id));
    inspector = d.inspectors[0]!.id;
    inspectorName = d.inspectors[0]!.displayName;
    meterType = (await api.request<{ meterType: SamplingMeterType }>('GET', `/api/samplings/${samplingId}/meter-type`)).meterType;
    await page.context().close();
  });

  it('the institute enters one meter by keyboard with the verdict live, imports the rest, corrects one', async () => {
    minutes(30);
    const page = await signIn('#/institute', inspector);
    await page.getByTestId(`smp-open-${samplingId}`).click();
    await page.getByTestId('smp-meters').waitFor({ timeout: 10_000 });
    await shoot(page, 'institute-meters');

    const first = selection[0]!;
    await page.getByTestId(`smp-enter-${first}`).click();
    const form = page.getByTestId('smp-form');
    await form.waitFor({ timeout: 5_000 });
    // the meter's data come from the batch's meter type
    expect(await form.locator('input[name="q3"]').inputValue()).toBe(String(meterType.q3));
    const q3 = meterType.q3 * 1000;
    const q1 = q3 / meterType.r;
    // Focus starts on Q3's first reading; Tab walks the readings row by row.
    const typed = [
      [0.95 * q3, 20, 100.5, 100],
      [1.05 * 1.6 * q1, 20, 99, 100],
      [1.05 * q1, 20, 103, 100],
    ];
    for (const row of typed) {
      for (const v of row) {
        await page.keyboard.type(String(Math.round(v * 1000) / 1000));
        await page.keyboard.press('Tab');
      }
    }
    const live = page.getByTestId('smp-live');
    await expect.poll(() => live.textContent(), { timeout: 5_000, message: 'no live verdict' }).toContain('当前判定：合格');
    expect(await page.getByTestId('smp-live-Q3').innerText()).toContain('+0.50%');
    await shoot(page, 'institute-form');
    await page.getByTestId('smp-save').click();
    const message = page.getByTestId('smp-message');
    await expect.poll(() => message.textContent(), { timeout: 10_000, message: 'the entered result was not saved' }).toContain(`已保存：${first} 合格`);

    // an import with a mistake is refused with its line named
    const rest = selection.slice(1);
    const textarea = page.getByTestId('smp-import').locator('textarea');
    await textarea.fill('{"id": "x"}');
    await page.getByTestId('smp-import-submit').click();
    const error = page.getByTestId('smp-error');
    await expect.poll(() => error.textContent(), { timeout: 10_000, message: 'the bad import was not refused' }).toContain('第 1 行');
    // worded from the code: the field's name as the format spells it, never the server's English sentence
    expect(await error.textContent(), 'English in the zh-CN error').not.toMatch(/is required|expected|invalid/i);
    await shoot(page, 'institute-import-error');
    // the rest, the last one failing at Q3
    await textarea.fill(rest.map((sn, i) => lines(sn, meterType, i === rest.length - 1 ? 4 : 0.5)).join('\n'));
    await page.getByTestId('smp-import-submit').click();
    await expect.poll(() => message.textContent(), { timeout: 10_000, message: 'the import was not saved' }).toContain(`已导入 ${rest.length} 只`);

    // correct the first meter's result: a new row with a reason
    await page.getByTestId(`smp-correct-${first}`).click();
    for (const row of typed) {
      for (const v of row) {
        await page.keyboard.type(String(Math.round(v * 1000) / 1000));
        await page.keyboard.press('Tab');
      }
    }
    await form.locator('input[name="reason"]').fill('Q2 水温抄录错误，按原始记录更正');
    await page.getByTestId('smp-save').click();
    await expect.poll(() => message.textContent(), { timeout: 10_000, message: 'the correction was not saved' }).toContain(`已保存：${first}`);
    const results = page.getByTestId('smp-results');
    expect(await results.innerText()).toContain('更正第');
    expect(await results.innerText()).toContain(inspectorName);
    await shoot(page, 'institute-results', true);
    await page.context().close();
  });

  it('the regulator concludes non-conforming, told the rung, and the penalty is recorded', async () => {
    minutes(30);
    const page = await signIn('#/regulator?tab=samplings', 'regulator');
    await page.getByTestId(`smp-open-${samplingId}`).click();
    const rung = page.getByTestId('smp-rung');
    await rung.waitFor({ timeout: 10_000 });
    expect(await rung.innerText()).toContain('这将是第 1 次抽检不合格：整批次退回');
    const conclude = page.getByTestId('smp-conclude');
    await conclude.locator('input[name="decidedBy"]').fill('泰安市市场监督管理局');
    await conclude.locator('input[name="reference"]').fill('泰市监量〔2026〕12号');
    await shoot(page, 'regulator-conclude', true);
    await page.getByTestId('smp-conclude-submit').click();
    const done = page.getByTestId('smp-concluded');
    await done.waitFor({ timeout: 10_000 });
    expect(await done.innerText()).toContain('不合格，已记入处罚记录');
    await shoot(page, 'regulator-concluded');
    const pub = ((await (await fetch(`${url}/api/public/samplings`)).json()) as { samplings: PublicSampling[] }).samplings.find((s) => s.id === samplingId);
    expect(pub?.conclusion).toBe('non-conforming');
    await page.context().close();
  });
});
