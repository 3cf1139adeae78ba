import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchConfigError } from '../bench/errors.ts';
import { activeBenchConfig, benchConfigHistory, listBenchConfigs, saveBenchConfig, setActiveBenchConfig } from './benchConfigs.ts';
import { ErjianDb } from './db.ts';
import { emptyHeads, nextPushPage } from '../sync/pushPages.ts';

const reg = (address: number, type: 'u16' | 'u32' | 'f32' = 'f32') => ({ table: 'input', address, type, ...(type === 'u16' ? {} : { wordOrder: 'high-first' }) });

/** A small pulse-reading PLC bench with a balance (docs/bench-config.md). */
function plcBench(id: string, name: string) {
  return {
    format: 'erjian.bench/1',
    id,
    name,
    uRelPct: 0.2,
    setup: {
      kind: 'plc',
      plc: {
        link: { baudRate: 19200, parity: 'even' },
        unitId: 1,
        registers: { flowLph: reg(0), waterTempC: reg(2), airTempC: reg(4) },
        control: { valves: [{ kind: 'coil', address: 0 }] },
      },
      reference: { kind: 'balance', link: { baudRate: 9600 } },
      reading: 'pulse',
      positions: [{ position: 1, counter: reg(100, 'u32'), pulsesPerL: 100 }],
    },
  };
}

const T0 = Date.parse('2026-11-30T02:00:00.000Z');
const at = (minutes: number) => () => new Date(T0 + minutes * 60_000);

const opened: ErjianDb[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) {
    d.close();
    await d.delete();
  }
});
function freshDb(): ErjianDb {
  const db = new ErjianDb(`bench-configs-${Math.random()}`, { indexedDB, IDBKeyRange });
  opened.push(db);
  return db;
}

