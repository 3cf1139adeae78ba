/**
 * `npm run demo:seed` against a real sync server (demo mode, real SQLite file): the synthetic
 * bench PC is enrolled with a one-time code, its sessions are pushed and re-verified, nothing
 * is refused, and the public lookup finds a seeded meter (issue 12 item 7; docs/sync.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith } from '../sync-server/src/config.ts';
import { startServer, type RunningServer } from '../sync-server/src/server.ts';
import { createServer } from 'node:net';
import { runCli } from './support/runCli.ts';

/** A port nothing listens on: bound, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const UNTIL = '2026-11-27T06:00:00.000Z';
let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'erjian-demo-seed-'));
  server = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: dir, demo: true, nqiUrl: 'embedded' }), clock: () => new Date('2026-11-27T08:00:00Z') });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo:seed', () => {
  it('seeds meters through the real protocol: enrolled, pushed, re-verified, none refused, found by the lookup', async () => {
    const out = await runCli('sync-server/cli/demo-seed.ts', ['--server', server.url, '--meters', '25', '--prefix', 'SEEDT', '--until', UNTIL], '', 120_000);
    expect(out.stderr).not.toMatch(/refused/);
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout) as { verifications: number; refused: number; serials: { first: string }; lookup: string };
    expect(result).toMatchObject({ verifications: 25, refused: 0 });
    expect(result.serials.first).toBe('SEEDT0000001');
    const res = await fetch(`${server.url}/api/public/meters/${result.serials.first}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { serial: string }).serial).toBe('SEEDT0000001');
  });

  it('says what is wrong when the server is not there', async () => {
    const closed = await closedPort();
    const out = await runCli('sync-server/cli/demo-seed.ts', ['--server', `http://127.0.0.1:${closed}`, '--meters', '1'], '', 60_000);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`Is the sync server running at http://127.0.0.1:${closed}?`);
  });
});
