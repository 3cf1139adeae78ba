import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpBench, verificationInput, type Bench } from '../../../test/bench/storeFixtures.ts';
import { batchSummary, listBatchSummaries } from './batchSummary.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { createBatch } from './referenceData.ts';
import { recordVerification, recordVerifications } from './recordVerification.ts';
import { endSession, startSession } from './sessions.ts';
import type { DeviceIdentity } from './types.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let n = 0;

const good = { Q3: 0.4, Q2: -0.8, Q1: 1.9 };
const bad = { Q3: 0.4, Q2: -0.8, Q1: 7 };

beforeEach(async () => {
  db = new ErjianDb(`summary-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await db.delete();
});

describe('batchSummary', () => {
  it('counts verified, passed and failed meters, the pass rate, benches and sessions', async () => {
    await recordVerifications(db, device, [
      verificationInput(bench, 'M1', good),
      verificationInput(bench, 'M2', good),
      verificationInput(bench, 'M3', bad),
    ]);
    await endSession(db, bench.session.id, 'op-1', { now: () => new Date('2026-11-27T10:00:00Z') });
    // A second bench, later, verifies one more meter of the batch.
    const s2 = await startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-2' }, operator: 'op-2' }, { now: () => new Date('2026-11-28T08:00:00Z') });
    await recordVerification(db, device, verificationInput(bench, 'M4', bad, { sessionId: s2.id }));

    const s = await batchSummary(db, bench.batchId);
    expect(s).toMatchObject({ meters: 4, verified: 4, passed: 2, failed: 2, passRate: 0.5, benches: ['BENCH-2', 'BENCH-7'] });
    expect(s!.meterType?.model).toBe('LXS-15E');
    expect(s!.sessions.map((x) => x.id)).toEqual([bench.session.id, s2.id]);
    expect(s!.firstActivity).toBe(bench.session.startedAt);
    expect([s!.firstVerificationDate, s!.lastVerificationDate]).toEqual(['2026-11-27', '2026-11-27']);
    // s2 is still running: its start is the latest activity
    expect(s!.lastActivity).toBe('2026-11-28T08:00:00.000Z');
  });

  it('counts a re-verified meter once, by its newest record', async () => {
    const first = await recordVerification(db, device, verificationInput(bench, 'M1', bad));
    await recordVerification(db, device, verificationInput(bench, 'M1', good, { supersedes: first.id, reason: 'register re-seated' }));
    expect(await batchSummary(db, bench.batchId)).toMatchObject({ meters: 1, verified: 1, passed: 1, failed: 0, passRate: 1 });
  });

  it('an empty batch has no pass rate and no sessions; an unknown batch is null', async () => {
    expect(await batchSummary(db, bench.batchId)).toMatchObject({ meters: 0, verified: 0, passRate: null, sessions: [], benches: [], lastActivity: null });
    expect(await batchSummary(db, 'nope')).toBeNull();
  });

  it('leaves out sessions that verified only other batches', async () => {
    await createBatch(db, { id: 'B-OTHER', meterTypeModel: 'LXS-15E', productionDate: '2026-11-02', createdBy: 'op-1' });
    await recordVerification(db, device, verificationInput(bench, 'X1', good, { batchId: 'B-OTHER' }));
    const s = await batchSummary(db, bench.batchId);
    expect(s).toMatchObject({ verified: 0, sessions: [] });
    expect((await batchSummary(db, 'B-OTHER'))!.sessions).toHaveLength(1);
  });
});

describe('listBatchSummaries', () => {
  it('every batch, the most recently worked on first', async () => {
    await createBatch(db, { id: 'B-NEW', meterTypeModel: 'LXS-15E', productionDate: '2026-11-20', createdBy: 'op-1' }, () => new Date('2020-01-01T00:00:00Z'));
    await recordVerification(db, device, verificationInput(bench, 'M1', good));
    const list = await listBatchSummaries(db);
    expect(list.map((s) => [s.batch.id, s.verified])).toEqual([
      [bench.batchId, 1],
      ['B-NEW', 0],
    ]);
  });
});
