/**
 * The bench PC's database (IndexedDB via Dexie). Schema versions are append-only: a
 * released version is never edited; a change is a new version with its upgrade.
 *
 * Durability: every transaction is 'strict' (Chromium's IDBTransaction durability), so a
 * write is on disk before it is acknowledged — an operator may pull the plug right after
 * a reading is shown and the reading is still there.
 */
import Dexie, { type Table } from 'dexie';
import type { AuditEntry, ChainCheckpoint, DeviceIdentity, OutboxEntry, RawLineRecord } from './types.ts';

export const databaseName = 'erjian';

export interface MetaEntry {
  key: string;
  value: unknown;
}

export class ErjianDb extends Dexie {
  declare meta: Table<MetaEntry, string>;
  declare device: Table<DeviceIdentity, 'device'>;
  declare rawLines: Table<RawLineRecord, [string, number]>;
  declare checkpoints: Table<ChainCheckpoint, [string, number]>;
  declare audit: Table<AuditEntry, number>;
  declare outbox: Table<OutboxEntry, number>;

  constructor(name: string = databaseName, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
    super(name, { chromeTransactionDurability: 'strict', ...options });
    this.version(1).stores({
      meta: 'key',
      device: 'id',
      // [deviceId+seq] is the primary key: a second line with the same seq cannot exist.
      rawLines: '[deviceId+seq], sessionId, connectionId',
      checkpoints: '[deviceId+seq]',
      audit: '++id, at, actor, action',
      outbox: '++id, kind, recordId',
    });
  }
}
