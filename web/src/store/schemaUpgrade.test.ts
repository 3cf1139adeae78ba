import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { ErjianDb, format1MetaKey } from './db.ts';
import { getOrCreateDevice, verifyCanonical, signCanonical } from './deviceKey.ts';
import { verifyIntegrity } from './integrity.ts';
import { OriginalRecord } from './originalRecord.ts';
import { dn15, verificationInput } from '../../../test/bench/storeFixtures.ts';
import { legacyDevice, legacyLines, legacySession, legacyVerifications } from '../../../test/support/legacyRecords.ts';
import { batchSummary } from './batchSummary.ts';
import { checkRecordIntegrity } from './recordIntegrity.ts';
import { cacheReferenceData, createBatch } from './referenceData.ts';

/**
 * Schema version 1 exactly as released (b33cf20). Frozen here on purpose: if someone edits
 * version 1 in db.ts instead of adding a version, this copy still opens the old shape.
 */
const releasedV1 = {
  meta: 'key',
  device: 'id',
  rawLines: '[deviceId+seq], sessionId, connectionId',
  checkpoints: '[deviceId+seq]',
  audit: '++id, at, actor, action',
  outbox: '++id, kind, recordId',
};

/** Version 2 exactly as released (issue 5, first part): frozen for the same reason. */
const releasedV2 = {
  audit: '++id, at, actor, action, target',
  enterprise: 'id',
  authorisations: 'id, enterpriseId',
  meterTypes: 'model',
  batches: 'id, meterTypeModel, productionDate',
  meters: 'serial, batchId',
  sessions: 'id, state, startedAt',
  runs: 'id, sessionId, serial',
  verifications: 'id, batchId, serial, sessionId, supersedes',
  certificates: 'id, batchId, status',
  batchColumns: '[batchId+chunkNo]',
  batchColumnRows: 'verificationId',
};

const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened) d.close();
  for (const d of opened.splice(0)) await d.delete();
});

function v2Db(name: string): ErjianDb {
  const db = new Dexie(name, { indexedDB, IDBKeyRange, chromeTransactionDurability: 'strict' }) as ErjianDb;
  db.version(1).stores(releasedV1);
  db.version(2).stores(releasedV2);
  opened.push(db);
  return db;
}

function v1Db(name: string): ErjianDb {
  // An ErjianDb-typed handle whose schema stops at version 1, as the released build had it.
  const db = new Dexie(name, { indexedDB, IDBKeyRange, chromeTransactionDurability: 'strict' }) as ErjianDb;
  db.version(1).stores(releasedV1);
  opened.push(db);
  return db;
}

/** Version 3 exactly as released (schema v3 commit c150e14): frozen like the others. */
const releasedV3 = {
  verifications: 'id, batchId, serial, sessionId, supersedes, [batchId+sessionId], [batchId+verificationDate]',
};

function v3Db(name: string): ErjianDb {
  const db = v2Db(name);
  db.version(3).stores(releasedV3);
  return db;
}

const T0 = new Date('2026-11-27T02:00:00Z');
const at = (minutes: number) => () => new Date(T0.getTime() + minutes * 60_000);

