/**
 * Driving the bench screen of the built app on the demo bench, as an operator would: the
 * connect form, scanning serial numbers (typing + Enter), the checks and the tightness
 * test. Every wait is bounded and says what did not happen.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A civil morning in Tai'an: the app's dates (batch number, records) come from it, never from the wall clock. */
export const BENCH_MORNING = new Date('2026-03-10T09:00:00+08:00');

export interface OpenBench {
  positions?: number;
  speed?: number;
  operator?: string;
  viewport?: { width: number; height: number };
}

/**
 * A new page on the bench screen, its clock installed at BENCH_MORNING (time then runs on
 * by itself, so the demo bench's timers work).
 */
export async function openBench(newPage: (o: { viewport: { width: number; height: number } }) => Promise<Page>, baseUrl: string, o: OpenBench = {}): Promise<Page> {
  const page = await newPage({ viewport: o.viewport ?? { width: 1366, height: 768 } });
  await page.clock.install({ time: BENCH_MORNING });
  const query = new URLSearchParams({ speed: String(o.speed ?? 3000), ...(o.positions === undefined ? {} : { positions: String(o.positions) }) });
  await page.goto(`${baseUrl}/#/bench?${query.toString()}`);
  await page.getByTestId('bench-connect').waitFor({ timeout: 30_000 });
  if (o.operator !== undefined) await page.getByTestId('bench-operator').fill(o.operator);
  return page;
}

export function phaseOf(page: Page): Promise<string | null> {
  return page.getByTestId('bench-phase').getAttribute('data-phase');
}

export async function waitPhase(page: Page, phase: string, what: string, timeout = 30_000): Promise<void> {
  await expect.poll(() => phaseOf(page).catch(() => null), { timeout, interval: 100, message: what }).toBe(phase);
}

export async function connect(page: Page): Promise<void> {
  await page.getByTestId('bench-connect').click();
  await waitPhase(page, 'ready', 'the demo bench connected and ready');
}

/** Types a serial number into a position's scan field and presses Enter, as a scanner does. */
export async function scan(page: Page, pos: number, text: string): Promise<void> {
  await page.getByTestId(`scan-${pos}`).fill(text);
  await page.getByTestId(`scan-${pos}`).press('Enter');
}

export async function mount(page: Page, pos: number, serial: string): Promise<void> {
  await scan(page, pos, serial);
  await expect.poll(() => page.getByTestId(`serial-${pos}`).textContent().catch(() => null), { timeout: 10_000, message: `meter ${serial} mounted on position ${pos}` }).toBe(serial);
}

export async function tightnessValid(page: Page): Promise<void> {
  await page.getByTestId('bench-tightness').click();
  await expect.poll(() => page.getByTestId('tightness-result').getAttribute('data-valid').catch(() => null), { timeout: 30_000, message: 'a valid tightness test shown' }).toBe('true');
  await waitPhase(page, 'ready', 'the bench ready after the tightness test');
}
