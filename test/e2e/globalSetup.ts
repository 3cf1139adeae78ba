/**
 * Starts the real sync server on 127.0.0.1 (ephemeral port, throw-away SQLite file)
 * serving the built app from dist/, for every browser test, and stops it afterwards.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { configWith } from '../../sync-server/src/config.ts';
import { startServer, type RunningServer } from '../../sync-server/src/server.ts';
import { bundleSeedPage } from '../support/seedPage.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let running: RunningServer | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  // ERJIAN_DIST: another build folder (e.g. one per working copy); default dist/.
  const dist = resolve(process.env.ERJIAN_DIST ?? 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` before the browser tests (npm test does).');
  await bundleSeedPage();
  dataDir = mkdtempSync(join(tmpdir(), 'erjian-e2e-'));
  running = await startServer({ config: configWith({ dataDir, staticRoot: dist }) });
  project.provide('baseUrl', running.url);
}

export async function teardown(): Promise<void> {
  await running?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
