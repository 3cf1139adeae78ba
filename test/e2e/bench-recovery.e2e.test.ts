/**
 * The bench screen when something goes wrong (issue 10): a connect that fails part-way
 * leaks neither a running session nor its Web Lock (item 10); a clean 断开 before any run
 * is not an interrupted session (item 10); a checksum fault on the bench's answer to a
 * run ends in a completed session, not in 检定中 for ever (item 2); "重新连接并继续"
 * continues by itself (item 5); and the event log speaks the operator's language (item 6).
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { faultOnCommand, benchSilentAfterHello, heldSessionLocks, readStore } from '../support/benchFaults.ts';
import { connect, mount, openBench, tightnessValid, waitPhase } from '../support/benchPage.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

interface SessionRow {
  id: string;
  state: string;
  interruption: string | null;
}

const sessionsIn = (rows: SessionRow[], state: string) => rows.filter((s) => s.state === state).length;

describe('the bench screen when something goes wrong', () => {
  it('a connect that fails part-way leaves no running session and no lock; a second connect and a clean 断开 leave none either', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工' });
    await benchSilentAfterHello(page);
    await page.getByTestId('bench-connect').click();
    // The bench answered HELLO and then nothing: the connect fails after its command timeout.
    await expect.poll(() => page.getByRole('alert').first().textContent().catch(() => ''), { timeout: 30_000, message: 'the failed connect explained' }).toContain('检定台没有应答');
    await expect.poll(() => page.getByTestId('bench-connect').isEnabled(), { timeout: 10_000, message: 'the connect form back' }).toBe(true);
    expect(sessionsIn(await readStore<SessionRow>(page, 'sessions'), 'running'), 'no session left running by the failed connect').toBe(0);
    expect(await heldSessionLocks(page), 'no session lock left held by the failed connect').toEqual([]);

    // A good connect, a meter mounted, then 断开 before any run: the session ends, unlocked.
    await connect(page);
    await mount(page, 1, '24A00301');
    expect(await heldSessionLocks(page)).toHaveLength(1);
    await page.getByTestId('bench-disconnect').click();
    await expect.poll(() => page.getByTestId('bench-connect').isVisible(), { timeout: 10_000, message: 'the connect form after 断开' }).toBe(true);
    await expect.poll(() => heldSessionLocks(page), { timeout: 10_000, message: 'the lock released by 断开' }).toEqual([]);
    const rows = await readStore<SessionRow>(page, 'sessions');
    expect(sessionsIn(rows, 'running')).toBe(0);
    expect(sessionsIn(rows, 'interrupted'), 'a clean 断开 before any run is not an interruption').toBe(0);

    // After a restart nothing counts as interrupted.
    await page.goto(`${baseUrl}/#/`);
    await page.reload();
    await expect.poll(() => page.getByTestId('home-interrupted').textContent(), { timeout: 30_000, message: 'the home page facts' }).toBe('0');
    await page.close();
  });

  it('a checksum fault on the bench’s answer to the Q2 run: the run goes on (its own lines accept it) and the session completes', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工', speed: 1500 });
    await connect(page);
    for (let pos = 1; pos <= 3; pos++) await mount(page, pos, `24A0040${pos}`);
    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    await page.getByTestId('bench-no-leak').click();
    // "校验和错误 ×3" landing on the bench's ACK of RUN point=Q2 (what a click ~0.8 s after
    // start does at the default speed): the app never hears the run was accepted.
    await faultOnCommand(page, { prefix: 'RUN', contains: 'point=Q2' }, { kind: 'bad-checksum', lines: 3 });
    await page.getByTestId('bench-run').click();
    await waitPhase(page, 'done', 'the session completed after the checksum fault', 90_000);
    await page.screenshot({ path: join(screenshotDir(), 'bench-checksum-q2-done.zh-CN.png'), fullPage: true });
    const verifications = await readStore<{ serial: string }>(page, 'verifications');
    expect(verifications.map((v) => v.serial).sort()).toEqual(['24A00401', '24A00402', '24A00403']);
    expect(await heldSessionLocks(page)).toEqual([]);
    await page.close();
  });

  it('重新连接并继续 after a pulled cable continues the run by itself; the log says so in Chinese (English on the switch)', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工', speed: 1500 });
    await connect(page);
    for (let pos = 1; pos <= 2; pos++) await mount(page, pos, `24A0050${pos}`);
    await page.getByTestId('bench-checks-ok').click();
    await tightnessValid(page);
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    await expect.poll(() => page.getByTestId('live-point').textContent(), { timeout: 60_000, interval: 100, message: 'the Q2 run started' }).toBe('Q2');
    await page.locator('summary', { hasText: '演示：模拟故障' }).click();
    await page.getByTestId('demo-unplug').click();
    await waitPhase(page, 'lost', 'the cable pulled');
    await page.getByTestId('bench-reconnect').click();
    // No second press of 开始检定: it goes on from Q2 to the verdicts.
    await waitPhase(page, 'done', 'the session continued to its verdicts after 重新连接并继续', 90_000);
    expect(await readStore(page, 'verifications')).toHaveLength(2);

    const log = page.getByTestId('bench-log');
    const text = (await log.textContent()) ?? '';
    expect(text).toContain('Q2：本次检定中断（检定台连接断开）');
    expect(text).toContain('已重新连接检定台，继续检定');
    // Bench names and serials are data; every word around them is the operator's language.
    expect(text.replace(/SIM-\d+|Demo Bench Works|WMB-SIM|24A\d+|Q[123]|\b[AP]M\b|kPa/g, '').match(/[A-Za-z]{3,}/g)).toBeNull();
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => log.textContent(), { timeout: 10_000, message: 'the log in English' }).toContain('Q2: run interrupted (bench connection lost)');
    await page.close();
  });
});
