/**
 * A reload (or a closed browser) in the middle of a run (issue 10 item 4). The session
 * is interrupted, and nothing hides it: the bench page says so, the home page's
 * "中断的检定" opens the list, the session shows what it stored and what is still open,
 * the meter's page shows its runs as unfinished — and the session resumes on the bench,
 * running only what is still open (Q2 and Q1, never Q3 again), or is closed with a reason.
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { decodeCommand } from '../../web/src/bench/index.ts';
import { heldSessionLocks, readStore } from '../support/benchFaults.ts';
import { connect, mount, openBench, tightnessValid, waitPhase } from '../support/benchPage.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

interface SessionRow {
  id: string;
  state: string;
  interruption: string | null;
}
interface RunRow {
  sessionId: string;
  serial: string;
  point: string;
}
interface LineRow {
  seq: number;
  direction: string;
  text: string;
  sessionId: string | null;
}

const latin1Bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const SERIALS = ['24A00601', '24A00602', '24A00603'];

describe('a session interrupted by a reload', () => {
  it('is shown, opened, and resumed on the bench running only Q2 and Q1', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工', speed: 200 });
    await connect(page);
    for (const [i, serial] of SERIALS.entries()) await mount(page, i + 1, serial);
    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    await expect.poll(() => page.getByTestId('live-point').textContent(), { timeout: 60_000, interval: 100, message: 'Q3 done, the Q2 run started' }).toBe('Q2');
    await expect.poll(async () => (await readStore<RunRow>(page, 'runs')).length, { timeout: 10_000, message: 'the Q3 runs stored' }).toBe(3);

    // The browser is reloaded mid-Q2.
    await page.reload();
    await page.getByTestId('bench-connect').waitFor({ timeout: 30_000 });
    // The page's start-up marks the session its reload left running (store/sessions.ts).
    await expect.poll(async () => (await readStore<SessionRow>(page, 'sessions')).map((s) => s.state), { timeout: 10_000, message: 'the session marked interrupted' }).toEqual(['interrupted']);
    const [session] = await readStore<SessionRow>(page, 'sessions');
    // The bench page says a session was interrupted, and offers to continue it.
    const notice = page.getByTestId('interrupted-notice');
    await expect.poll(() => notice.textContent().catch(() => null), { timeout: 10_000, message: 'the bench page notice' }).toContain('中断');
    await page.screenshot({ path: join(screenshotDir(), 'bench-interrupted-notice.zh-CN.png'), fullPage: true });

    // The meter's page shows its Q3 run, as part of an unfinished verification.
    await page.goto(`${baseUrl}/#/meters/${SERIALS[0]}`);
    await expect.poll(() => page.getByTestId('meter-unfinished').textContent().catch(() => null), { timeout: 30_000, message: 'the unfinished verification on the meter page' }).toContain('未完成');
    expect(await page.getByTestId('unfinished-run').count()).toBe(1);
    expect(await page.getByTestId('meter-not-found').count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir(), 'meter-unfinished.zh-CN.png'), fullPage: true });

    // Home → 中断的检定 → the session: what it stored, what is open.
    await page.goto(`${baseUrl}/#/`);
    await expect.poll(() => page.getByTestId('home-interrupted').textContent(), { timeout: 30_000, message: 'the home facts' }).toContain('1');
    await page.getByTestId('home-interrupted').click();
    await expect.poll(() => page.url(), { timeout: 10_000, message: 'the interrupted sessions list' }).toContain('#/sessions');
    await page.getByTestId('session-item').first().click();
    await expect.poll(() => page.getByTestId('session-state').getAttribute('data-state').catch(() => null), { timeout: 30_000, message: 'the session view' }).toBe('interrupted');
    expect(await page.getByTestId('session-run').count()).toBe(3);
    expect(await page.getByTestId('session-open').textContent()).toMatch(/Q2.*Q1/);
    await page.screenshot({ path: join(screenshotDir(), 'session-interrupted.zh-CN.png'), fullPage: true });

    // Resume on the bench: it reconnects, loads the meters again and runs Q2 and Q1 only.
    await page.getByTestId('session-resume').click();
    await expect.poll(() => page.url(), { timeout: 10_000, message: 'to the bench' }).toContain('#/bench');
    await page.getByTestId('interrupted-resume').first().click();
    await waitPhase(page, 'done', 'the resumed session ran Q2 and Q1 to the verdicts', 120_000);
    await page.screenshot({ path: join(screenshotDir(), 'bench-resumed-done.zh-CN.png'), fullPage: true });

    const sessions = await readStore<SessionRow>(page, 'sessions');
    expect(sessions.map((s) => s.state)).toEqual(['ended']);
    const verifications = await readStore<{ serial: string; sessionId: string; record: { runs: Array<{ point: string }> } }>(page, 'verifications');
    expect(verifications.map((v) => v.serial).sort()).toEqual(SERIALS);
    for (const v of verifications) {
      expect(v.sessionId).toBe(session!.id);
      // The Q3 run from before the reload is part of the record.
      expect(v.record.runs.some((r) => r.point === 'Q3')).toBe(true);
    }
    // The app never commanded Q3 again.
    const lines = await readStore<LineRow>(page, 'rawLines');
    const runCommands = lines.filter((l) => l.direction === 'out').flatMap((l) => {
      const d = decodeCommand(latin1Bytes(l.text));
      return d.ok && d.value.verb === 'RUN' ? [d.value.point] : [];
    });
    expect(runCommands.filter((p) => p === 'Q3')).toHaveLength(1);
    expect(runCommands).toContain('Q2');
    expect(await heldSessionLocks(page)).toEqual([]);
    await page.close();
  });

  it('can be closed with a reason instead, and no longer counts as interrupted', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工', speed: 200 });
    await connect(page);
    await mount(page, 1, '24A00701');
    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    await expect.poll(() => page.getByTestId('live-point').textContent(), { timeout: 60_000, interval: 100, message: 'the Q2 run started' }).toBe('Q2');
    await page.reload();
    await page.goto(`${baseUrl}/#/`);
    await page.getByTestId('home-interrupted').click();
    await page.getByTestId('session-item').first().click();
    await page.getByTestId('session-close').click();
    await page.getByTestId('session-close-reason').fill('水表已拆下返修');
    await page.getByTestId('session-close-confirm').click();
    await expect.poll(() => page.getByTestId('session-state').getAttribute('data-state'), { timeout: 10_000, message: 'the session closed' }).toBe('closed');
    expect(await page.getByTestId('session-view').textContent()).toContain('水表已拆下返修');
    const [row] = await readStore<SessionRow & { closure?: { reason: string } }>(page, 'sessions');
    expect(row?.state).toBe('closed');
    await page.goto(`${baseUrl}/#/`);
    await expect.poll(() => page.getByTestId('home-interrupted').textContent(), { timeout: 30_000, message: 'the home facts' }).toBe('0');
    await page.close();
  });
});
