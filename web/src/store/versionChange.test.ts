import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ErjianDb } from './db.ts';
import { toStorageError } from './errors.ts';
import { onVersionChange, type VersionChange } from './versionChange.ts';
import { until } from '../../../test/support/bounded.ts';

/** Another tab with a newer build opens the database at a higher version. */
function otherTabUpgrades(name: string, nativeVersion: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, nativeVersion);
    req.onupgradeneeded = () => req.result.createObjectStore('fromTheFuture');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
    req.onblocked = () => reject(new Error('blocked: our connection was not closed'));
  });
}

describe('onVersionChange', () => {
  it('closes our connection so the other tab can upgrade, tells the UI, and keeps it closed', async () => {
    const name = `vc-${Math.random()}`;
    const db = new ErjianDb(name, { indexedDB, IDBKeyRange });
    await db.meta.put({ key: 'k', value: 1 });
    const seen: VersionChange[] = [];
    onVersionChange(db, (c) => seen.push(c));

    const ours = db.verno;
    const other = await otherTabUpgrades(name, (ours + 1) * 10);
    expect(seen).toEqual([{ oldVersion: ours, newVersion: ours + 1 }]);
    expect(db.isOpen()).toBe(false);
    // No silent re-open with the old schema: every call fails with a stable code.
    const err = await db.meta.get('k').catch((e: unknown) => e);
    expect(toStorageError(err).code).toBe('database-closed');
    other.close();
    await until<void>('deleting the test database', 5000, (resolve) => {
      indexedDB.deleteDatabase(name).onsuccess = () => resolve();
    });
  });

  it('reports a deletion by another tab as newVersion null, and can be unsubscribed', async () => {
    const name = `vc-${Math.random()}`;
    const db = new ErjianDb(name, { indexedDB, IDBKeyRange });
    await db.open();
    const seen: VersionChange[] = [];
    const off = onVersionChange(db, (c) => seen.push(c));
    await until<void>('deleting the test database', 5000, (resolve) => {
      indexedDB.deleteDatabase(name).onsuccess = () => resolve();
    });
    expect(seen).toEqual([{ oldVersion: db.verno, newVersion: null }]);
    off();
    const db2 = new ErjianDb(name, { indexedDB, IDBKeyRange });
    await db2.open();
    const off2 = onVersionChange(db2, (c) => seen.push(c));
    off2();
    await until<void>('deleting the test database', 5000, (resolve) => {
      indexedDB.deleteDatabase(name).onsuccess = () => resolve();
    });
    expect(seen).toHaveLength(1);
  });
});
