/**
 * Another tab (a newer version of the app) wants to upgrade or delete the database.
 * IndexedDB cannot upgrade while we hold a connection, so we close ours — and keep it
 * closed: Dexie would otherwise re-open it on the next call and go on writing the
 * original record with an out-of-date schema. Every later call fails with
 * StorageError('database-closed'); the UI shows the event and asks for a reload.
 */
import type { ErjianDb } from './db.ts';

export interface VersionChange {
  /** our schema version (Dexie's, not the native ×10 one) */
  oldVersion: number;
  /** the version the other tab asks for; null when it deletes the database */
  newVersion: number | null;
}

/** Subscribes; returns the unsubscribe function. */
export function onVersionChange(db: ErjianDb, callback: (change: VersionChange) => void): () => void {
  const handler = (ev: IDBVersionChangeEvent): false => {
    db.close({ disableAutoOpen: true });
    callback({ oldVersion: ev.oldVersion / 10, newVersion: ev.newVersion ? ev.newVersion / 10 : null });
    // false: Dexie's own handler (which would allow an automatic re-open) does not run.
    return false;
  };
  db.on('versionchange', handler);
  return () => db.on('versionchange').unsubscribe(handler);
}
