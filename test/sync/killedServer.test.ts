/**
 * Issue 12 item 8: "the server killed mid-sync and restarted: client and server converge"
 * (docs/sync.md "The client", "Paging": resumable by construction).
 *
 * The server runs as a process of its own (test/sync/process/clockedServer.ts: the real
 * server, demo on, a real SQLite file) behind a TCP relay that SIGKILLs it at a chosen point
 * of a push in flight: the page cut mid-body, just after the whole page arrived (during
 * re-verification or the transaction), after a delay, and when the answer starts (the page
 * stored, the answer lost). After each kill the server is started again on the same data dir
 * and the client — the real `runSync` over a bench PC's IndexedDB (fake-indexeddb, an honest
 * day: 1,040 raw lines, 3 checkpoints, 6 records, small pages) — syncs again. At the end the
 * server's heads are the PC's, every line, checkpoint, record, batch and audit entry is in the
 * SQLite file exactly once with the PC's hashes, nothing is refused or left local, and the
 * public lookup answers for the passed meter.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Browser } from '../../sync-server/src/identity/testServer.ts';
import { verifyIntegrity } from '../../web/src/store/integrity.ts';
import { receiptAnchors, rejectedItems, unsyncedCount } from '../../web/src/store/syncState.ts';
import { isSignedCheckpoint } from '../../web/src/store/types.ts';
import { demoEnrolmentCode, enrolDevice } from '../../web/src/sync/enrol.ts';
import { SyncError } from '../../web/src/sync/errors.ts';
import { runSync, type SyncOutcome } from '../../web/src/sync/syncClient.ts';
import { inRealmLock } from '../../web/src/sync/syncLock.ts';
import { dn15 } from '../bench/storeFixtures.ts';
import { within } from '../support/bounded.ts';
import { clock, honestDay, lines, type Day } from '../tamper/scenario.ts';
import { startRelay, startServerProcess, type KillPoint, type Relay, type ServerProcess } from './process/serverProcess.ts';

/** The server's frozen clock: after the honest day's device times (scenario T0 + 40 min). */
const SERVER_CLOCK = '2026-11-27T06:00:00.000Z';
/** Below the checkpoint interval (500): each line page reaches to the next checkpoint (pushPages.ts). */
const page = { maxLines: 100, maxItems: 2 };

/** Where each round kills the server: the n-th push of that round's sync (the pushes before it are answered). */
const rounds: KillPoint[] = [
  { push: 1, at: 'mid-body', fraction: 0.5 },
  { push: 1, at: 'answer' },
  { push: 1, at: 'after-body', delayMs: 0 },
  { push: 2, at: 'after-body', delayMs: 25 },
  { push: 1, at: 'answer' },
  { push: 2, at: 'mid-body', fraction: 0.9 },
];

type Row = Record<string, unknown>;

