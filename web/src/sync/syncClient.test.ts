import { afterEach, describe, expect, it } from 'vitest';
import { clock, honestDay, resignEverything, rewriteFrom, type Day } from '../../../test/tamper/scenario.ts';
import { verifyIntegrity } from '../store/integrity.ts';
import { itemStatuses, readSyncState, receiptAnchors, rejectedItems, saveEnrolment, unsyncedCount } from '../store/syncState.ts';
import { SyncError } from './errors.ts';
import { ScriptedServer, scriptedKey } from './scriptedServer.testkit.ts';
import { runSync, type SyncProgress } from './syncClient.ts';
import { inRealmLock } from './syncLock.ts';

const opened: Day[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.db.delete();
});

async function enrolledDay(): Promise<{ day: Day; server: ScriptedServer }> {
  const day = await honestDay();
  opened.push(day);
  const server = new ScriptedServer(await scriptedKey(), day.device.deviceId);
  await saveEnrolment(day.db, server.enrolment(), 'admin', clock(50));
  return { day, server };
}

/** Small pages, so that one honest day takes several. */
const small = { maxLines: 600, maxItems: 4 };

async function localHeads(day: Day) {
  const lines = await day.db.rawLines.where('[deviceId+seq]').between([day.device.deviceId, 0], [day.device.deviceId, Number.MAX_SAFE_INTEGER]).last();
  const records = await day.db.recordChain.where('[deviceId+recordSeq]').between([day.device.deviceId, 0], [day.device.deviceId, Number.MAX_SAFE_INTEGER]).last();
  return { lines: lines!.seq, records: records!.recordSeq };
}

async function failure(p: Promise<unknown>): Promise<SyncError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof SyncError)) throw new Error(`expected a SyncError, got ${String(err)}`);
  return err;
}

