/**
 * The bench PC's database (IndexedDB via Dexie). Schema versions are append-only: a
 * released version is never edited; a change is a new version with its upgrade.
 *
 * Durability: every transaction is 'strict' (Chromium's IDBTransaction durability), so a
 * write is on disk before it is acknowledged — an operator may pull the plug right after
 * a reading is shown and the reading is still there.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { RecordChainEntry, Statement } from './chainTypes.ts';
import type { BatchColumnChunk, BatchColumnRow } from './columnTypes.ts';
import { DevicePins, defaultPinStorage, type PinStorage } from './devicePins.ts';
import type { SessionRecord, StoredRun, VerificationRecord } from './recordTypes.ts';
import type { Batch, CachedAuthorisation, CachedEnterprise, Certificate, MeterEntry, MeterType } from './referenceTypes.ts';
import type { CachedBench, ItemSyncStatus, PeerDevice, StoredReceipt, SyncConflict, SyncStateRow } from './syncTypes.ts';
import type { AuditEntry, ChainCheckpoint, DeviceIdentity, OutboxEntry, RawLineRecord } from './types.ts';
import type { StoredBenchConfig } from './benchConfigTypes.ts';

export const databaseName = 'erjian';

/** meta key of the v3 → v4 upgrade: format-1 rows wait for their seal (deviceKey.ts) */
export const format1MetaKey = 'format1';

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** Every schema upgrade is itself in the audit log, in the upgrade's own transaction. */
function auditUpgrade(tx: Transaction, from: number, to: number): Promise<number> {
  return tx.table<AuditEntry, number>('audit').add({ at: new Date().toISOString(), actor: 'system', action: 'schema.upgraded', target: 'database', details: { from, to } });
}

export class ErjianDb extends Dexie {
  declare meta: Table<MetaEntry, string>;
  declare device: Table<DeviceIdentity, 'device'>;
  declare rawLines: Table<RawLineRecord, [string, number]>;
  declare checkpoints: Table<ChainCheckpoint, [string, number]>;
  declare audit: Table<AuditEntry, number>;
  declare outbox: Table<OutboxEntry, number>;
  // v2
  declare enterprise: Table<CachedEnterprise, string>;
  declare authorisations: Table<CachedAuthorisation, string>;
  declare meterTypes: Table<MeterType, string>;
  declare batches: Table<Batch, string>;
  declare meters: Table<MeterEntry, string>;
  declare sessions: Table<SessionRecord, string>;
  declare runs: Table<StoredRun, string>;
  declare verifications: Table<VerificationRecord, string>;
  declare certificates: Table<Certificate, string>;
  declare batchColumns: Table<BatchColumnChunk, [string, number]>;
  declare batchColumnRows: Table<BatchColumnRow, string>;
  // v4
  declare recordChain: Table<RecordChainEntry, [string, number]>;
  declare statements: Table<Statement, string>;
  // v5
  declare syncState: Table<SyncStateRow, 'sync'>;
  declare receipts: Table<StoredReceipt, string>;
  declare syncStatus: Table<ItemSyncStatus, [string, string]>;
  declare benches: Table<CachedBench, string>;
  declare peerDevices: Table<PeerDevice, string>;
  declare syncConflicts: Table<SyncConflict, string>;
  // v6
  declare benchConfigs: Table<StoredBenchConfig, [string, number]>;
  /** the store outside IndexedDB the checks compare with (devicePins.ts; docs/records.md "Pins") */
  readonly pins: DevicePins;

