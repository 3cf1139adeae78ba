/**
 * What the operator reads when the bench screen refuses something is one sentence in
 * their language, with the facts filled in (issue 10, item 6): never a Chinese label
 * followed by the English technical message ("当前步骤不能执行此操作：DUP001 is already
 * mounted on position 2").
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { connect, mount, openBench, scan } from '../support/benchPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

/** The alerts on the bench screen, joined; empty when there is none. */
async function alerts(page: Page): Promise<string> {
  const texts = await page.getByRole('alert').allTextContents();
  return texts.join(' | ').trim();
}

/** An English word of two letters or more in lower case: what a technical message is made of. */
const englishWord = /\b[a-z]{2,}\b/;

describe('errors the operator reads', () => {
  it('are whole Chinese sentences with the facts filled in, and whole English ones after the switch', async () => {
    const page = await openBench((o) => browser().newPage(o), baseUrl, { operator: '张工' });
    await connect(page);

    // A serial number far too long (a scanner that read two labels at once).
    await scan(page, 1, `A${'1'.repeat(69)}`);
    await expect.poll(() => alerts(page), { timeout: 10_000, message: 'an alert for the long serial number' }).not.toBe('');
    const tooLong = await alerts(page);
    expect(tooLong).toMatch(/[\u4e00-\u9fff]/);
    expect(tooLong, 'no English in the Chinese message').not.toMatch(englishWord);
    expect(tooLong).toContain('太长');

    // The same meter scanned onto a second position.
    await mount(page, 1, 'DUP001');
    await scan(page, 2, 'DUP001');
    await expect.poll(() => alerts(page), { timeout: 10_000, message: 'an alert for the serial number mounted twice' }).toContain('DUP001');
    const twice = await alerts(page);
    expect(twice, 'no English in the Chinese message').not.toMatch(englishWord);
    expect(twice).toMatch(/表位 ?1/);
    await page.screenshot({ path: join(screenshotDir(), 'bench-error-mounted-twice.zh-CN.png') });

    // The same error, read after switching the language, is English throughout.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => alerts(page), { timeout: 10_000, message: 'the alert in English' }).toMatch(/position 1/i);
    const english = await alerts(page);
    expect(english).toContain('DUP001');
    expect(english, 'no Chinese in the English message').not.toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: join(screenshotDir(), 'bench-error-mounted-twice.en.png') });
    await page.close();
  });
});
