import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canIssue, defaultProfile } from '../domain/index.ts';
import { dn15 } from '../../../test/bench/storeFixtures.ts';
import { auditTrail } from './audit.ts';
import { ErjianDb } from './db.ts';
import { cacheReferenceData, createBatch } from './referenceData.ts';
import type { CachedAuthorisation } from './referenceTypes.ts';

let db: ErjianDb;
let n = 0;
beforeEach(() => {
  db = new ErjianDb(`ref-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
});
afterEach(async () => {
  await db.delete();
});

const authorisation: CachedAuthorisation = {
  id: 'AUTH-001',
  enterpriseId: 'ENT-1',
  issuedOn: '2025-03-01',
  scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] },
  suspensions: [{ from: '2026-12-01', until: '2027-01-15', reason: 'sampling' }],
  fetchedAt: '2026-11-27T06:00:00.000Z',
};

describe('reference data', () => {
  it('caches the authorisation in the shape canIssue takes, so the check runs offline', async () => {
    await cacheReferenceData(db, {
      enterprise: { id: 'ENT-1', name: '示例水表有限公司', standing: 'normal', fetchedAt: authorisation.fetchedAt },
      authorisations: [authorisation],
      meterTypes: [dn15],
    });
    const auth = (await db.authorisations.where('enterpriseId').equals('ENT-1').toArray())[0]!;
    const enterprise = (await db.enterprise.get('ENT-1'))!;
    expect(canIssue({ authorisation: auth, onDate: '2026-11-27', meter: { dn: 15 }, enterprise }, defaultProfile)).toEqual({ allowed: true });
    expect(canIssue({ authorisation: auth, onDate: '2026-12-05', meter: { dn: 15 }, enterprise }, defaultProfile)).toMatchObject({
      allowed: false,
      refusals: [{ code: 'authorisation-suspended' }],
    });
    expect(await db.meterTypes.get('LXS-15E')).toEqual(dn15);
  });

  it('creates a batch of a known meter type, audited; refuses an unknown type or a bad date', async () => {
    await cacheReferenceData(db, { meterTypes: [dn15] });
    const b = await createBatch(db, { meterTypeModel: dn15.model, productionDate: '2026-11-01', createdBy: 'op-1' });
    expect(await db.batches.get(b.id)).toEqual(b);
    expect(await auditTrail(db, b.id)).toMatchObject([{ actor: 'op-1', action: 'batch.created' }]);
    await expect(createBatch(db, { meterTypeModel: 'nope', productionDate: '2026-11-01', createdBy: 'op-1' })).rejects.toMatchObject({
      code: 'unknown-meter-type',
    });
    await expect(createBatch(db, { meterTypeModel: dn15.model, productionDate: '2026-13-01', createdBy: 'op-1' })).rejects.toMatchObject({
      code: 'invalid-record',
    });
    expect(await db.batches.count()).toBe(1);
  });
});
