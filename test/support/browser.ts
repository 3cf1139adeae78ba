/**
 * Launches Debian's headless Chromium for the browser tests with the flags that work on
 * a closed network as root (docs/architecture.md, Stack notes), and a fresh profile directory per launch.
 */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { findChromium } from './ensure-chromium.mjs';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function chromiumPath(): string {
  const path = findChromium();
  if (!path) throw new Error('No Chromium: run `node test/support/ensure-chromium.mjs` or set CHROME_PATH');
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

/** A persistent context (IndexedDB survives a close), in its own new profile folder. */
export async function launchPersistent(userDataDir = mkdtempSync(join(tmpdir(), 'erjian-chromium-'))): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

/** Where screenshots for review go (looked at by a person; kept out of git). */
export function screenshotDir(): string {
  const dir = join(process.cwd(), 'test-output', 'screens');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * One headless Chromium for the test file that calls this at its top level: launched
 * before its tests, closed after them. Returns the getter the tests use.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is launched in beforeAll: call it inside a test or hook');
    return browser;
  };
}
