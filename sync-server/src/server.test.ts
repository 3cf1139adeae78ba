import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith } from './config.ts';
import { startServer, type RunningServer } from './server.ts';
import { openDb, schemaVersion } from './db/open.ts';
import { migrations } from './db/migrations/index.ts';

let dir: string;
let running: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'erjian-server-'));
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>二检合一</title>');
  writeFileSync(join(dist, 'assets', 'app-abc.js'), 'console.log(1)');
  writeFileSync(join(dist, 'stats.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
  running = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: dist }) });
});

afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync server', () => {
  it('binds 127.0.0.1 only', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers /api/health with the software identification and the SQLite schema', async () => {
    const res = await fetch(`${running.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.status).toBe('ok');
    expect(body.db).toEqual({ engine: 'sqlite', schemaVersion: migrations.length });
    expect((body.software as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the PWA, with application/wasm for the kernel and long caching only for hashed assets', async () => {
    const index = await fetch(`${running.url}/`);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('二检合一');
    const wasm = await fetch(`${running.url}/stats.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    const asset = await fetch(`${running.url}/assets/app-abc.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('falls back to index.html for app routes but 404s a missing asset', async () => {
    expect((await fetch(`${running.url}/batches/42`)).status).toBe(200);
    expect((await fetch(`${running.url}/assets/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside the web root', async () => {
    const res = await fetch(`${running.url}/..%2Fsecret.txt`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('outside the web root');
  });

  it('answers an unknown API route with the one error shape', async () => {
    const res = await fetch(`${running.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 'error', reason: 'not-found', message: 'no API route GET /api/nope' });
  });

  it('refuses writes to the static site', async () => {
    const res = await fetch(`${running.url}/index.html`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(((await res.json()) as { reason: string }).reason).toBe('method-not-allowed');
  });
});

describe('database migrations', () => {
  it('migrate a new file to the latest schema, and re-opening is a no-op', () => {
    const file = join(dir, 'm.sqlite');
    const a = openDb(file);
    expect(schemaVersion(a)).toBe(migrations.length);
    expect(a.pragma('journal_mode', { simple: true })).toBe('wal');
    a.prepare('INSERT INTO server_meta (key, value) VALUES (?, ?)').run('k', 'v');
    a.close();
    const b = openDb(file);
    expect(b.prepare('SELECT value FROM server_meta WHERE key = ?').get('k')).toEqual({ value: 'v' });
    b.close();
  });
});
