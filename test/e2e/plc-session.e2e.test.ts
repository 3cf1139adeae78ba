/**
 * A full verification session in the built app on the in-browser demo PLC bench and its
 * balance (issue 14 item 5): two simulated serial ports, 10 positions — mount by scanning,
 * checks, tightness from the PLC's pressure register, Q3 → Q2 → Q1 with the pulse
 * pick-ups, verdicts. Then the raw exchanges the app stored in IndexedDB (every Modbus
 * frame, every balance line, every step line, with its connection) are replayed here, in
 * Node, and give every stored run and every stored verdict. A cable pulled on either
 * port mid-run is resumed from the screen to the verdicts.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { connect, mount, openBench, tightnessValid, waitPhase } from '../support/benchPage.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { expectReplayReproduces, readStoredSession } from '../support/plcReplayCheck.ts';
import { parseBenchConfig } from '../../web/src/bench/config/benchConfig.ts';
import { decodeStep } from '../../web/src/bench/orchestrated/steps.ts';
import pulseExample from '../../web/src/bench/config/examples/plc-balance-pulse.json' with { type: 'json' };

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const serialOf = (prefix: string, pos: number) => `${prefix}${String(pos).padStart(4, '0')}`;

async function mountAll(page: Page, prefix: string, positions: number): Promise<void> {
  for (let pos = 1; pos <= positions; pos++) await mount(page, pos, serialOf(prefix, pos));
  await page.getByTestId('bench-checks-ok').click();
  await tightnessValid(page);
  await page.getByTestId('bench-no-leak').click();
}

describe('a verification session on the demo PLC bench with its balance', () => {
  it('runs 10 positions to the verdicts, and the stored raw exchanges replayed in Node give every run and every verdict', { timeout: 300_000 }, async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工', speed: 200 });
    await page.getByTestId('bench-source').selectOption('demo-plc');
    await connect(page);
    expect(await page.getByTestId('bench-session-meta').textContent()).toContain('PLC');
    await mountAll(page, 'PLC2026', 10);
    await page.screenshot({ path: join(screenshotDir(), 'plc-mounted.zh-CN.png') });
    await page.getByTestId('bench-run').click();
    await expect.poll(() => page.getByTestId('live-point').textContent(), { timeout: 60_000, interval: 100, message: 'the Q3 run started on the PLC bench' }).toBe('Q3');
    await page.screenshot({ path: join(screenshotDir(), 'plc-running.zh-CN.png') });
    await waitPhase(page, 'done', 'Q3 → Q2 → Q1 end with the verdicts stored', 240_000);
    await page.screenshot({ path: join(screenshotDir(), 'plc-done.zh-CN.png') });

    const stored = await readStoredSession(page);
    expect(stored.verifications).toHaveLength(10);
    // Two serial ports and the step lines, each on its own connection.
    expect(new Set(stored.lines.map((l) => l.connectionId)).size).toBeGreaterThanOrEqual(3);
    const replayed = expectReplayReproduces(stored);
    for (let pos = 1; pos <= 10; pos++) {
      const serial = serialOf('PLC2026', pos);
      const v = stored.verifications.find((x) => x.serial === serial);
      expect(v, `${serial} verified`).toBeDefined();
      expect(new Set(replayed.get(serial)?.map((r) => r.point))).toEqual(new Set(['Q3', 'Q2', 'Q1']));
      expect(await page.getByTestId(`verdict-${pos}`).textContent()).toContain(v?.verdict.passed ? '合格' : '不合格');
    }
    await page.close();
  });

  it.each([
    ['the PLC’s', 'plc'],
    ['the balance’s', 'balance'],
  ])('a cable pulled on %s port during Q2 is resumed from the screen: both ports reopened, the run repeated, the verdicts replayed', { timeout: 300_000 }, async (_name, port) => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工', speed: 200, positions: 3 });
    await page.getByTestId('bench-source').selectOption('demo-plc');
    await connect(page);
    await mountAll(page, `CUT${port.toUpperCase()}`, 3);
    await page.getByTestId('bench-run').click();
    await expect.poll(() => page.getByTestId('live-point').textContent(), { timeout: 120_000, interval: 50, message: 'the Q2 run started' }).toBe('Q2');
    await page.locator('summary', { hasText: '演示：模拟故障' }).click();
    await page.getByTestId(`demo-unplug-${port}`).click();
    await waitPhase(page, 'lost', `the pulled ${port} cable noticed`, 30_000);
    expect(await page.getByTestId('bench-log').textContent()).toContain('Q2：本次检定中断（检定台连接断开）');
    await page.screenshot({ path: join(screenshotDir(), `plc-${port}-cable-pulled.zh-CN.png`) });
    await page.getByTestId('bench-reconnect').click();
    await waitPhase(page, 'done', 'the session resumed after 重新连接并继续 and ended with the verdicts', 240_000);

    const stored = await readStoredSession(page);
    expect(stored.verifications).toHaveLength(3);
    // The reconnect opened both ports again: new connections in the record.
    expect(new Set(stored.lines.map((l) => l.connectionId)).size).toBeGreaterThanOrEqual(6);
    // Q2 began twice — cut, then repeated from its start, never stitched — and Q3 was not run again.
    const begun = stored.lines.map((l) => decodeStep(l.text)).flatMap((st) => (st?.verb === 'BEGIN' ? [st.point] : []));
    expect(begun.filter((p) => p === 'Q3')).toHaveLength(1);
    expect(begun.filter((p) => p === 'Q2')).toHaveLength(2);
    expectReplayReproduces(stored);
    await page.close();
  });

  it('on a bench PC, the active PLC configuration asks for the PLC’s port first, saying which in Chinese', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工' });
    // The device's active configuration, as the settings screen saves it (store/benchConfigs.ts).
    const config = { ...parseBenchConfig(pulseExample), id: 'PLC-REAL-01', name: '3 号检定台（PLC + 天平）' };
    await page.evaluate(
      (c) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('erjian');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['benchConfigs', 'meta'], 'readwrite');
            tx.objectStore('benchConfigs').put({ configId: c.id, version: 1, config: c, savedAt: '2026-03-10T01:00:00.000Z', savedBy: '张工' });
            tx.objectStore('meta').put({ key: 'activeBenchConfig', value: c.id });
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      config,
    );
    await page.reload();
    await page.getByTestId('bench-operator').fill('张工');
    await expect.poll(() => page.getByTestId('bench-source').locator('option[value="configured"]').textContent().catch(() => null), { timeout: 10_000, message: 'the active configuration offered' }).toBe('本机检定台配置：3 号检定台（PLC + 天平）');
    await page.getByTestId('bench-source').selectOption('configured');
    await page.getByTestId('bench-connect').click();
    await expect.poll(() => page.getByTestId('port-which').getAttribute('data-role').catch(() => null), { timeout: 10_000, message: 'the PLC’s port asked for first' }).toBe('plc');
    expect(await page.getByTestId('port-which').textContent()).toContain('PLC');
    await page.screenshot({ path: join(screenshotDir(), 'plc-port-prompt.zh-CN.png') });
    await page.getByTestId('port-cancel').click();
    await expect.poll(() => page.getByTestId('bench-connect').isEnabled(), { timeout: 10_000, message: 'the connect form back after 取消' }).toBe(true);
    expect(await page.getByTestId('bench-error').textContent(), 'why it did not connect, in Chinese').toBe('没有选择串口，检定台未连接。请重新点击“连接检定台”，按提示选择串口。');
    await page.close();
  });
});
