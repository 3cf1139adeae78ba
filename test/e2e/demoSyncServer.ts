/**
 * For the admin and regulator browser tests: a real sync server of the test's own (demo on:
 * the demo enterprise `demo`, its people with the password `demo`, the embedded NQI
 * simulator; a real SQLite file in a temp dir; the built app from ERJIAN_DIST or dist/), its
 * clock fixed by the test, and synthetic bench PCs synced into it through the real protocol
 * (sync-server/cli/seed/seedDemo.ts: enrolled with a code, signed, pushed, re-verified).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configWith } from '../../sync-server/src/config.ts';
import { startServer, type RunningServer } from '../../sync-server/src/server.ts';
import { PersonSession } from '../../sync-server/cli/seed/serverApi.ts';
import { seedDemo, type SeedResult } from '../../sync-server/cli/seed/seedDemo.ts';
import type { SyntheticTiming } from '../../sync-server/cli/seed/syntheticTiming.ts';

export interface DemoServer {
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

export async function startDemoServer(now: Date): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'erjian-g2-e2e-'));
  const dist = resolve(process.env.ERJIAN_DIST ?? 'dist');
  const server = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: dist, demo: true }), clock: () => now });
  return {
    server,
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One synthetic bench PC of the demo enterprise, its meters verified as a bench runs them,
 * the last a minute before `now` (device times must lie before the server's receipt,
 * docs/sync.md "What the server trusts"; `syntheticStart`). Two PCs seeded with the same
 * `serialPrefix` and `seed` verify the same meters: a serial conflict on every one
 * (docs/sync.md "Conflicts"). `timing: 'forged'` makes a PC whose runs no bench can run
 * (docs/risk.md volume-inconsistent, rate-implausible).
 */
export async function seedDevice(url: string, now: Date, o: { meters: number; label: string; serialPrefix: string; seed?: number; timing?: SyntheticTiming }): Promise<SeedResult> {
  const person = await PersonSession.signIn(url, 'ent-admin', 'demo');
  const result = await seedDemo({
    baseUrl: url,
    person,
    enterpriseId: 'demo',
    meters: o.meters,
    until: now,
    ...(o.timing === undefined ? {} : { timing: o.timing }),
    seed: o.seed ?? 20261130,
    serialPrefix: o.serialPrefix,
    batchPrefix: `${o.serialPrefix}-B`,
    label: o.label,
  });
  if (result.refused.length > 0) throw new Error(`the server refused an honest seed: ${result.refused.join('; ')}`);
  return result;
}
