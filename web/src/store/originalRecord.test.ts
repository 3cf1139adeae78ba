import Dexie from 'dexie';
import { IDBKeyRange, IDBObjectStore, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice, verifyCanonical } from './deviceKey.ts';
import { StorageError, toStorageError } from './errors.ts';
import { verifyIntegrity } from './integrity.ts';
import { OriginalRecord } from './originalRecord.ts';
import type { DeviceIdentity } from './types.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let n = 0;

const line = (text: string) => ({ connectionId: 'c1', sessionId: 's1', direction: 'in' as const, text });

beforeEach(async () => {
  db = new ErjianDb(`test-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
});
afterEach(async () => {
  await db.delete();
});

describe('the original record', () => {
  it('numbers lines without gaps and chains each to the previous', async () => {
    const rec = new OriginalRecord(db, device);
    const a = await rec.append(line('ID vendor=X*00'));
    const b = await rec.append(line('FS id=1 t=0 lph=2500*00'));
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(a.prevHash).toBe('0'.repeat(64));
    expect(b.prevHash).toBe(a.hash);
    // Lines after the last checkpoint hold, but nothing signs them yet: unsigned, never OK.
    expect(await verifyIntegrity(db, device.deviceId)).toMatchObject({ ok: false, status: 'unsigned', unsigned: { fromSeq: 1, toSeq: 2 }, problems: [] });
    await rec.checkpoint();
    const report = await verifyIntegrity(db, device.deviceId);
    expect(report).toMatchObject({ ok: true, status: 'ok', linesChecked: 2, firstBreak: null, unsigned: null });
  });

  it('serialises concurrent appends: no gaps, no forks, order of the calls', async () => {
    const rec = new OriginalRecord(db, device);
    const texts = Array.from({ length: 50 }, (_, i) => `L${i}`);
    const stored = await Promise.all(texts.map((t) => rec.append(line(t))));
    expect(stored.map((s) => s.seq)).toEqual(texts.map((_, i) => i + 1));
    expect(stored.map((s) => s.text)).toEqual(texts);
    await rec.checkpoint();
    expect((await verifyIntegrity(db, device.deviceId)).ok).toBe(true);
  });

  it('continues the same chain after a restart (a new writer on the same database)', async () => {
    await new OriginalRecord(db, device).append(line('before crash'));
    const restarted = new OriginalRecord(db, device);
    const again = await restarted.append(line('after restart'));
    expect(again.seq).toBe(2);
    await restarted.checkpoint();
    expect((await verifyIntegrity(db, device.deviceId)).ok).toBe(true);
  });

  it('appendMany writes one transaction that chains like single appends', async () => {
    const rec = new OriginalRecord(db, device, { checkpointEvery: 10 });
    await rec.append(line('first'));
    const many = await rec.appendMany(Array.from({ length: 25 }, (_, i) => line(`b${i}`)));
    expect(many.at(-1)?.seq).toBe(26);
    // One transaction crossed two boundaries: each has its own checkpoint, at exactly 10 and 20.
    expect((await db.checkpoints.toArray()).map((c) => c.seq)).toEqual([10, 20]);
    const report = await verifyIntegrity(db, device.deviceId, { checkpointEvery: 10 });
    expect(report).toMatchObject({ status: 'unsigned', unsigned: { fromSeq: 21, toSeq: 26 }, checkpointsChecked: 2 });
    await rec.checkpoint();
    expect((await verifyIntegrity(db, device.deviceId, { checkpointEvery: 10 })).ok).toBe(true);
  });
});

describe('tamper evidence', () => {
  async function fill(count: number) {
    const rec = new OriginalRecord(db, device, { checkpointEvery: 5 });
    for (let i = 1; i <= count; i++) await rec.append(line(`MV id=1 pos=1 vi=${i}.000`));
    return rec;
  }

  it('finds an edited line and names its sequence number', async () => {
    await fill(12);
    await db.rawLines.update([device.deviceId, 7], { text: 'MV id=1 pos=1 vi=9.999' });
    const report = await verifyIntegrity(db, device.deviceId, { chunk: 3 });
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ seq: 7, reason: 'hash-mismatch' });
    expect(report.linesChecked).toBe(6);
  });

  it('finds a deleted line as a gap', async () => {
    await fill(8);
    await db.rawLines.delete([device.deviceId, 4]);
    expect((await verifyIntegrity(db, device.deviceId)).firstBreak).toMatchObject({ seq: 5, reason: 'gap' });
  });

  it('finds a tail rewritten with recomputed hashes through the signed checkpoints', async () => {
    await fill(10);
    // A forger rewrites lines 6..10 and rehashes them consistently: the chain alone holds…
    const { lineHash } = await import('./chain.ts');
    let prev = (await db.rawLines.get([device.deviceId, 5]))!.hash;
    for (let seq = 6; seq <= 10; seq++) {
      const old = (await db.rawLines.get([device.deviceId, seq]))!;
      const { hash: _old, ...fields } = { ...old, text: old.text.replace('.000', '.500'), prevHash: prev };
      const hash = await lineHash(fields);
      await db.rawLines.put({ ...fields, hash });
      prev = hash;
    }
    // …but the checkpoint signed at seq 10 no longer matches, and the forger has no key.
    const report = await verifyIntegrity(db, device.deviceId, { checkpointEvery: 5 });
    expect(report.firstBreak).toBeNull();
    expect(report.firstProblem).toMatchObject({ code: 'checkpoint-hash-differs', seq: 10 });
  });

  it('rejects a checkpoint whose signature was forged', async () => {
    await fill(5);
    const cp = (await db.checkpoints.toArray())[0]!;
    await db.checkpoints.put({ ...cp, at: '2020-01-01T00:00:00.000Z' });
    expect((await verifyIntegrity(db, device.deviceId, { checkpointEvery: 5 })).firstProblem).toMatchObject({ code: 'checkpoint-bad-signature', seq: 5 });
  });

  it('keeps the device private key non-extractable, and its signatures verify with the public key', async () => {
    expect(device.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', device.privateKey)).rejects.toThrow();
    const rec = new OriginalRecord(db, device);
    await rec.append(line('x'));
    const cp = await rec.checkpoint();
    const { signature, ...unsigned } = cp!;
    expect(await verifyCanonical(device.publicKeyJwk, unsigned, signature)).toBe(true);
    expect(await verifyCanonical(device.publicKeyJwk, { ...unsigned, seq: 2 }, signature)).toBe(false);
  });
});

describe('storage errors', () => {
  it('unwraps Dexie’s AbortError to the QuotaExceededError inside', () => {
    const inner = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const wrapped = new Dexie.AbortError('Transaction aborted', inner);
    const e = toStorageError(wrapped);
    expect(e).toBeInstanceOf(StorageError);
    expect(e.code).toBe('quota-exceeded');
  });

  it('an evicted or broken database (Chromium: UnknownError, inside Dexie\'s wrapper) is storage-lost', () => {
    const inner = new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
    expect(toStorageError(new Dexie.OpenFailedError('open failed', inner)).code).toBe('storage-lost');
    expect(toStorageError(new DOMException('x', 'NotFoundError')).code).toBe('storage-failed');
  });

  it('a full disk rejects the append with quota-exceeded, loses nothing acknowledged and leaves no gap', async () => {
    const rec = new OriginalRecord(db, device);
    await rec.append(line('kept'));
    const original = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      await expect(rec.append(line('refused'))).rejects.toMatchObject({ code: 'quota-exceeded' });
    } finally {
      IDBObjectStore.prototype.add = original;
    }
    const next = await rec.append(line('after space was freed'));
    expect(next.seq).toBe(2);
    expect((await db.rawLines.toArray()).map((l) => l.text)).toEqual(['kept', 'after space was freed']);
    await rec.checkpoint();
    expect((await verifyIntegrity(db, device.deviceId)).ok).toBe(true);
  });
});
