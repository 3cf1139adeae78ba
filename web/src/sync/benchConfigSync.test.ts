/**
 * Bench configurations through the sync client to the REAL server (issue 14 item 1): each
 * saved version is queued in the outbox, pushed as a `bench-config` item, re-validated by
 * the server and marked synced; a later save pushes only the new version, and the
 * enterprise reads the latest one at GET /api/bench-configs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configWith } from '../../../sync-server/src/config.ts';
import { startServer } from '../../../sync-server/src/server.ts';
import { Browser } from '../../../sync-server/src/identity/testServer.ts';
import type { BenchConfigView } from '../../../sync-server/src/benchConfigs/benchConfigRoutes.ts';
import { dn15 } from '../../../test/bench/storeFixtures.ts';
import { clock, honestDay } from '../../../test/tamper/scenario.ts';
import example from '../bench/config/examples/plc-balance-visual.json';
import { saveBenchConfig } from '../store/benchConfigs.ts';
import { itemStatuses, unsyncedCount } from '../store/syncState.ts';
import { demoEnrolmentCode, enrolDevice } from './enrol.ts';
import { runSync } from './syncClient.ts';
import { inRealmLock } from './syncLock.ts';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('bench configurations synced', () => {
  it('pushes every saved version once, and the enterprise reads the latest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erjian-bench-config-sync-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const serverNow = { value: new Date('2026-11-27T06:00:00.000Z') };
    const config = configWith({ dataDir: join(dir, 'data'), staticRoot: dir, demo: true, host: '127.0.0.1', port: 0, firstAdmin: 'root:root-password' });
    const running = await startServer({ config, clock: () => serverNow.value });
    cleanup.push(() => running.close());
    const root = new Browser(running.url);
    expect((await root.login('root', 'root-password')).status).toBe(200);
    // The day's meters' nameplate, so that its records are taken too (realServer.test.ts).
    expect((await root.put(`/api/enterprises/demo/meter-types/${dn15.model}`, dn15)).status).toBeLessThan(300);
    const day = await honestDay();
    cleanup.push(() => day.db.delete());
    await enrolDevice(day.db, day.device, { serverUrl: running.url, code: await demoEnrolmentCode(running.url), actor: 'operator' }, { now: clock(50) });

    await saveBenchConfig(day.db, example, 'op-1', clock(51));
    await saveBenchConfig(day.db, { ...example, name: `${example.name} (2)` }, 'op-1', clock(52));
    const first = await runSync(day.db, { now: clock(60), lock: inRealmLock });
    expect(first.rejected).toEqual([]);
    const ids = [`${example.id}#1`, `${example.id}#2`];
    const marks = await itemStatuses(day.db, ids.map((id) => ({ kind: 'bench-config' as const, id })));
    expect(ids.map((id) => marks.get(`bench-config:${id}`)?.status)).toEqual(['synced', 'synced']);
    expect(await unsyncedCount(day.db)).toBe(0);

    await saveBenchConfig(day.db, { ...example, name: `${example.name} (3)` }, 'op-2', clock(70));
    const second = await runSync(day.db, { now: clock(80), lock: inRealmLock });
    expect(second).toMatchObject({ rejected: [], duplicate: 0 });
    expect((await itemStatuses(day.db, [{ kind: 'bench-config', id: `${example.id}#3` }])).get(`bench-config:${example.id}#3`)?.status).toBe('synced');

    const listed = await root.get<{ configs: BenchConfigView[] }>('/api/bench-configs');
    expect(listed.body.configs.map((c) => [c.deviceId, c.configId, c.version, c.name, c.savedBy])).toEqual([[day.device.deviceId, example.id, 3, `${example.name} (3)`, 'op-2']]);
  }, 60_000);
});