describe('bench configurations on the device', () => {
  it('adds a new version at each save, never overwriting, with its audit and outbox entries', async () => {
    const db = freshDb();
    const first = await saveBenchConfig(db, plcBench('B-1', 'Bench one'), 'op-1', at(0));
    const second = await saveBenchConfig(db, plcBench('B-1', 'Bench one, renamed'), 'op-2', at(5));
    await saveBenchConfig(db, plcBench('B-2', 'Bench two'), 'op-1', at(6));
    expect(first).toMatchObject({ configId: 'B-1', version: 1, savedAt: '2026-11-30T02:00:00.000Z', savedBy: 'op-1' });
    expect(second).toMatchObject({ version: 2, savedAt: '2026-11-30T02:05:00.000Z', savedBy: 'op-2' });
    // Stored as validated: the defaults are filled in.
    expect(first.config.setup.kind === 'plc' && first.config.setup.timing.pollMs).toBe(250);
    const history = await benchConfigHistory(db, 'B-1');
    expect(history.map((h) => [h.version, h.config.name])).toEqual([
      [1, 'Bench one'],
      [2, 'Bench one, renamed'],
    ]);
    expect((await listBenchConfigs(db)).map((c) => [c.configId, c.version])).toEqual([
      ['B-1', 2],
      ['B-2', 1],
    ]);
    expect((await db.outbox.where('kind').equals('bench-config').toArray()).map((o) => o.recordId)).toEqual(['B-1#1', 'B-1#2', 'B-2#1']);
    expect((await db.audit.where('target').equals('B-1').toArray()).map((a) => [a.action, a.actor, a.details])).toEqual([
      ['bench-config.saved', 'op-1', { version: 1 }],
      ['bench-config.saved', 'op-2', { version: 2 }],
    ]);
  });

  it('never saves a configuration that does not validate, and names every problem by path', async () => {
    const db = freshDb();
    const broken = plcBench('B-1', 'Bench one');
    broken.setup.positions[0]!.counter = reg(100, 'f32');
    const err = await saveBenchConfig(db, broken, 'op-1', at(0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BenchConfigError);
    expect((err as BenchConfigError).issues.map((i) => i.path)).toContain('setup.positions[0].counter.type');
    expect(await db.benchConfigs.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps the active configuration as the latest version of the one selected', async () => {
    const db = freshDb();
    expect(await activeBenchConfig(db)).toBeNull();
    await saveBenchConfig(db, plcBench('B-1', 'Bench one'), 'op-1', at(0));
    await saveBenchConfig(db, plcBench('B-2', 'Bench two'), 'op-1', at(1));
    await setActiveBenchConfig(db, 'B-1', 'op-1', at(2));
    expect(await activeBenchConfig(db)).toMatchObject({ configId: 'B-1', version: 1 });
    await saveBenchConfig(db, plcBench('B-1', 'Bench one v2'), 'op-1', at(3));
    expect(await activeBenchConfig(db)).toMatchObject({ configId: 'B-1', version: 2, config: { name: 'Bench one v2' } });
    await expect(setActiveBenchConfig(db, 'nope', 'op-1', at(4))).rejects.toMatchObject({ code: 'invalid-record' });
    expect(await activeBenchConfig(db)).toMatchObject({ configId: 'B-1' });
  });
});

/** Versions 1–5 exactly as released (db.ts): frozen so that an edit of a released version shows. */
const releasedV5: Array<Record<string, string>> = [
  { meta: 'key', device: 'id', rawLines: '[deviceId+seq], sessionId, connectionId', checkpoints: '[deviceId+seq]', audit: '++id, at, actor, action', outbox: '++id, kind, recordId' },
  {
    audit: '++id, at, actor, action, target', enterprise: 'id', authorisations: 'id, enterpriseId', meterTypes: 'model', batches: 'id, meterTypeModel, productionDate',
    meters: 'serial, batchId', sessions: 'id, state, startedAt', runs: 'id, sessionId, serial', verifications: 'id, batchId, serial, sessionId, supersedes',
    certificates: 'id, batchId, status', batchColumns: '[batchId+chunkNo]', batchColumnRows: 'verificationId',
  },
  { verifications: 'id, batchId, serial, sessionId, supersedes, [batchId+sessionId], [batchId+verificationDate]' },
  { recordChain: '[deviceId+recordSeq], recordId', statements: 'id, sessionId' },
  { syncState: 'key', receipts: 'pushId, receivedAt', syncStatus: '[kind+id], status', benches: 'id', peerDevices: 'deviceId', syncConflicts: 'serial' },
];

describe('bench configurations in the push', () => {
  it('sends each saved version as a bench-config item until the server answered it', async () => {
    const db = freshDb();
    await saveBenchConfig(db, plcBench('B-1', 'Bench one'), 'op-1', at(0));
    await saveBenchConfig(db, plcBench('B-1', 'Bench one v2'), 'op-1', at(1));
    const deviceId = '00000000-0000-4000-8000-000000000001';
    const page = await nextPushPage(db, deviceId, emptyHeads(), { pushId: () => 'p-1' });
    const sent = page?.items.filter((i) => i.kind === 'bench-config') ?? [];
    expect(sent.map((i) => i.id)).toEqual(['B-1#1', 'B-1#2']);
    expect(sent[1]?.body).toMatchObject({ configId: 'B-1', version: 2, savedAt: '2026-11-30T02:01:00.000Z', savedBy: 'op-1', config: { name: 'Bench one v2' } });
    await db.syncStatus.put({ kind: 'bench-config', id: 'B-1#1', status: 'synced', reason: null, message: null, retry: false, at: '2026-11-30T02:02:00.000Z' });
    const next = await nextPushPage(db, deviceId, emptyHeads(), { pushId: () => 'p-2' });
    expect(next?.items.filter((i) => i.kind === 'bench-config').map((i) => i.id)).toEqual(['B-1#2']);
  });
});

describe('schema v6 (bench configurations)', () => {
  it('upgrades a version-5 database: every row kept, the new table empty and usable, the upgrade audited', async () => {
    const name = `upgrade-v6-${Math.random()}`;
    const old = new Dexie(name, { indexedDB, IDBKeyRange });
    releasedV5.forEach((stores, i) => old.version(i + 1).stores(stores));
    await old.table('outbox').add({ kind: 'verification', recordId: 'v-1', createdAt: '2026-11-29T08:00:00.000Z', attempts: 0 });
    await old.table('audit').add({ at: '2026-11-29T08:00:00.000Z', actor: 'op-1', action: 'batch.created', target: 'B-OLD' });
    await old.table('meta').put({ key: 'persisted', value: true });
    const before = { outbox: await old.table('outbox').toArray(), audit: await old.table('audit').toArray(), meta: await old.table('meta').toArray() };
    old.close();

    const db = new ErjianDb(name, { indexedDB, IDBKeyRange });
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.outbox.toArray()).toEqual(before.outbox);
    expect(await db.meta.toArray()).toEqual(before.meta);
    expect((await db.audit.toArray()).slice(0, 1)).toEqual(before.audit);
    expect(await db.audit.where('action').equals('schema.upgraded').toArray()).toMatchObject([{ actor: 'system', details: { from: 5, to: 6 } }]);
    expect(await db.benchConfigs.count()).toBe(0);
    await saveBenchConfig(db, plcBench('B-1', 'Bench one'), 'op-1', at(0));
    expect(await listBenchConfigs(db)).toMatchObject([{ configId: 'B-1', version: 1 }]);
  });
});
