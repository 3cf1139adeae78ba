import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dn15, setUpBench, verificationInput, type Bench } from '../../../../test/bench/storeFixtures.ts';
import { ErjianDb, OriginalRecord, cacheReferenceData, getOrCreateDevice, recordVerification } from '../../store/index.ts';
import type { AppStore } from '../appStore.ts';
import { checkMount, connectNotices, connectRefusals } from './benchChecks.ts';

let store: AppStore;
let bench: Bench;
let n = 0;
const good = { Q3: 0.4, Q2: -0.8, Q1: 1.9 };

beforeEach(async () => {
  const db = new ErjianDb(`checks-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  const device = await getOrCreateDevice(db);
  store = { db, device, record: new OriginalRecord(db, device) };
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await store.db.delete();
});

const mountIn = (text: string, more: Partial<Parameters<typeof checkMount>[1]> = {}) =>
  checkMount(store, { text, pos: 1, meterType: dn15, batchId: bench.batchId, mounted: new Map(), ...more });

describe("the bench screen's checks on this PC's records (docs/rules.md R-IDENT)", () => {
  it('refuses a batch number of another meter type before connecting, and an operator who is no person', async () => {
    expect(await connectRefusals(store, { operator: '张工', batchId: bench.batchId, meterTypeModel: dn15.model })).toEqual([]);
    expect(await connectRefusals(store, { operator: '张工', batchId: ` ${bench.batchId} `, meterTypeModel: 'LXS-25E' })).toEqual([
      { code: 'batch-of-another-type', batchId: bench.batchId, batchModel: dn15.model, chosenModel: 'LXS-25E' },
    ]);
    expect(await connectRefusals(store, { operator: '检定员', batchId: 'NEW-BATCH', meterTypeModel: 'LXS-25E' })).toEqual([{ code: 'operator-missing' }]);
  });

  it("checks the meter type's own serial format", async () => {
    const type = { ...dn15, serialFormat: { pattern: '24[A-Z]\\d{5}', example: '24A00101' } };
    expect(await mountIn('２４ａ００１０１', { meterType: type })).toEqual({ kind: 'mount', serial: '24A00101' });
    expect(await mountIn('25A00101', { meterType: type })).toMatchObject({ kind: 'refuse', problem: { code: 'format-mismatch', example: '24A00101' } });
  });

  it('asks for a re-verification of a meter with a record, naming its current record; refuses a meter of another batch', async () => {
    const first = await recordVerification(store.db, store.device, verificationInput(bench, 'M-AGAIN', good), { now: () => new Date('2026-11-27T03:00:00Z') });
    expect(await mountIn('m-again')).toEqual({
      kind: 're-verification',
      serial: 'M-AGAIN',
      current: { id: first.id, batchId: bench.batchId, verificationDate: '2026-11-27', passed: first.verdict.passed },
    });
    expect(await mountIn('M-AGAIN', { batchId: 'B-OTHER' })).toEqual({ kind: 'refuse', serial: 'M-AGAIN', problem: { code: 'meter-of-another-batch', serial: 'M-AGAIN', batchId: bench.batchId } });
  });

  it('tells the penalty ladder’s notices for the chosen model from the cached standing, with the Tai’an date of its sync (docs/penalties.md "At the bench")', async () => {
    expect(await connectNotices(store, 'LXS-15E')).toEqual({ notices: [], syncedOn: null });
    await cacheReferenceData(store.db, {
      enterprise: {
        id: 'ENT-1',
        name: '泰安示范水表有限公司',
        standing: 'batch-returned',
        blockedModels: [{ model: 'LXS-15E', since: '2026-12-03', reference: '泰市监量〔2026〕12号' }],
        lastDecision: { type: 'non-conforming-sampling', date: '2026-12-03', reference: '泰市监量〔2026〕12号' },
        // 23:30 UTC is already the next day in Tai'an
        fetchedAt: '2026-12-03T23:30:00.000Z',
      },
    });
    expect(await connectNotices(store, 'LXS-15E')).toEqual({
      notices: [{ code: 'model-blocked', model: 'LXS-15E', since: '2026-12-03', reference: '泰市监量〔2026〕12号' }],
      syncedOn: '2026-12-04',
    });
    expect(await connectNotices(store, 'LXS-20E')).toEqual({ notices: [], syncedOn: '2026-12-04' });
  });
});
