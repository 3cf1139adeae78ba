import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice, verifyCanonical, signCanonical } from './deviceKey.ts';
import { verifyIntegrity } from './integrity.ts';
import { OriginalRecord } from './originalRecord.ts';
import { setUpBench, verificationInput } from '../../../test/bench/storeFixtures.ts';
import { batchSummary } from './batchSummary.ts';
import { recordVerifications } from './recordVerification.ts';

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

describe('schema upgrades', () => {
  it('upgrades a version-1 database with data and keeps every row intact', async () => {
    const name = `upgrade-${Math.random()}`;
    const old = v1Db(name);
    const device = await getOrCreateDevice(old);
    const rec = new OriginalRecord(old, device, { checkpointEvery: 5 });
    for (let i = 1; i <= 12; i++) await rec.append({ connectionId: 'c1', sessionId: 's1', direction: 'in', text: `MV vi=${i}` });
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
    expect(db.verno).toBe(3);
    expect(await db.rawLines.toArray()).toEqual(before.rawLines);
    expect(await db.checkpoints.toArray()).toEqual(before.checkpoints);
    expect(await db.outbox.toArray()).toEqual(before.outbox);
    expect(await db.meta.toArray()).toEqual(before.meta);
    // The chain and the signed checkpoints still verify, with the same device key.
    expect(await verifyIntegrity(db, device.deviceId)).toMatchObject({ ok: true, linesChecked: 12, checkpointsChecked: 2 });
    const again = await db.device.get('device');
    expect(again?.deviceId).toBe(device.deviceId);
    const sig = await signCanonical(again!.privateKey, { x: 1 });
    expect(await verifyCanonical(device.publicKeyJwk, { x: 1 }, sig)).toBe(true);
    // The old audit entry is findable by the new index; the upgrade itself is audited.
    expect((await db.audit.where('target').equals('BENCH-7').toArray()).map((a) => a.action)).toEqual(['bench.connected']);
    expect(await db.audit.where('action').equals('schema.upgraded').toArray()).toMatchObject([
      { actor: 'system', details: { from: 1, to: 2 } },
      { actor: 'system', details: { from: 2, to: 3 } },
    ]);
    // New tables exist and are empty; the original record goes on where it stopped.
    expect(await db.verifications.count()).toBe(0);
    expect(await db.batchColumns.count()).toBe(0);
    expect((await new OriginalRecord(db, device).append({ connectionId: 'c2', sessionId: null, direction: 'in', text: 'after upgrade' })).seq).toBe(13);
  });

  it('upgrades a version-2 database with verifications: rows unchanged, the batch indexes built from them', async () => {
    const name = `upgrade-v2-${Math.random()}`;
    const old = v2Db(name);
    const device = await getOrCreateDevice(old);
    const bench = await setUpBench(old, device);
    await recordVerifications(old, device, [
      verificationInput(bench, 'M1', { Q3: 0.4, Q2: -0.8, Q1: 1.9 }),
      verificationInput(bench, 'M2', { Q3: 0.4, Q2: -0.8, Q1: 7 }, { verificationDate: '2026-11-28' }),
    ]);
    const before = await old.table('verifications').toArray();
    old.close();

    const db = new ErjianDb(name, { indexedDB, IDBKeyRange });
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.verifications.toArray()).toEqual(before);
    expect(await batchSummary(db, bench.batchId)).toMatchObject({
      verified: 2,
      passed: 1,
      firstVerificationDate: '2026-11-27',
      lastVerificationDate: '2026-11-28',
      sessions: [{ id: bench.session.id }],
    });
    expect(await db.audit.where('action').equals('schema.upgraded').toArray()).toMatchObject([{ details: { from: 2, to: 3 } }]);
  });

  it('creates a fresh database at the newest version with no upgrade entry', async () => {
    const db = new ErjianDb(`fresh-${Math.random()}`, { indexedDB, IDBKeyRange });
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(3);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'audit', 'authorisations', 'batchColumnRows', 'batchColumns', 'batches', 'certificates', 'checkpoints', 'device',
      'enterprise', 'meta', 'meterTypes', 'meters', 'outbox', 'rawLines', 'runs', 'sessions', 'verifications',
    ]);
    expect(await db.audit.count()).toBe(0);
  });
});
