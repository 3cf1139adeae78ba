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
 * One synthetic bench PC of the demo enterprise, its meters verified ten minutes before
 * `now` (device times must lie before the server's receipt, docs/sync.md "What the server
 * trusts"). Two PCs seeded with the same `serialPrefix` and `seed` verify the same meters:
 * a serial conflict on every one (docs/sync.md "Conflicts").
 */
export async function seedDevice(url: string, now: Date, o: { meters: number; label: string; serialPrefix: string; seed?: number }): Promise<SeedResult> {
  const person = await PersonSession.signIn(url, 'ent-admin', 'demo');
  const result = await seedDemo({
    baseUrl: url,
    person,
    enterpriseId: 'demo',
    meters: o.meters,
    start: new Date(now.getTime() - 10 * 60_000),
    seed: o.seed ?? 20261130,
    serialPrefix: o.serialPrefix,
    batchPrefix: `${o.serialPrefix}-B`,
    label: o.label,
  });
  if (result.refused.length > 0) throw new Error(`the server refused an honest seed: ${result.refused.join('; ')}`);
  return result;
}