  constructor(name: string = databaseName, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; pins?: PinStorage } = {}) {
    const { pins, ...dexieOptions } = options;
    super(name, { chromeTransactionDurability: 'strict', ...dexieOptions });
    this.pins = new DevicePins(pins ?? defaultPinStorage(options.indexedDB), name);
    this.version(1).stores({
      meta: 'key',
      device: 'id',
      // [deviceId+seq] is the primary key: a second line with the same seq cannot exist.
      rawLines: '[deviceId+seq], sessionId, connectionId',
      checkpoints: '[deviceId+seq]',
      audit: '++id, at, actor, action',
      outbox: '++id, kind, recordId',
    });
    // v2: the verification records and what they need (reference data, sessions, runs),
    // and the batch error columns for the stats worker. v1's tables and rows are kept
    // as they are; `audit` gains an index on `target` (the history of one record).
    this.version(2)
      .stores({
        audit: '++id, at, actor, action, target',
        enterprise: 'id',
        authorisations: 'id, enterpriseId',
        meterTypes: 'model',
        batches: 'id, meterTypeModel, productionDate',
        meters: 'serial, batchId',
        sessions: 'id, state, startedAt',
        runs: 'id, sessionId, serial',
        // Immutable: written with add() once, never put() again (docs/rules.md R-RECORD).
        verifications: 'id, batchId, serial, sessionId, supersedes',
        certificates: 'id, batchId, status',
        batchColumns: '[batchId+chunkNo]',
        batchColumnRows: 'verificationId',
      })
      .upgrade((tx) => auditUpgrade(tx, 1, 2));
    // v3: a batch's sessions and its first and last verification date are read from the
    // verifications' own [batchId+…] indexes (key cursors, no records), so the batch list
    // costs the same however long this PC's history grows. IndexedDB builds the new
    // indexes from the existing rows; no row changes.
    this.version(3)
      .stores({
        verifications: 'id, batchId, serial, sessionId, supersedes, [batchId+sessionId], [batchId+verificationDate]',
      })
      .upgrade((tx) => auditUpgrade(tx, 2, 3));
    // v4: signed objects say what they are and are chained per device (docs/records.md).
    // The records made before are marked `format: 1` — a mark beside what was signed, never
    // in it — and are still checked as format 1; their set is sealed by a signed statement
    // at the next start (deviceKey.ts), since WebCrypto cannot run inside this transaction.
    this.version(4)
      .stores({
        // add() only: a second record with the same seq cannot exist (docs/records.md "The record chain")
        recordChain: '[deviceId+recordSeq], recordId',
        statements: 'id, sessionId',
      })
      .upgrade(async (tx) => {
        const mark = (row: { format?: number }) => {
          row.format = 1;
        };
        await tx.table('verifications').toCollection().modify(mark);
        await tx.table('certificates').toCollection().modify(mark);
        await tx.table('checkpoints').toCollection().modify(mark);
        await tx.table('sessions').toCollection().modify(mark);
        await tx.table<MetaEntry, string>('meta').put({ key: format1MetaKey, value: { upgradedAt: new Date().toISOString() } });
        await auditUpgrade(tx, 3, 4);
      });
    // v5: sync (docs/sync.md). The enrolment (server URL, device token, the server's receipt
    // key) and the pull cursor; every server-signed receipt, kept: each anchors this PC's
    // chains at the heads it names (docs/records.md "What the local checks cannot see"); the
    // server's answer to each pushed item (no row = local, 本地); and the reference data the
    // pull brings besides what v2 caches: benches, the enterprise's other devices' keys,
    // conflicts. New tables only: no row of an earlier version changes.
    this.version(5)
      .stores({
        syncState: 'key',
        receipts: 'pushId, receivedAt',
        syncStatus: '[kind+id], status',
        benches: 'id',
        peerDevices: 'deviceId',
        syncConflicts: 'serial',
      })
      .upgrade((tx) => auditUpgrade(tx, 4, 5));
    // v6: the bench configurations (docs/bench-config.md; issue 14). Every save is a new
    // row under [configId+version], added, never put: an earlier version is never
    // overwritten, so the map a run was read with can always be read back. The active one
    // is named in `meta` (benchConfigs.ts). A new table only: no row of an earlier version changes.
    this.version(6)
      .stores({ benchConfigs: '[configId+version], configId, savedAt' })
      .upgrade((tx) => auditUpgrade(tx, 5, 6));
  }
}
