import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpBench, verificationInput, type Bench } from '../../../test/bench/storeFixtures.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { currentVerification } from './latestVerifications.ts';
import { recordVerification } from './recordVerification.ts';
import type { DeviceIdentity } from './types.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let n = 0;
const good = { Q3: 0.4, Q2: -0.8, Q1: 1.9 };

beforeEach(async () => {
  db = new ErjianDb(`current-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await db.delete();
});

describe("a meter's current record (docs/rules.md R-RECORD, R-IDENT)", () => {
  it('is none before the first verification, then the newest record of the chain', async () => {
    expect(await currentVerification(db, 'M-CUR')).toBeNull();
    const first = await recordVerification(db, device, verificationInput(bench, 'M-CUR', good), { now: () => new Date('2026-11-27T03:00:00Z') });
    expect((await currentVerification(db, 'M-CUR'))?.id).toBe(first.id);
    const second = await recordVerification(db, device, verificationInput(bench, 'M-CUR', good, { supersedes: first.id, reason: 'retest' }), { now: () => new Date('2026-11-27T04:00:00Z') });
    expect((await currentVerification(db, 'M-CUR'))?.id).toBe(second.id);
    expect(await currentVerification(db, 'M-OTHER')).toBeNull();
  });
});
