/**
 * The sync client against the REAL server in-process (sync-server/src/server.ts): a real
 * SQLite file in a temp dir, port 0, the demo enterprise's one-click enrolment code, real
 * signatures both ways. An honest day of the bench PC (test/tamper/scenario.ts) is pushed,
 * re-verified by the server and anchored by its receipts; the server is then restarted
 * mid-sync and the client converges.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configWith, type ServerConfig } from '../../../sync-server/src/config.ts';
import { startServer, type RunningServer } from '../../../sync-server/src/server.ts';
import { Browser } from '../../../sync-server/src/identity/testServer.ts';
import { dn15 } from '../../../test/bench/storeFixtures.ts';
import { clock, honestDay, type Day } from '../../../test/tamper/scenario.ts';
import { verifyIntegrity } from '../store/integrity.ts';
import { itemStatuses, readSyncState, receiptAnchors, rejectedItems, unsyncedCount } from '../store/syncState.ts';
import { demoEnrolmentCode, enrolDevice } from './enrol.ts';
import { runSync } from './syncClient.ts';
import { inRealmLock } from './syncLock.ts';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** After the honest day's device times (time-invalid otherwise): the server's clock. */
const serverNow = { value: new Date('2026-11-27T06:00:00.000Z') };

async function server(dir: string, extra: Partial<ServerConfig> = {}): Promise<RunningServer> {
  const config = configWith({ dataDir: join(dir, 'data'), staticRoot: dir, demo: true, host: '127.0.0.1', port: 0, firstAdmin: 'root:root-password', ...extra });
  return startServer({ config, clock: () => serverNow.value });
}

async function setUp(options: { registerType?: boolean } = {}): Promise<{ day: Day; running: RunningServer; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'erjian-sync-client-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const running = await server(dir);
  cleanup.push(() => running.close());
  // The enterprise registers the nameplate the day's meters carry (the server re-verifies
  // every verdict with ITS meter type: docs/sync.md "What the server trusts").
  if (options.registerType !== false) {
    const admin = new Browser(running.url);
    expect((await admin.login('root', 'root-password')).status).toBe(200);
    const put = await admin.put(`/api/enterprises/demo/meter-types/${dn15.model}`, dn15);
    expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
  }
  const day = await honestDay();
  cleanup.push(() => day.db.delete());
  return { day, running, dir };
}

describe('sync client against the real server', () => {
  it('enrols with the demo code, pushes an honest day, and every record is re-verified and synced', async () => {
    const { day, running } = await setUp();
    const code = await demoEnrolmentCode(running.url);
    await enrolDevice(day.db, day.device, { serverUrl: running.url, code, actor: 'operator' }, { now: clock(50) });
    const outcome = await runSync(day.db, { now: clock(60), lock: inRealmLock });

    const refused = await rejectedItems(day.db);
    expect(refused.map((r) => `${r.kind}:${r.id}: ${r.reason} ${r.message}`)).toEqual([]);
    expect(outcome.lineRejection).toBeNull();
    expect(await unsyncedCount(day.db)).toBe(0);
    const state = await readSyncState(day.db);
    expect(state.publicBaseUrl).toMatch(/^https?:\/\//);
    expect(await day.db.authorisations.count()).toBeGreaterThan(0);
    // The receipts anchor the chain: the honest record agrees with what the server holds.
    const anchors = await receiptAnchors(day.db, day.device.deviceId);
    expect(anchors.records.length).toBeGreaterThan(0);
    const report = await verifyIntegrity(day.db, day.device.deviceId, { anchors });
    expect(report.problems.filter((p) => p.code === 'anchor-differs')).toEqual([]);

    // A second sync finds nothing to send.
    const again = await runSync(day.db, { now: clock(70), lock: inRealmLock });
    expect(again.pages).toBe(0);
  });

  it('converges after the server is stopped mid-sync and restarted on the same data', async () => {
    const { day, running, dir } = await setUp();
    const code = await demoEnrolmentCode(running.url);
    await enrolDevice(day.db, day.device, { serverUrl: running.url, code, actor: 'operator' }, { now: clock(50) });
    const url = running.url;
    // Small pages; the server goes down after the second page is answered.
    let pages = 0;
    const stopping = async (input: string, init?: RequestInit) => {
      const res = await fetch(input, init);
      if (input.endsWith('/api/sync/push') && ++pages === 2) await running.close();
      return res;
    };
    const first = await runSync(day.db, { fetch: stopping, now: clock(60), lock: inRealmLock, page: { maxLines: 600, maxItems: 3 } }).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(first?.code).toBe('network');
    expect(await day.db.receipts.count()).toBe(2);

    // Restarted on the same data dir and port: the client continues from the server's heads.
    const port = Number(new URL(url).port);
    const again = await server(dir, { port });
    cleanup.push(() => again.close());
    const outcome = await runSync(day.db, { now: clock(70), lock: inRealmLock, page: { maxLines: 600, maxItems: 3 } });
    expect(outcome.lineRejection).toBeNull();
    expect((await rejectedItems(day.db)).map((r) => `${r.kind}:${r.id}: ${r.reason}`)).toEqual([]);
    expect(await unsyncedCount(day.db)).toBe(0);
  });

  it('keeps records the server refuses (a nameplate that differs from the registered type), with the reason, and does not loop', async () => {
    const { day, running } = await setUp({ registerType: false });
    await enrolDevice(day.db, day.device, { serverUrl: running.url, code: await demoEnrolmentCode(running.url), actor: 'operator' }, { now: clock(50) });
    const outcome = await runSync(day.db, { now: clock(60), lock: inRealmLock });
    expect(outcome.rejected.map((r) => r.reason)).toContain('verdict-differs');
    const refused = await rejectedItems(day.db);
    expect(refused.map((r) => r.id)).toContain(day.passed.id);
    expect(refused.every((r) => r.reason === 'verdict-differs')).toBe(true);
    // The certificate that lists the refused meter waits (the server asks to send it again later): it stays local.
    const status = await itemStatuses(day.db, [{ kind: 'record', id: day.certificate.id }]);
    expect(status.get(`record:${day.certificate.id}`)).toBeUndefined();
    expect(await unsyncedCount(day.db)).toBeGreaterThan(0);
    // A second sync ends too (it does not loop on the waiting certificate), and the refusals are still shown.
    const again = await runSync(day.db, { now: clock(70), lock: inRealmLock });
    expect(again.pages).toBe(1);
    expect((await rejectedItems(day.db)).map((r) => r.id).sort()).toEqual(refused.map((r) => r.id).sort());
  });

  it('refuses a wrong one-time code with a reason the screen can say', async () => {
    const { day, running } = await setUp();
    const err = await enrolDevice(day.db, day.device, { serverUrl: running.url, code: 'WRONG-CODE-1234', actor: 'operator' }).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(err?.code).toBe('code-invalid');
    expect((await readSyncState(day.db)).enrolment).toBeNull();
  });
});
