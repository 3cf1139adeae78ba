import { IDBDatabase, IDBKeyRange, IDBObjectStore, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { verifyIntegrity } from './integrity.ts';
import { OriginalRecord } from './originalRecord.ts';
import type { DeviceIdentity } from './types.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let n = 0;
let rawLineCommits = 0;
const transaction = IDBDatabase.prototype.transaction;

const line = (text: string) => ({ connectionId: 'c1', sessionId: 's1', direction: 'in' as const, text });

beforeEach(async () => {
  rawLineCommits = 0;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const [stores, mode] = args;
    if (mode === 'readwrite' && [stores].flat().includes('rawLines')) rawLineCommits++;
    return transaction.apply(this, args);
  };
  // Opened after the patch: Dexie binds the connection's transaction() when it opens.
  db = new ErjianDb(`group-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
});
afterEach(async () => {
  IDBDatabase.prototype.transaction = transaction;
  await db.delete();
});

describe('group commit of the original record', () => {
  it('one transaction per line when each line is awaited before the next', async () => {
    const rec = new OriginalRecord(db, device);
    for (const t of ['a', 'b', 'c']) await rec.append(line(t));
    expect(rawLineCommits).toBe(3);
  });

  it('lines appended while a commit is in flight share the next transaction, in call order', async () => {
    const rec = new OriginalRecord(db, device);
    const first = rec.append(line('first'));
    await Promise.resolve(); // the first commit has started
    const rest = ['r1', 'r2', 'r3', 'r4'].map((t) => rec.append(line(t)));
    const stored = await Promise.all([first, ...rest]);
    expect(stored.map((s) => [s.seq, s.text])).toEqual([[1, 'first'], [2, 'r1'], [3, 'r2'], [4, 'r3'], [5, 'r4']]);
    expect(rawLineCommits).toBe(2);
    await rec.checkpoint(); // lines no checkpoint covers are unsigned, never OK (docs/records.md)
    expect((await verifyIntegrity(db, device.deviceId)).ok).toBe(true);
  });

  it('answers each caller only after its own line is on disk', async () => {
    const rec = new OriginalRecord(db, device);
    const texts = Array.from({ length: 20 }, (_, i) => `L${i}`);
    await Promise.all(
      texts.map(async (t) => {
        const r = await rec.append(line(t));
        expect((await db.rawLines.get([device.deviceId, r.seq]))?.text).toBe(t);
      }),
    );
  });

  it('a failed group rejects every line in it and leaves no gap for the next', async () => {
    const rec = new OriginalRecord(db, device);
    await rec.append(line('kept'));
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    let results: PromiseSettledResult<unknown>[];
    try {
      results = await Promise.allSettled(['x', 'y', 'z'].map((t) => rec.append(line(t))));
    } finally {
      IDBObjectStore.prototype.add = add;
    }
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'stored'))).toEqual([
      'quota-exceeded',
      'quota-exceeded',
      'quota-exceeded',
    ]);
    expect((await rec.append(line('next'))).seq).toBe(2);
    await rec.checkpoint();
    expect((await verifyIntegrity(db, device.deviceId)).ok).toBe(true);
  });

  it('keeps call order across append, appendMany and append', async () => {
    const rec = new OriginalRecord(db, device);
    const a = rec.append(line('a'));
    const many = rec.appendMany([line('m1'), line('m2')]);
    const b = rec.append(line('b'));
    expect([(await a).seq, ...(await many).map((m) => m.seq), (await b).seq]).toEqual([1, 2, 3, 4]);
  });
});