describe('sync client', () => {
  it('pushes a whole day in pages, each answer kept with its checked receipt, and applies the pull', async () => {
    const { day, server } = await enrolledDay();
    expect(await unsyncedCount(day.db)).toBeGreaterThan(3);
    const seen: SyncProgress[] = [];
    const outcome = await runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock, page: small, onProgress: (p) => seen.push(p) });

    const local = await localHeads(day);
    expect(server.pushes.length).toBeGreaterThan(3);
    expect(outcome.pages).toBe(server.pushes.length);
    expect(outcome.rejected).toEqual([]);
    // The lines up to the last checkpoint and every record are on the server.
    expect(server.heads.records.seq).toBe(local.records);
    expect(server.heads.lines.seq).toBe(server.heads.checkpoint.seq);
    expect(await unsyncedCount(day.db)).toBe(0);
    const statuses = await itemStatuses(day.db, [{ kind: 'record', id: day.passed.id }, { kind: 'record', id: day.certificate.id }]);
    expect([...statuses.values()].map((s) => s.status)).toEqual(['synced', 'synced']);

    // Progress: phases in order, `sent` never goes back and ends at `total`.
    expect(seen[0]!.phase).toBe('pull');
    expect(seen.at(-1)).toMatchObject({ phase: 'done' });
    const sent = seen.filter((p) => p.phase === 'push').map((p) => p.sent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(seen.at(-1)!.sent).toBe(seen.at(-1)!.total);

    // The pull is applied: authorisation, enterprise, publicBaseUrl, institution, benches.
    const state = await readSyncState(day.db);
    expect(state).toMatchObject({ publicBaseUrl: 'https://lookup.example.cn', institution: '泰安市计量检定测试所', lastSyncAt: clock(60)().toISOString() });
    expect(state.heads).toEqual(server.heads);
    expect(await day.db.authorisations.get('TA-2025-007')).toMatchObject({ enterpriseId: 'ENT-1', issuedOn: '2025-03-01' });
    expect(await day.db.benches.get('B-T')).toEqual({ id: 'B-T', name: '一号台', uRelPct: 0.2 });

    // Every receipt is kept; their heads anchor the chain, and the honest chain agrees with them.
    expect(await day.db.receipts.count()).toBe(server.pushes.length);
    const anchors = await receiptAnchors(day.db, day.device.deviceId);
    expect(anchors.records.at(-1)).toEqual(server.heads.records);
    const report = await verifyIntegrity(day.db, day.device.deviceId, { anchors });
    expect(report.problems.filter((p) => p.code === 'anchor-differs')).toEqual([]);
  });

  it.each(['before', 'after'] as const)('resumes after a push cut %s the server stored it: nothing lost, nothing sent twice', async (cut) => {
    const { day, server } = await enrolledDay();
    const sync = () => runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock, page: small });
    // The first push goes through; the second is cut.
    let pushes = 0;
    const cutting = async (input: string, init?: RequestInit) => {
      if (input.endsWith('/api/sync/push') && ++pushes === 2) server.cuts.push(cut);
      return server.fetch(input, init);
    };
    const err = await failure(runSync(day.db, { fetch: cutting, now: clock(60), lock: inRealmLock, page: small }));
    expect(err.code).toBe('network');
    expect(server.pushes.length).toBe(cut === 'after' ? 2 : 1);
    // What the PC kept is what it had a checked receipt for: one page.
    expect(await day.db.receipts.count()).toBe(1);
    expect((await readSyncState(day.db)).lastSyncAt).toBeNull();

    const outcome = await sync();
    expect(outcome.rejected).toEqual([]);
    expect(server.heads.records.seq).toBe((await localHeads(day)).records);
    expect(await unsyncedCount(day.db)).toBe(0);
    // Every line went once, in order (the server refused none as not continuing its head);
    // only what the server already held came again: batches, and after a lost answer the audit entries it carried.
    expect(outcome.lineRejection).toBeNull();
    expect(server.heads.lines.seq).toBe(server.heads.checkpoint.seq);
    expect(server.duplicates.filter((k) => !k.startsWith('batch:') && !k.startsWith('audit:'))).toEqual([]);
    if (cut === 'before') expect(server.duplicates.filter((k) => k.startsWith('audit:'))).toEqual([]);
  });

  it('keeps a refused record with its reason, sends the others, and ends without looping', async () => {
    const { day, server } = await enrolledDay();
    server.refuse.set(day.failed.id, 'verdict-differs');
    const outcome = await runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock, page: small });
    expect(outcome.rejected).toMatchObject([{ kind: 'record', id: day.failed.id, reason: 'verdict-differs', retry: false }]);
    const rejected = await rejectedItems(day.db);
    expect(rejected).toMatchObject([{ kind: 'record', id: day.failed.id, status: 'rejected', reason: 'verdict-differs' }]);
    // The chain waits behind it: the records before it are synced, it and the ones after stay off the server.
    const failedEntry = await day.db.recordChain.where('recordId').equals(day.failed.id).first();
    expect(server.heads.records.seq).toBe(failedEntry!.recordSeq - 1);
    expect((await itemStatuses(day.db, [{ kind: 'record', id: day.passed.id }])).get(`record:${day.passed.id}`)?.status).toBe('synced');
    expect(await unsyncedCount(day.db)).toBeGreaterThan(0);

    // A second sync sends it once more, is refused again, and still ends.
    const again = await runSync(day.db, { fetch: server.fetch, now: clock(70), lock: inRealmLock, page: small });
    expect(again.rejected.map((r) => r.id)).toEqual([day.failed.id]);
    expect((await rejectedItems(day.db)).length).toBe(1);
  });

  it('refuses a forged receipt and keeps nothing of that answer', async () => {
    const { day, server } = await enrolledDay();
    server.forgeWith = await scriptedKey();
    const err = await failure(runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock, page: small }));
    expect(err.code).toBe('receipt-invalid');
    expect(await day.db.receipts.count()).toBe(0);
    expect(await day.db.syncStatus.count()).toBe(0);
    expect((await readSyncState(day.db)).heads?.records.seq).toBe(0);
  });

  it('applies a pull in one transaction: a failed write leaves the reference data as it was', async () => {
    const { day, server } = await enrolledDay();
    await day.db.authorisations.clear();
    day.db.syncConflicts.hook('creating', () => {
      throw new Error('disk full');
    });
    server.pull.conflicts = [{ serial: 'W1', verificationIds: ['a', 'b'], deviceIds: [day.device.deviceId, day.device.deviceId] }];
    const err = await failure(runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock }));
    expect(err.code).toBe('storage');
    expect(await day.db.authorisations.count()).toBe(0);
    expect(await day.db.benches.count()).toBe(0);
    expect((await readSyncState(day.db)).publicBaseUrl).toBeNull();
  });

  it('runs one sync at a time and says so', async () => {
    const { day, server } = await enrolledDay();
    const first = runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock, page: small });
    const second = await failure(runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock }));
    expect(second.code).toBe('busy');
    await first;
  });

  it('asks for enrolment first, and names a revoked token', async () => {
    const day = await honestDay();
    opened.push(day);
    expect((await failure(runSync(day.db, { lock: inRealmLock }))).code).toBe('not-enrolled');
    const server = new ScriptedServer(await scriptedKey(), day.device.deviceId);
    await saveEnrolment(day.db, { ...server.enrolment(), token: 'x'.repeat(40) }, 'admin', clock(50));
    expect((await failure(runSync(day.db, { fetch: server.fetch, lock: inRealmLock }))).code).toBe('unauthorised');
  });
});

describe('receipts anchor the chain', () => {
  it('sees a synced line rewritten and everything re-signed, and stops the next sync', async () => {
    const { day, server } = await enrolledDay();
    await runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock });
    const id = day.device.deviceId;
    await rewriteFrom(day.db, id, 900, (l) => `${l.text} `);
    await resignEverything(day.db, id, day.device.privateKey, day.device.kid!);
    const report = await verifyIntegrity(day.db, id, { anchors: await receiptAnchors(day.db, id) });
    expect(report.problems.map((p) => p.code)).toContain('anchor-differs');
    // The server's head is no longer a line of this PC: nothing is pushed on top of it.
    const pushes = server.pushes.length;
    expect((await failure(runSync(day.db, { fetch: server.fetch, now: clock(70), lock: inRealmLock }))).code).toBe('heads-differ');
    expect(server.pushes.length).toBe(pushes);
  });
});

describe('pull', () => {
  it("replaces the cached enterprise and authorisations of another enterprise with the enrolled one's", async () => {
    const { day, server } = await enrolledDay();
    await day.db.enterprise.put({ id: 'OTHER', name: '别的企业', standing: 'normal', fetchedAt: '2026-11-01T00:00:00.000Z' });
    await day.db.authorisations.put({ id: 'OTHER-A', enterpriseId: 'OTHER', issuedOn: '2025-01-01', scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] }, fetchedAt: '2026-11-01T00:00:00.000Z' });
    await runSync(day.db, { fetch: server.fetch, now: clock(60), lock: inRealmLock });
    expect((await day.db.enterprise.toArray()).map((e) => e.id)).toEqual(['ENT-1']);
    expect((await day.db.authorisations.toArray()).map((a) => a.id)).toEqual(['TA-2025-007']);
  });
});
