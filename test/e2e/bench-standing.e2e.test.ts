/**
 * The bench warns before a session when the penalty ladder stands against it (docs/penalties.md
 * "At the bench"), in headless Chromium against the built app: the app's IndexedDB holds the
 * enterprise as the last sync cached it — LXS-15E blocked by the 1st non-conforming sampling
 * (文号 泰市监量〔2026〕12号) — and the operator opens #/bench with the demo bench:
 *
 *   LXS-15E → a big warning in Chinese with the decision's date and 文号 and what it means
 *   (no 二检合一 certificate or label); 连接 waits for 我已知晓; once ticked the session starts
 *   → another model shows nothing and connects as always → back on LXS-15E the
 *   acknowledgement is asked again → in English on the switch.
 * A rectifying enterprise warns for every model, the blocked one with both decisions.
 *
 * The browser's clock is fixed (playwright `clock.setFixedTime`; the demo bench's timers run)
 * and its zone and language set: nothing reads the wall clock or the machine's zone.
 * Screenshots: test-output/screens/bench-standing-*.png.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { CachedEnterprise } from '../../web/src/store/referenceTypes.ts';
import { waitPhase } from '../support/benchPage.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

/** 10:00 on 4 December 2026 in Tai'an; the PC synced at 08:30 */
const NOW = new Date('2026-12-04T02:00:00.000Z');
const SYNCED = '2026-12-04T00:30:00.000Z';
const BLOCKED = 'LXS-15E';
const OTHER = 'LXS-20E';
const REF1 = '泰市监量〔2026〕12号';
const REF2 = '泰市监量〔2026〕20号';

const batchReturned: CachedEnterprise = {
  id: 'ENT-TA-01',
  name: '泰安示范水表有限公司',
  standing: 'batch-returned',
  nonConformingSamplings: 1,
  salesStopped: false,
  blockedModels: [{ model: BLOCKED, since: '2026-12-03', reference: REF1, batchId: 'LXS-15E-20261202' }],
  lastDecision: { type: 'non-conforming-sampling', date: '2026-12-03', reference: REF1 },
  fetchedAt: SYNCED,
};

const rectifying: CachedEnterprise = {
  ...batchReturned,
  standing: 'rectifying',
  nonConformingSamplings: 2,
  salesStopped: true,
  rectificationDeadline: '2027-02-28',
  lastDecision: { type: 'non-conforming-sampling', date: '2026-12-04', reference: REF2 },
};

const BLOCKED_ZH = `型号 ${BLOCKED} 已于 2026-12-03 因抽检不合格暂停生产、出厂和销售（文号 ${REF1}）。`;
const CONSEQUENCE_ZH = '本次检定的结果不能出具二检合一证书或标签。检定数据照常保存，可供企业整改自检使用。';

/** A fresh context (its own IndexedDB) whose cache holds `enterprise`, on #/bench with the operator named. */
async function benchWith(enterprise: CachedEnterprise): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser().newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  await context.clock.setFixedTime(NOW);
  const seed = await openSeedPage(context, baseUrl);
  await seed.evaluate(async (e) => {
    const db = window.erjianSeed.openDb();
    try {
      await window.erjianSeed.store.cacheReferenceData(db, { enterprise: e });
    } finally {
      db.close();
    }
  }, enterprise);
  await seed.close();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/#/bench?speed=3000&positions=4`);
  await page.getByTestId('bench-connect').waitFor({ timeout: 30_000 });
  await page.getByTestId('bench-operator').fill('张工');
  return { context, page };
}

const shoot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir(), `bench-standing-${name}.png`) });

const warningShown = (page: Page) => page.getByTestId('bench-standing').isVisible().catch(() => false);
const notices = async (page: Page) => (await page.getByTestId('bench-standing-notice').allTextContents()).map((s) => s.trim());

async function choose(page: Page, model: string): Promise<void> {
  await page.getByTestId('bench-meter-type').selectOption(model);
}

