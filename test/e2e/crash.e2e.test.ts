/**
 * Power cut / browser crash mid-run: Chromium is killed with SIGKILL (no unload, no
 * clean shutdown) while the demo bench streams. Reopened on the same profile, every
 * line that was committed (and so could have been shown) is still there, unchanged, and
 * the session is marked interrupted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { launchPersistent } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
const profileDir = mkdtempSync(join(tmpdir(), 'erjian-crash-'));
afterAll(() => rmSync(profileDir, { recursive: true, force: true }));

interface Row {
  deviceId: string;
  seq: number;
  text: string;
  hash: string;
}

function readStore(page: Page, store: string): Promise<unknown[]> {
  return page.evaluate(
    (name) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('erjian');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => {
            resolve(req.result as unknown[]);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

/** SIGKILL every Chromium process of this profile: what a power cut does to the browser. */
function killChromium(): void {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  const pids = out
    .split('\n')
    .filter((l) => l.includes(profileDir))
    .map((l) => Number(l.trim().split(/\s+/)[0]))
    .filter((p) => Number.isInteger(p) && p > 0);
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone with its parent */
    }
  }
}

describe('a browser crash mid-run', () => {
  it('keeps every committed line and marks the session interrupted on reopening', async () => {
    let context: BrowserContext = await launchPersistent(profileDir);
    let page = await context.newPage();
    // Real-time-ish demo bench (speed 50): the Q3 run is still streaming when the browser dies.
    await page.goto(`${baseUrl}/#/bench?speed=50`);
    await page.getByTestId('bench-operator').fill('张工');
    await page.getByTestId('bench-connect').click();
    await expect.poll(() => page.getByTestId('bench-phase').getAttribute('data-phase'), { timeout: 30_000 }).toBe('ready');
    await page.getByTestId('scan-1').fill('CRASH-1');
    await page.getByTestId('scan-1').press('Enter');
    await expect.poll(() => page.getByTestId('serial-1').textContent()).toBe('CRASH-1');
    await page.getByTestId('bench-checks-ok').click();
    // The start opens only once every item is recorded (tightness included).
    await page.getByTestId('bench-tightness').click();
    await expect.poll(() => page.getByTestId('tightness-result').getAttribute('data-valid'), { timeout: 30_000, message: 'a valid tightness test' }).toBe('true');
    await expect.poll(() => page.getByTestId('bench-phase').getAttribute('data-phase'), { timeout: 10_000, message: 'ready after the tightness test' }).toBe('ready');
    await page.getByTestId('bench-no-leak').click();
    await page.getByTestId('bench-run').click();
    await expect.poll(() => page.getByTestId('bench-phase').getAttribute('data-phase'), { timeout: 30_000 }).toBe('running');
    // Let flow samples stream in for a while, then take what is committed at this instant.
    await page.waitForTimeout(1500);
    const committed = (await readStore(page, 'rawLines')) as Row[];
    expect(committed.some((l) => l.text.startsWith('FS '))).toBe(true);

    killChromium();
    await context.close().catch(() => undefined);

    context = await launchPersistent(profileDir);
    page = await context.newPage();
    await page.goto(`${baseUrl}/#/about`);
    const after = new Map(((await readStore(page, 'rawLines')) as Row[]).map((l) => [`${l.deviceId}:${l.seq}`, l]));
    for (const l of committed) expect(after.get(`${l.deviceId}:${l.seq}`), `line ${l.seq} survived`).toEqual(l);
    await expect
      .poll(async () => ((await readStore(page, 'sessions')) as Array<{ state: string }>).map((s) => s.state), { timeout: 15_000 })
      .toEqual(['interrupted']);
    await context.close();
  });
});
