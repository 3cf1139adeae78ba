/**
 * The bench screen guides the operator and refuses what would be wrong, in Chinese
 * (issue 10 items 1, 3, 7 and 8), on the demo bench of the built app:
 * - the start stays disabled until every meter's external, function and tightness items
 *   are recorded, with a line that says what is missing; 外观, 功能 and 密封性 take the
 *   same ✓ / ✕ form, tightness with leak and damage; each failed meter shows its reason;
 * - a batch number of another meter type is refused before connecting (or the type switched);
 * - an operator's name is required, and remembered on this PC;
 * - serial numbers are normalised and checked, and an already verified meter is mounted
 *   only as a re-verification with its reason, which the stored record carries.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { VerificationRecord } from '../../web/src/store/recordTypes.ts';
import { demoMeterTypes } from '../../web/src/ui/bench/demoMeterTypes.ts';
import { BENCH_MORNING, connect, mount, openBench, phaseOf, scan, tightnessValid, waitPhase } from '../support/benchPage.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const VIEW = { width: 1366, height: 768 };
const lxs15e = demoMeterTypes.find((m) => m.model === 'LXS-15E')!;

function verificationsOf(page: Page): Promise<VerificationRecord[]> {
  return page.evaluate(
    () =>
      new Promise<VerificationRecord[]>((resolve, reject) => {
        const open = indexedDB.open('erjian');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('verifications', 'readonly').objectStore('verifications').getAll();
          req.onsuccess = () => {
            resolve(req.result as VerificationRecord[]);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

const runDisabled = (page: Page) => page.getByTestId('bench-run').isDisabled();
const blockers = (page: Page) => page.getByTestId('bench-start-blockers').textContent().then((s) => s ?? '');
const valueOf = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('data-value');

async function freshContext(): Promise<BrowserContext> {
  const context = await browser().newContext({ viewport: VIEW });
  await context.clock.install({ time: BENCH_MORNING });
  return context;
}

describe('the bench screen guides the operator', () => {
  it('keeps the start disabled, saying what is missing, until every item is recorded; one ✓/✕ form for 外观, 功能 and 密封性; each failed meter says why', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工' });
    await connect(page);
    expect(await runDisabled(page), 'no meter mounted: nothing to start').toBe(true);
    for (let pos = 1; pos <= 4; pos++) await mount(page, pos, `24A0010${pos}`);

    // Nothing recorded yet: the line names the checks and the tightness test.
    expect(await runDisabled(page), 'the start before the checks').toBe(true);
    expect(await blockers(page)).toContain('外观、功能未记录');
    expect(await blockers(page)).toContain('密封性试验');
    for (const item of ['external', 'function', 'tight']) expect(await valueOf(page, `${item}-1`), `${item} of position 1 not recorded yet`).toBe('none');
    await page.screenshot({ path: join(screenshotDir(), 'bench-guide-blocked.zh-CN.png') });

    await page.getByTestId('bench-checks-ok').click();
    for (let pos = 1; pos <= 4; pos++) {
      expect(await valueOf(page, `external-${pos}`)).toBe('ok');
      expect(await valueOf(page, `function-${pos}`)).toBe('ok');
    }
    expect(await runDisabled(page), 'the start before the tightness test').toBe(true);
    expect(await blockers(page)).not.toContain('外观');
    expect(await blockers(page)).toContain('密封性试验');

    await tightnessValid(page);
    expect(await runDisabled(page), 'the start after the tightness test, nothing confirmed').toBe(true);
    expect(await blockers(page)).toContain('泄漏、损坏未确认');

    // 全部无泄漏: every meter's tightness shows ✓, and the screen says so.
    await page.getByTestId('bench-no-leak').click();
    for (let pos = 1; pos <= 4; pos++) expect(await valueOf(page, `tight-${pos}`), `tightness of position ${pos} shown as confirmed`).toBe('ok');
    expect(await page.getByTestId('bench-notice').textContent()).toContain('4 只表无泄漏、无损坏');
    await page.screenshot({ path: join(screenshotDir(), 'bench-guide-no-leak.zh-CN.png') });

    // Per meter, the same form: ✕ on 外观, 泄漏 or 损坏 on 密封性.
    await page.getByTestId('tight-2-leak').click();
    await page.getByTestId('tight-3-damage').click();
    await page.getByTestId('external-4-fail').click();
    expect(await valueOf(page, 'tight-2')).toBe('leak');
    expect(await valueOf(page, 'tight-3')).toBe('damage');
    expect(await valueOf(page, 'external-4')).toBe('fail');
    expect(await valueOf(page, 'function-4')).toBe('ok');
    expect(await runDisabled(page), 'every item recorded: the start is open').toBe(false);
    expect(await page.getByTestId('bench-start-blockers').count()).toBe(0);

    await page.getByTestId('bench-run').click();
    await waitPhase(page, 'done', 'Q3, Q2 and Q1 run and the verdicts stored', 120_000);
    expect(await page.getByTestId('verdict-2').textContent()).toContain('不合格');
    expect(await page.getByTestId('reason-2').textContent()).toContain('密封性：泄漏');
    expect(await page.getByTestId('reason-3').textContent()).toContain('密封性：损坏');
    expect(await page.getByTestId('reason-4').textContent()).toContain('外观检查');
    await page.screenshot({ path: join(screenshotDir(), 'bench-guide-reasons.zh-CN.png') });
    // Position 1 had every item good: if it failed at all, it was on its errors.
    const reason1 = page.getByTestId('reason-1');
    if ((await reason1.count()) > 0) expect(await reason1.textContent()).not.toMatch(/外观|功能|密封性/);

    const stored = await verificationsOf(page);
    const bySerial = new Map(stored.map((v) => [v.serial, v]));
    expect(bySerial.get('24A00102')!.record.tightness).toMatchObject({ leak: true, damage: false });
    expect(bySerial.get('24A00103')!.record.tightness).toMatchObject({ leak: false, damage: true });
    expect(bySerial.get('24A00101')!.record.tightness).toMatchObject({ leak: false, damage: false });
    await page.close();
  });

  it('refuses, before connecting and in Chinese, a batch number that belongs to another meter type — and offers to switch the type', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工' });
    // Today's LXS-15E batch exists once a session has run on it.
    await connect(page);
    await page.getByRole('button', { name: '断开' }).click();
    await page.getByTestId('bench-meter-type').selectOption('LXS-25E');
    await page.getByTestId('bench-batch').fill('LXS-15E-20260310');
    await expect
      .poll(() => page.getByTestId('bench-connect-refusal').textContent().catch(() => ''), { timeout: 10_000, message: 'the mismatch is said before connecting' })
      .toContain('批次 LXS-15E-20260310 的表型是 LXS-15E，不是 LXS-25E');
    expect(await page.getByTestId('bench-connect').isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshotDir(), 'bench-guide-batch-type.zh-CN.png') });
    await page.getByTestId('bench-connect').click({ force: true });
    expect(await page.getByTestId('bench-phase').count(), 'no connection was made').toBe(0);

    await page.getByTestId('bench-use-batch-model').click();
    expect(await page.getByTestId('bench-meter-type').inputValue()).toBe('LXS-15E');
    expect(await page.getByTestId('bench-batch').inputValue()).toBe('LXS-15E-20260310');
    await connect(page);
    expect(await page.getByTestId('bench-session-meta').textContent()).toContain('LXS-15E');
    await page.close();
  });

  it('requires the operator’s name before connecting, and remembers it on this PC', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#/bench?speed=3000`);
    await page.getByTestId('bench-operator').fill('');
    // The view re-renders after the input event: poll (bounded), isDisabled() does not wait.
    await expect.poll(() => page.getByTestId('bench-connect').isDisabled(), { timeout: 5000, message: 'no connecting without a name' }).toBe(true);
    expect(await page.getByTestId('bench-connect-refusal').textContent()).toContain('请填写检定员姓名');
    await page.screenshot({ path: join(screenshotDir(), 'bench-guide-operator.zh-CN.png') });
    await page.getByTestId('bench-operator').fill('   ');
    await expect.poll(() => page.getByTestId('bench-connect').isDisabled(), { timeout: 5000, message: 'spaces are no name' }).toBe(true);
    await page.getByTestId('bench-connect').click({ force: true });
    expect(await page.getByTestId('bench-phase').count(), 'no connection without a name').toBe(0);

    // A PC where the old screen stored its placeholder "检定员" as the name.
    await page.evaluate(() => localStorage.setItem('erjian.operator', '检定员'));
    await page.reload();
    await page.getByTestId('bench-connect').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('bench-operator').inputValue(), 'the stored placeholder is not taken for a name').toBe('');
    await expect.poll(() => page.getByTestId('bench-connect').isDisabled(), { timeout: 5000, message: 'the stored placeholder does not enable connecting' }).toBe(true);

    await page.getByTestId('bench-operator').fill(' 李工 ');
    await connect(page);
    expect(await page.getByTestId('bench-session-meta').textContent()).toContain('检定员：李工');
    await page.reload();
    await expect.poll(() => page.getByTestId('bench-operator').inputValue().catch(() => ''), { timeout: 10_000, message: 'the name remembered after a reload' }).toBe('李工');
    await context.close();
  });

  it('normalises and checks serial numbers, in Chinese; an already verified meter is mounted only as a re-verification with its reason, stored as `supersedes`', async () => {
    const context = await freshContext();
    const seed = await openSeedPage(context, baseUrl);
    await seed.evaluate(async (type) => {
      await window.erjianSeed.seedBatch({ batchId: 'LXS-15E-20260310', meters: 2, positions: 2, benches: ['SIM-0001'], days: 1, lastDay: '2026-03-09', serialPrefix: '24B', meterType: type });
      await window.erjianSeed.seedBatch({ batchId: 'OTHER-1', meters: 1, positions: 1, benches: ['SIM-0001'], days: 1, lastDay: '2026-03-09', serialPrefix: 'OT', meterType: type });
    }, lxs15e);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#/bench?speed=3000`);
    await page.getByTestId('bench-operator').fill('张工');
    await connect(page);

    const refusal = () => page.getByTestId('bench-scan-refusal').textContent().catch(() => '');
    const refused = async (text: string, says: string) => {
      await scan(page, 1, text);
      await expect.poll(refusal, { timeout: 10_000, message: `"${text}" refused` }).toContain(says);
      expect(await page.getByTestId('serial-1').count(), `"${text}" not mounted`).toBe(0);
    };
    await refused('24A 001 04', '空格');
    await refused('水表一号', '不允许的字符');
    await page.screenshot({ path: join(screenshotDir(), 'bench-guide-serial.zh-CN.png') });
    await refused('<b>x</b>', '不允许的字符');
    await refused('a/b#c?d%', '不允许的字符');
    await refused('OT000001', '属于批次 OTHER-1');

    // Full-width characters are the same serial number as their ASCII form.
    await mount(page, 1, '24A00109');
    await scan(page, 2, '２４Ａ００１０９');
    await expect.poll(refusal, { timeout: 10_000, message: 'the full-width form of a mounted serial refused' }).toContain('24A00109 已装在表位 1');
    await scan(page, 2, ' ２４ａ００１１０ ');
    await expect.poll(() => page.getByTestId('serial-2').textContent().catch(() => null), { timeout: 10_000, message: 'the full-width serial mounted in its normal form' }).toBe('24A00110');

    // An already verified meter: asked whether this is a re-verification; a reason is required.
    await scan(page, 3, '24B000001');
    await page.getByTestId('reverify-dialog').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('reverify-dialog').textContent()).toContain('24B000001 已有检定记录');
    expect(await page.getByTestId('reverify-confirm').isDisabled(), 'no re-verification without a reason').toBe(true);
    await page.screenshot({ path: join(screenshotDir(), 'bench-guide-reverify.zh-CN.png') });
    await page.getByTestId('reverify-cancel').click();
    expect(await page.getByTestId('serial-3').count(), 'cancelled: not mounted').toBe(0);
    await scan(page, 3, '24B000001');
    await page.getByTestId('reverify-reason').fill('表盘松动，返修后重新检定');
    await page.getByTestId('reverify-confirm').click();
    await expect.poll(() => page.getByTestId('serial-3').textContent().catch(() => null), { timeout: 10_000, message: 'mounted as a re-verification' }).toBe('24B000001');
    expect(await page.getByTestId('reverify-3').count()).toBe(1);

    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    await waitPhase(page, 'done', 'the verdicts stored', 120_000);
    const all = await verificationsOf(page);
    const chain = all.filter((v) => v.serial === '24B000001').sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    expect(chain).toHaveLength(2);
    expect(chain[1]!.supersedes).toBe(chain[0]!.id);
    expect(chain[1]!.reason).toBe('表盘松动，返修后重新检定');
    expect(all.filter((v) => v.serial === '24A00110')).toHaveLength(1);
    expect(all.some((v) => v.serial === '２４Ａ００１１０')).toBe(false);
    expect(await phaseOf(page)).toBe('done');
    await context.close();
  });
});