describe('the bench warns before a session under the penalty ladder', () => {
  it('a blocked model: the warning in Chinese with date and 文号, the start waits for 我已知晓; another model shows nothing', async () => {
    const { context, page } = await benchWith(batchReturned);
    await choose(page, BLOCKED);
    await expect.poll(() => warningShown(page), { timeout: 10_000, message: 'the warning for the blocked model is shown' }).toBe(true);
    expect(await notices(page)).toEqual([BLOCKED_ZH]);
    expect((await page.getByTestId('bench-standing-consequence').textContent())?.trim()).toBe(CONSEQUENCE_ZH);
    expect((await page.getByTestId('bench-standing-synced').textContent())?.trim()).toBe('以上据本机 2026-12-04 同步的资料。');
    expect((await page.getByTestId('bench-standing').textContent()) ?? '').toContain('我已知晓');
    // Readable from two metres: the decision in large bold type, the whole warning on the screen with the connect button.
    const style = await page.getByTestId('bench-standing-notice').evaluate((el) => ({ px: parseFloat(getComputedStyle(el).fontSize), weight: Number(getComputedStyle(el).fontWeight) }));
    expect(style.px).toBeGreaterThanOrEqual(22);
    expect(style.weight).toBeGreaterThanOrEqual(700);
    for (const id of ['bench-standing', 'bench-connect']) {
      const inView = await page.getByTestId(id).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
      });
      expect(inView, `${id} lies wholly on the 1366 × 768 screen`).toBe(true);
    }
    expect(await page.getByTestId('bench-connect').isDisabled(), 'connecting waits for the acknowledgement').toBe(true);
    expect((await page.getByTestId('bench-standing-need-ack').textContent())?.trim(), 'the form says why 连接 waits').toBe('勾选后才能连接检定台。');
    // no refusal: the form is complete, only the acknowledgement is missing
    expect(await page.getByTestId('bench-connect-refusal').count()).toBe(0);
    await shoot(page, 'blocked.zh-CN');

    // Another model of the same enterprise: batch-returned stops only the blocked model.
    await choose(page, OTHER);
    await expect.poll(() => warningShown(page), { timeout: 10_000, message: 'the warning is gone for a model that is not blocked' }).toBe(false);
    await expect.poll(() => page.getByTestId('bench-connect').isEnabled(), { timeout: 10_000, message: 'another model connects without acknowledgement' }).toBe(true);
    await shoot(page, 'other-model.zh-CN');

    // Back on the blocked model, tick 我已知晓: the session starts on the demo bench.
    await choose(page, BLOCKED);
    await expect.poll(() => warningShown(page), { timeout: 10_000, message: 'the warning is back for the blocked model' }).toBe(true);
    expect(await page.getByTestId('bench-standing-ack').isChecked()).toBe(false);
    expect(await page.getByTestId('bench-connect').isDisabled()).toBe(true);
    await page.getByTestId('bench-standing-ack').check();
    await expect.poll(() => page.getByTestId('bench-connect').isEnabled(), { timeout: 10_000, message: 'the acknowledgement enables 连接' }).toBe(true);
    expect(await page.getByTestId('bench-standing-need-ack').count()).toBe(0);
    await shoot(page, 'acknowledged.zh-CN');
    await page.getByTestId('bench-connect').click();
    await waitPhase(page, 'ready', 'the session on the blocked model started after the acknowledgement');
    expect((await page.getByTestId('bench-session-meta').textContent()) ?? '').toContain(BLOCKED);
    await context.close();
  });

  it('changing the model asks for the acknowledgement again, and the warning reads in English on the switch', async () => {
    const { context, page } = await benchWith(batchReturned);
    await choose(page, BLOCKED);
    await page.getByTestId('bench-standing-ack').check();
    await expect.poll(() => page.getByTestId('bench-connect').isEnabled(), { timeout: 10_000, message: 'the acknowledgement enables 连接' }).toBe(true);
    await choose(page, OTHER);
    await expect.poll(() => warningShown(page), { timeout: 10_000, message: 'the warning is gone for another model' }).toBe(false);
    await choose(page, BLOCKED);
    await expect.poll(() => warningShown(page), { timeout: 10_000, message: 'the warning is back' }).toBe(true);
    expect(await page.getByTestId('bench-standing-ack').isChecked(), 'an acknowledgement is not carried over').toBe(false);

    await page.getByTestId('lang-switch').click();
    await expect
      .poll(async () => (await notices(page))[0], { timeout: 10_000, message: 'the warning switched to English' })
      .toBe(`Model ${BLOCKED} was stopped on 2026-12-03 after a non-conforming sampling — no production, shipping or sale (ref. ${REF1}).`);
    expect((await page.getByTestId('bench-standing').textContent()) ?? '').toContain('I understand; verify anyway');
    await shoot(page, 'blocked.en');
    await page.getByTestId('lang-switch').click();
    await context.close();
  });

  it('a rectifying enterprise: every model is warned with the deadline; the blocked model with both decisions', async () => {
    const { context, page } = await benchWith(rectifying);
    const RECTIFY_ZH = `企业已于 2026-12-04 被责令限期整改（文号 ${REF2}），整改期限至 2027-02-28；整改期间停止销售二检合一水表。`;
    await choose(page, OTHER);
    await expect.poll(() => notices(page), { timeout: 10_000, message: 'the rectification is told for another model' }).toEqual([RECTIFY_ZH]);
    expect(await page.getByTestId('bench-connect').isDisabled()).toBe(true);
    await choose(page, BLOCKED);
    await expect.poll(() => notices(page), { timeout: 10_000, message: 'the blocked model is told first, then the rectification' }).toEqual([BLOCKED_ZH, RECTIFY_ZH]);
    for (const id of ['bench-standing', 'bench-connect']) {
      const inView = await page.getByTestId(id).evaluate((el) => el.getBoundingClientRect().bottom <= innerHeight);
      expect(inView, `${id} on the 1366 × 768 screen with two decisions`).toBe(true);
    }
    await shoot(page, 'rectifying.zh-CN');
    await context.close();
  });
});