/** The receipts the server signed for the device: one per push it stored. */
function serverReceipts(dataDir: string, deviceId: string): number {
  const sqlite = new Database(join(dataDir, 'erjian.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (sqlite.prepare('SELECT COUNT(*) AS n FROM sync_receipts WHERE device_id = ?').get(deviceId) as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

describe('the server killed mid-sync (SIGKILL, its own process) and restarted', () => {
  it('client and server converge: heads equal, every item stored exactly once, nothing refused, the lookup answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erjian-killed-'));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    let server: ServerProcess | null = null;
    let relay: Relay | null = null;
    let day: Day | null = null;
    try {
      server = await startServerProcess({ dataDir, clock: SERVER_CLOCK, firstAdmin: 'root:root-password' });
      relay = await startRelay();
      relay.setTarget(server);
      // The enterprise registers the nameplate the day's meters carry (the server re-verifies with ITS meter type).
      const admin = new Browser(server.url);
      expect((await within('the admin signing in', 30_000, admin.login('root', 'root-password'))).status).toBe(200);
      const put = await within('the meter type registered', 30_000, admin.put(`/api/enterprises/demo/meter-types/${dn15.model}`, dn15));
      expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);

      day = await honestDay();
      const db = day.db;
      const deviceId = day.device.deviceId;
      const code = await within('the demo enrolment code', 30_000, demoEnrolmentCode(relay.url));
      await within('the enrolment', 30_000, enrolDevice(db, day.device, { serverUrl: relay.url, code, actor: 'operator' }, { now: clock(50) }));

      for (const [i, point] of rounds.entries()) {
        const before = { server: serverReceipts(dataDir, deviceId), pc: await db.receipts.count() };
        const { killed } = relay.arm(point);
        const result = await within(
          `sync of round ${i + 1} ending`,
          60_000,
          runSync(db, { now: clock(60 + i), lock: inRealmLock, page, timeoutMs: 30_000 }).then(
            (o: SyncOutcome) => o,
            (e: unknown) => e,
          ),
        );
        // the round's sync was cut by the kill (it did not finish first)
        expect(result instanceof SyncError ? result.code : result, `round ${i + 1} (${JSON.stringify(point)})`).toBe('network');
        await within(`the kill of round ${i + 1}`, 15_000, killed);
        server = await startServerProcess({ dataDir, clock: SERVER_CLOCK });
        relay.setTarget(server);
        // What the killed push left on the server: a page cut mid-body nothing; a page whose
        // answer was lost all of it (a receipt the PC never got); a kill during the transaction either.
        const lost = serverReceipts(dataDir, deviceId) - before.server - ((await db.receipts.count()) - before.pc);
        const expected = point.at === 'mid-body' ? [0] : point.at === 'answer' ? [1] : [0, 1];
        expect(expected, `round ${i + 1} (${JSON.stringify(point)}): pushes stored whose answer the PC did not get`).toContain(lost);
      }

      const outcome = await within('the last sync', 60_000, runSync(db, { now: clock(70), lock: inRealmLock, page, timeoutMs: 30_000 }));
      expect(outcome.lineRejection).toBeNull();
      expect(outcome.rejected).toEqual([]);
      expect((await rejectedItems(db)).map((r) => `${r.kind}:${r.id}: ${r.reason}`)).toEqual([]);
      expect(await unsyncedCount(db)).toBe(0);

      // The server's heads are the PC's.
      const pcLines = await lines(db, deviceId);
      const chain = await db.recordChain.where('deviceId').equals(deviceId).sortBy('recordSeq');
      const checkpoints = (await db.checkpoints.where('deviceId').equals(deviceId).sortBy('seq')).filter(isSignedCheckpoint);
      expect(outcome.heads).toEqual({
        lines: { seq: pcLines.at(-1)!.seq, hash: pcLines.at(-1)!.hash },
        checkpoint: { seq: checkpoints.at(-1)!.seq, hash: checkpoints.at(-1)!.hash },
        records: { seq: chain.at(-1)!.recordSeq, hash: chain.at(-1)!.hash },
      });

      // The SQLite file holds each of them exactly once, with the PC's hashes.
      const sqlite = new Database(join(dataDir, 'erjian.sqlite'), { readonly: true, fileMustExist: true });
      try {
        const all = (sql: string, ...params: unknown[]): Row[] => sqlite.prepare(sql).all(...params) as Row[];
        expect(all('SELECT seq, hash FROM sync_lines WHERE device_id = ? ORDER BY seq', deviceId)).toEqual(pcLines.map((l) => ({ seq: l.seq, hash: l.hash })));
        expect(all('SELECT seq FROM sync_checkpoints WHERE device_id = ? ORDER BY seq', deviceId)).toEqual(checkpoints.map((c) => ({ seq: c.seq })));
        expect(all('SELECT record_seq, record_id, hash, status FROM sync_records WHERE device_id = ? ORDER BY record_seq', deviceId)).toEqual(
          chain.map((c) => ({ record_seq: c.recordSeq, record_id: c.recordId, hash: c.hash, status: 'accepted' })),
        );
        expect(all('SELECT id FROM sync_batches')).toEqual([{ id: 'B-T' }]);
        expect(all('SELECT COUNT(*) AS n, COUNT(DISTINCT item_id) AS ids FROM sync_audit WHERE device_id = ?', deviceId)).toEqual([{ n: await db.audit.count(), ids: await db.audit.count() }]);
        expect(all('SELECT verification_id FROM public_meters ORDER BY verification_id')).toEqual([day.passed.id, day.failed.id].sort().map((id) => ({ verification_id: id })));
        // queued for NQI once each, however often the page that carried them was sent
        expect(all("SELECT verification_id, COUNT(*) AS n FROM nqi_outbox WHERE reason = 'publish' GROUP BY verification_id ORDER BY verification_id")).toEqual(
          [day.passed.id, day.failed.id].sort().map((id) => ({ verification_id: id, n: 1 })),
        );
        // a restart is no attack: no content conflict, no chain gap
        expect(all('SELECT kind, subject FROM sync_alarms')).toEqual([]);

        // The public lookup answers for the passed meter.
        const serial = (all('SELECT serial FROM public_meters WHERE verification_id = ?', day.passed.id)[0] as { serial: string }).serial;
        const res = await within('the public lookup', 30_000, fetch(`${server.url}/api/public/meters/${encodeURIComponent(serial)}`));
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ serial, conclusion: '合格', integrity: 'verified' });
      } finally {
        sqlite.close();
      }

      // The receipts the PC kept anchor its chain where the server holds it.
      const anchors = await receiptAnchors(db, deviceId);
      const report = await verifyIntegrity(db, deviceId, { anchors });
      expect(report.problems.filter((p) => p.code === 'anchor-differs')).toEqual([]);
    } finally {
      await server?.kill();
      await relay?.close();
      await day?.db.delete();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
