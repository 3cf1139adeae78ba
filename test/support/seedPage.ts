/**
 * Serves the seed page (test/e2e/seed/seedPage.ts, bundled once per run) at
 * `<app origin>/__seed/` through playwright routing, so it shares the app's origin and
 * therefore its IndexedDB. Open it in a context before the app registers its service
 * worker (a fresh context), seed, then go to the app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import type { BrowserContext, Page } from 'playwright-core';
import { computeSoftwareId, projectRoot } from '../../web/build/softwareId.ts';

export const seedDir = join(projectRoot, 'test-output', 'seed-page');

/** Bundles the seed page (called from the browser tests' global setup). */
export async function bundleSeedPage(): Promise<void> {
  const id = computeSoftwareId();
  await build({
    configFile: false,
    root: projectRoot,
    base: './',
    logLevel: 'warn',
    define: { __SOFTWARE_ID__: JSON.stringify({ version: id.version, sha256: id.sha256 }) },
    build: {
      outDir: seedDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      rolldownOptions: { input: join(projectRoot, 'test/e2e/seed/seedPage.ts'), output: { entryFileNames: 'seed.js', format: 'es' } },
    },
  });
}

/** Opens the seed page on `baseUrl`'s origin in `context`; `window.erjianSeed` is ready when this resolves. */
export async function openSeedPage(context: BrowserContext, baseUrl: string): Promise<Page> {
  const script = join(seedDir, 'seed.js');
  if (!existsSync(script)) throw new Error('the seed page is not bundled: the browser tests\' global setup does it');
  const origin = new URL(baseUrl).origin;
  await context.route(`${origin}/__seed/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.endsWith('/seed.js')) await route.fulfill({ contentType: 'text/javascript', body: readFileSync(script) });
    else await route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>seed</title><body><script type="module" src="/__seed/seed.js"></script>' });
  });
  const page = await context.newPage();
  await page.goto(`${origin}/__seed/index.html`);
  await page.waitForFunction(() => document.body?.dataset['ready'] === 'true', undefined, { timeout: 30_000 });
  return page;
}
