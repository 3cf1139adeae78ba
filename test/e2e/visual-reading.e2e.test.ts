/**
 * A verification session in visual-reading mode (启停法 read by eye; issue 14 items 3 and
 * 5) on the in-browser demo PLC bench and its balance: the test reads each meter as an
 * operator would (the simulator's register) and types it with the keyboard, Enter moving
 * on to the next position. One slip of the finger is questioned before it is accepted and
 * typed again; one typo that looked plausible is corrected afterwards, with its reason.
 * The original record holds both the typo and the correction (READ step lines, never
 * edited), and the raw exchanges replayed in Node give every run and every verdict.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { decodeStep, type StepLine } from '../../web/src/bench/orchestrated/steps.ts';
import { connect, mount, openBench, tightnessValid, phaseOf } from '../support/benchPage.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { expectReplayReproduces, readStoredSession } from '../support/plcReplayCheck.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const POSITIONS = 10;
const serialOf = (pos: number) => `VIS2026${String(pos).padStart(4, '0')}`;
const REASON = '看错一位数字';

/**
 * What the meter on `pos` shows (L), as the operator reads it: on the demo bench each card
 * shows the simulated meter's register (演示表盘), to the millilitre.
 */
async function meterReading(page: Page, pos: number): Promise<string> {
  const text = await page.getByTestId(`reading-dial-${pos}`).innerText();
  const m = /(\d+\.\d{3})/.exec(text);
  if (m === null) throw new Error(`the demo dial of position ${pos} shows no reading: ${text}`);
  return m[1]!;
}

/** The reading sheet's phase (run id and start/end) while it asks, or null. */
async function sheetPhase(page: Page): Promise<string | null> {
  const title = page.getByTestId('reading-title');
  if (!(await title.isVisible().catch(() => false))) return null;
  return `${await title.getAttribute('data-run')}/${await title.getAttribute('data-at')}`;
}

/** The focused element, through the shadow roots: its test id (or tag). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el === null ? 'nothing' : (el.getAttribute('data-testid') ?? el.tagName.toLowerCase());
  });
}

async function focusedIs(page: Page, testId: string): Promise<void> {
  await expect.poll(() => focused(page), { timeout: 10_000, message: `${testId} has the focus` }).toBe(testId);
}

async function recorded(page: Page, pos: number): Promise<void> {
  await expect.poll(() => page.getByTestId(`reading-state-${pos}`).textContent().catch(() => ''), { timeout: 10_000, message: `position ${pos}'s reading shown recorded` }).toContain('已记录');
}

describe('visual reading on the demo PLC bench', () => {
  it('the operator types every reading (Enter moves on); a slip is questioned and typed again, a typo corrected with its reason; the record keeps both and replays to the same runs and verdicts', { timeout: 400_000 }, async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工', speed: 200 });
    await page.getByTestId('bench-source').selectOption('demo-plc-visual');
    await connect(page);
    for (let pos = 1; pos <= POSITIONS; pos++) await mount(page, pos, serialOf(pos));
    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();

    const handled = new Set<string>();
    let questioned = false;
    const typo: { made: { phase: string; typed: string; right: string } | null } = { made: null };
    while ((await phaseOf(page)) !== 'done') {
      const seen: { phase: string | null } = { phase: null };
      await expect
        .poll(
          async () => {
            seen.phase = await sheetPhase(page);
            if (seen.phase !== null && !handled.has(seen.phase)) return 'asking';
            return (await phaseOf(page)) === 'done' ? 'done' : 'waiting';
          },
          { timeout: 120_000, interval: 100, message: 'the bench asks for the next readings, or the session ends' },
        )
        .not.toBe('waiting');
      const phase = seen.phase;
      if (phase === null || handled.has(phase)) break;
      handled.add(phase);
      const at = phase.split('/')[1];
      const title = (await page.getByTestId('reading-title').textContent()) ?? '';

      for (let pos = 1; pos <= POSITIONS; pos++) {
        await focusedIs(page, `reading-${pos}`);
        const value = await meterReading(page, pos);
        if (!questioned && at === 'end' && pos === 2) {
          // The decimal point one place off: the change is far more than the run's water.
          await page.keyboard.type((Number(value) * 10).toFixed(3));
          await page.keyboard.press('Enter');
          await expect.poll(() => page.getByTestId('reading-doubt').getAttribute('data-code').catch(() => null), { timeout: 10_000, message: 'the slip questioned' }).toBe('change-too-large');
          await page.screenshot({ path: join(screenshotDir(), 'visual-reading-questioned.zh-CN.png') });
          expect(await page.getByTestId('reading-state-2').textContent(), 'nothing recorded while questioned').not.toContain('已记录');
          // 重新输入 has the focus: Enter goes back to the field, its text selected.
          await focusedIs(page, 'reading-retype');
          await page.keyboard.press('Enter');
          await focusedIs(page, 'reading-2');
          questioned = true;
        }
        if (typo.made === null && at === 'end' && title.startsWith('Q2') && pos === 3) {
          // A typo that looks plausible: recorded as typed, corrected below.
          typo.made = { phase, typed: (Number(value) + 0.011).toFixed(3), right: value };
          await page.keyboard.type(typo.made.typed);
        } else await page.keyboard.type(value);
        await page.keyboard.press('Enter');
        await recorded(page, pos);
      }
      if (typo.made?.phase === phase) {
        await page.getByTestId('reading-3').fill(typo.made.right);
        await page.getByTestId('reading-3').press('Enter');
        await focusedIs(page, 'reading-fix-reason');
        await page.keyboard.type(REASON);
        await page.screenshot({ path: join(screenshotDir(), 'visual-reading-correction.zh-CN.png') });
        await page.keyboard.press('Enter');
        await recorded(page, 3);
      }
      expect(await page.getByTestId('reading-progress').textContent()).toBe(`已读 ${POSITIONS}/${POSITIONS}`);
      if (handled.size === 2) await page.screenshot({ path: join(screenshotDir(), 'visual-reading-sheet.zh-CN.png') });
      // Every position read: 完成读数 has the focus, Enter lets the run go on.
      await focusedIs(page, 'reading-done');
      await page.keyboard.press('Enter');
    }
    expect(await phaseOf(page)).toBe('done');
    expect(questioned, 'a slip was questioned').toBe(true);
    const made = typo.made;
    expect(made, 'a typo was corrected').not.toBeNull();
    await page.screenshot({ path: join(screenshotDir(), 'visual-reading-done.zh-CN.png') });

    const stored = await readStoredSession(page);
    expect(stored.verifications).toHaveLength(POSITIONS);
    // The record keeps what was typed, never edited: the typo, then the correction with its reason, both by the operator.
    const reads = stored.lines
      .sort((a, b) => a.seq - b.seq)
      .map((l) => decodeStep(l.text))
      .filter((s): s is Extract<StepLine, { verb: 'READ' }> => s?.verb === 'READ');
    const pos3 = reads.filter((r) => r.pos === 3 && r.at === 'end' && (r.typed === made?.typed || r.typed === made?.right));
    expect(pos3.map((r) => ({ typed: r.typed, fix: r.fix, by: r.by }))).toEqual([
      { typed: made?.typed, fix: null, by: '张工' },
      { typed: made?.right, fix: REASON, by: '张工' },
    ]);
    // The slip questioned was never recorded.
    expect(reads.filter((r) => r.pos === 2).every((r) => r.fix === null), 'position 2 was never corrected: the slip never reached the record').toBe(true);
    expectReplayReproduces(stored);
    await page.close();
  });
});