describe('schema upgrades', () => {
  it('upgrades a version-1 database with data and keeps every row intact; format-1 checkpoints still verify, as format 1', async () => {
    const name = `upgrade-${Math.random()}`;
    const old = v1Db(name);
    const device = await legacyDevice(old, T0);
    await legacyLines(old, device, Array.from({ length: 12 }, (_, i) => `MV vi=${i + 1}`), T0, 5);
    await old.table('audit').add({ at: '2026-11-01T08:00:00.000Z', actor: 'op-1', action: 'bench.connected', target: 'BENCH-7' });
    await old.table('outbox').add({ kind: 'checkpoint', recordId: 'cp-5', createdAt: '2026-11-01T08:00:00.000Z', attempts: 0 });
    await old.table('meta').put({ key: 'persisted', value: true });
    const before = {
      rawLines: await old.table('rawLines').toArray(),
      checkpoints: await old.table('checkpoints').toArray(),
      outbox: await old.table('outbox').toArray(),
      meta: await old.table('meta').toArray(),
    };
    old.close();

    const db = new ErjianDb(name, { indexedDB, IDBKeyRange });
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.rawLines.toArray()).toEqual(before.rawLines);
    // Marked format 1 beside what was signed, never in it (docs/records.md "Format 1").
    expect(await db.checkpoints.toArray()).toEqual(before.checkpoints.map((c) => ({ ...c, format: 1 })));
    expect(await db.outbox.toArray()).toEqual(before.outbox);
    expect((await db.meta.toArray()).filter((m) => m.key !== format1MetaKey)).toEqual(before.meta);
    // The first start seals the format-1 rows and signs the head; the chain verifies with the same key.
    const again = await getOrCreateDevice(db, at(60));
    expect(again.deviceId).toBe(device.deviceId);
    expect(await db.statements.get(`${device.deviceId}/upgraded`)).toMatchObject({ type: 'erjian.device/1', recordSeq: 1, legacy: { checkpoints: { count: 2 }, lines: { seq: 12 } } });
    expect(await verifyIntegrity(db, device.deviceId)).toMatchObject({ ok: true, linesChecked: 12, checkpointsChecked: 3, recordsChecked: 1 });
    const sig = await signCanonical(again.privateKey, { x: 1 });
    expect(await verifyCanonical(device.publicKeyJwk, { x: 1 }, sig)).toBe(true);
    // The old audit entry is findable by the new index; the upgrade itself is audited.
    expect((await db.audit.where('target').equals('BENCH-7').toArray()).map((a) => a.action)).toEqual(['bench.connected']);
    expect(await db.audit.where('action').equals('schema.upgraded').toArray()).toMatchObject([
      { actor: 'system', details: { from: 1, to: 2 } },
      { actor: 'system', details: { from: 2, to: 3 } },
      { actor: 'system', details: { from: 3, to: 4 } },
      { actor: 'system', details: { from: 4, to: 5 } },
      { actor: 'system', details: { from: 5, to: 6 } },
    ]);
    // New tables exist; the original record goes on where it stopped.
    expect(await db.verifications.count()).toBe(0);
    expect(await db.batchColumns.count()).toBe(0);
    expect((await new OriginalRecord(db, again).append({ connectionId: 'c2', sessionId: null, direction: 'in', text: 'after upgrade' })).seq).toBe(13);

    // A format-1 checkpoint edited after the upgrade fails as format 1; one added after it is not format 1 at all.
    const cp5 = (await db.checkpoints.get([device.deviceId, 5]))!;
    await db.checkpoints.put({ ...cp5, at: '2020-01-01T00:00:00.000Z' });
    expect((await verifyIntegrity(db, device.deviceId)).problems.map((p) => p.code)).toContain('checkpoint-bad-signature');
  });

  it('upgrades a version-3 database with verifications: rows unchanged but marked format 1, still verified as format 1, and sealed', async () => {
    const name = `upgrade-v3-${Math.random()}`;
    const old = v3Db(name);
    const device = await legacyDevice(old, T0);
    await cacheReferenceData(old, { meterTypes: [dn15] });
    await createBatch(old, { id: 'B-OLD', meterTypeModel: dn15.model, productionDate: '2026-11-01', createdBy: 'op-1' }, at(0));
    const session = legacySession(device.deviceId, T0, 'ended');
    await old.table('sessions').add(session);
    const lines = await legacyLines(old, device, Array.from({ length: 10 }, (_, i) => `MV pos=1 i=${i}*00`), T0, 500, session.id);
    await old.table('checkpoints').put({ deviceId: device.deviceId, seq: 10, hash: lines[9]!.hash, at: T0.toISOString(), signature: await signCanonical(device.privateKey, { deviceId: device.deviceId, seq: 10, hash: lines[9]!.hash, at: T0.toISOString() }) });
    const bench = { batchId: 'B-OLD', session, lines: { deviceId: device.deviceId, fromSeq: 1, toSeq: 10 } };
    const records = await legacyVerifications(old, device, [
      verificationInput(bench, 'M1', { Q3: 0.4, Q2: -0.8, Q1: 1.9 }),
      verificationInput(bench, 'M2', { Q3: 0.4, Q2: -0.8, Q1: 7 }, { verificationDate: '2026-11-28' }),
    ], new Date('2026-11-28T04:00:00Z'));
    const before = await old.table('verifications').toArray();
    old.close();

    const db = new ErjianDb(name, { indexedDB, IDBKeyRange });
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.verifications.toArray()).toEqual(before.map((v) => ({ ...v, format: 1 })));
    expect(await db.sessions.get(session.id)).toEqual({ ...session, format: 1 });
    expect(await batchSummary(db, 'B-OLD')).toMatchObject({ verified: 2, passed: 1, firstVerificationDate: '2026-11-27', lastVerificationDate: '2026-11-28', sessions: [{ id: session.id }] });
    await getOrCreateDevice(db, at(60));
    expect(await verifyIntegrity(db, device.deviceId)).toMatchObject({ status: 'ok', problems: [] });
    // Each format-1 record still verifies as format 1 (no chain to check), with the pinned key.
    const r = await checkRecordIntegrity(db, (await db.verifications.get(records[0]!.id))!);
    expect(r).toMatchObject({ ok: true, checks: { signature: 'ok', chain: 'not-available', 'raw-lines': 'ok', verdict: 'ok' } });
    // A format-1 record changed or added after the seal is caught.
    await db.verifications.put({ ...records[1]!, format: 1, operator: 'someone else' });
    expect((await checkRecordIntegrity(db, (await db.verifications.get(records[1]!.id))!)).firstProblem?.code).toBe('signature-invalid');
    await db.verifications.put({ ...records[1]!, id: 'forged', format: 1 });
    expect((await verifyIntegrity(db, device.deviceId)).problems.map((p) => p.code)).toContain('legacy-set-changed');
  });

  it('creates a fresh database at the newest version with no upgrade entry', async () => {
    const db = new ErjianDb(`fresh-${Math.random()}`, { indexedDB, IDBKeyRange });
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(6);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'audit', 'authorisations', 'batchColumnRows', 'batchColumns', 'batches', 'benchConfigs', 'benches', 'certificates', 'checkpoints', 'device',
      'enterprise', 'meta', 'meterTypes', 'meters', 'outbox', 'peerDevices', 'rawLines', 'receipts', 'recordChain', 'runs', 'sessions',
      'statements', 'syncConflicts', 'syncState', 'syncStatus', 'verifications',
    ]);
    expect(await db.audit.count()).toBe(0);
    expect(await db.meta.get(format1MetaKey)).toBeUndefined();
  });
});
