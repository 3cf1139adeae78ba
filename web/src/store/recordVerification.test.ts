import { IDBKeyRange, IDBObjectStore, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProfile, meterVerdict } from '../domain/index.ts';
import { setUpBench, verificationInput, type Bench } from '../../../test/bench/storeFixtures.ts';
import { auditTrail } from './audit.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { latestVerifications, verificationHistory } from './latestVerifications.ts';
import { readBatchColumns } from './readBatchColumns.ts';
import { recordVerification, recordVerifications } from './recordVerification.ts';
import { endSession } from './sessions.ts';
import type { DeviceIdentity } from './types.ts';
import { verifyVerificationSignature } from './verificationBuild.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let n = 0;

const good = { Q3: 0.4, Q2: -0.8, Q1: 1.9 };

beforeEach(async () => {
  db = new ErjianDb(`verif-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await db.delete();
});

/** Every table a verification writes to, to show a refused one leaves no trace. */
async function footprint() {
  return {
    verifications: await db.verifications.count(),
    outbox: await db.outbox.where('kind').equals('verification').count(),
    audit: await db.audit.count(),
    meters: await db.meters.count(),
    batchColumns: await db.batchColumns.toArray(),
    batchColumnRows: await db.batchColumnRows.count(),
  };
}

describe('recordVerification', () => {
  it("dates a record made at 01:30 in Tai'an on that Tai'an day, with the zone recorded (docs/rules.md R-DATE)", async () => {
    const { verificationDate: _given, ...input } = verificationInput(bench, 'M-NIGHT', good);
    const night = new Date('2027-02-28T17:30:00Z'); // 2027-03-01 01:30 in Asia/Shanghai
    const v = await recordVerification(db, device, input, { now: () => night });
    expect(v.verificationDate).toBe('2027-03-01');
    expect(v.timeZone).toBe('Asia/Shanghai');
    // DN15: six years, the last day the day before the anniversary (docs/rules.md R-USAGE)
    expect(v.validUntil).toBe('2033-02-28');
  });

  it('refuses a verification date after the day the record is made', async () => {
    const input = { ...verificationInput(bench, 'M-FUTURE', good), verificationDate: '2027-03-02' };
    await expect(recordVerification(db, device, input, { now: () => new Date('2027-02-28T17:30:00Z') })).rejects.toMatchObject({ code: 'invalid-record' });
  });

  it('writes the record, its outbox entry, its audit entry and its column row together', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M0001', good));
    expect(v.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db.verifications.get(v.id)).toEqual(v);
    expect(await db.outbox.where('recordId').equals(v.id).toArray()).toMatchObject([{ kind: 'verification', attempts: 0 }]);
    expect(await auditTrail(db, v.id)).toMatchObject([{ actor: 'op-1', action: 'verification.recorded', details: { serial: 'M0001', passed: true } }]);
    expect(await db.meters.get('M0001')).toEqual({ serial: 'M0001', batchId: bench.batchId, meterTypeModel: 'LXS-15E', productionDate: '2026-11-01' });
    const cols = await readBatchColumns(db, bench.batchId);
    expect(cols.n).toBe(1);
    expect(cols.q3[0]).toBeCloseTo(0.4, 10);
    expect(cols.q1[0]).toBeCloseTo(1.9, 10);
  });

  it('stamps profile, software, raw lines and the usage period; signs the canonical record', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M0001', good));
    expect(v).toMatchObject({
      profile: { id: defaultProfile.id, version: defaultProfile.version },
      software: { version: '0.1.0' },
      rawLines: [bench.lines],
      verificationDate: '2026-11-27',
      validUntil: '2032-11-26', // DN15: 6 years, the day before the anniversary (docs/rules.md R-USAGE)
      supersedes: null,
      deviceId: device.deviceId,
    });
    expect(await verifyVerificationSignature(v, device.publicKeyJwk)).toBe(true);
    expect(await verifyVerificationSignature({ ...v, validUntil: '2040-01-01' }, device.publicKeyJwk)).toBe(false);
  });

  it('records a failed meter too, with no usage period (failed meters stay in the original record)', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M0002', { Q3: 2.5, Q2: 0, Q1: 0 }));
    expect(v.verdict.passed).toBe(false);
    expect(v.validUntil).toBeNull();
    expect((await readBatchColumns(db, bench.batchId)).passed[0]).toBe(0);
  });

  it('refuses a verdict that does not recompute from the record (verdict-mismatch) and writes nothing', async () => {
    const input = verificationInput(bench, 'M0003', { Q3: 2.5, Q2: 0, Q1: 0 });
    const before = await footprint();
    await expect(recordVerification(db, device, { ...input, verdict: { ...input.verdict, passed: true, reasons: [] } })).rejects.toMatchObject({
      name: 'StorageError',
      code: 'verdict-mismatch',
    });
    // A verdict made with other profile values (a stricter MPE) does not recompute either.
    const strict = { ...defaultProfile, mpe: { ...defaultProfile.mpe, value: { ...defaultProfile.mpe.value, class2: { lower: 1, upper: 0.1, upperHot: 3 } } } };
    await expect(recordVerification(db, device, { ...input, verdict: meterVerdict(input.record, strict) })).rejects.toMatchObject({
      code: 'verdict-mismatch',
    });
    expect(await footprint()).toEqual(before);
  });

  it('refuses malformed input with invalid-record', async () => {
    const input = verificationInput(bench, 'M0004', good);
    const refused = [
      { ...input, serial: ' ' },
      { ...input, verificationDate: '2026-02-30' },
      { ...input, rawLines: [] },
      { ...input, rawLines: [{ ...bench.lines, fromSeq: 5, toSeq: 4 }] },
      { ...input, software: { version: '0.1.0', sha256: 'xyz' } },
      { ...input, record: { ...input.record, runs: [{ ...input.record.runs[0]!, indicatedL: Number.NaN }] } },
    ];
    for (const bad of refused) await expect(recordVerification(db, device, bad)).rejects.toMatchObject({ code: 'invalid-record' });
    expect(await db.verifications.count()).toBe(0);
  });

  it('refuses what does not fit the database: batch, nameplate, session, raw lines', async () => {
    const input = verificationInput(bench, 'M0005', good);
    await expect(recordVerification(db, device, { ...input, batchId: 'nope' })).rejects.toMatchObject({ code: 'unknown-batch' });
    const wrongMeter = { ...input.record, meter: { ...input.record.meter, r: 160 } };
    await expect(
      recordVerification(db, device, { ...input, record: wrongMeter, verdict: meterVerdict(wrongMeter, defaultProfile) }),
    ).rejects.toMatchObject({ code: 'meter-type-mismatch' });
    await expect(recordVerification(db, device, { ...input, sessionId: 'nope' })).rejects.toMatchObject({ code: 'unknown-session' });
    await expect(recordVerification(db, device, { ...input, rawLines: [{ ...bench.lines, toSeq: 11 }] })).rejects.toMatchObject({
      code: 'raw-lines-missing',
    });
    await endSession(db, bench.session.id, 'op-1');
    await expect(recordVerification(db, device, input)).rejects.toMatchObject({ code: 'session-not-running' });
    expect(await footprint()).toMatchObject({ verifications: 0, outbox: 0, meters: 0, batchColumns: [] });
  });

  it('refuses a serial that belongs to another batch (meter-batch-mismatch)', async () => {
    await recordVerification(db, device, verificationInput(bench, 'M0006', good));
    const other = await setUpBench(db, device, 'B-2026-002');
    await expect(recordVerification(db, device, verificationInput(other, 'M0006', good))).rejects.toMatchObject({
      code: 'meter-batch-mismatch',
    });
  });
});

describe('re-verification (docs/rules.md R-RECORD: corrections are new records that reference the old one)', () => {
  it('is a new record that supersedes the old one; the old one stays, unchanged', async () => {
    const first = await recordVerification(db, device, verificationInput(bench, 'M0010', { Q3: 2.5, Q2: 0, Q1: 0 }));
    const second = await recordVerification(
      db,
      device,
      verificationInput(bench, 'M0010', good, { supersedes: first.id, reason: 'register re-seated, tested again' }),
    );
    expect(await db.verifications.get(first.id)).toEqual(first);
    expect(second.supersedes).toBe(first.id);
    expect((await verificationHistory(db, 'M0010')).map((v) => v.id)).toEqual([first.id, second.id]);
    expect((await latestVerifications(db, bench.batchId)).map((v) => v.id)).toEqual([second.id]);
    expect((await auditTrail(db, second.id))[0]).toMatchObject({ action: 'verification.superseded', details: { supersedes: first.id } });
    const cols = await readBatchColumns(db, bench.batchId);
    expect(cols.n).toBe(1);
    expect(cols.verificationIds).toEqual([second.id]);
    expect(cols.passed[0]).toBe(1);
  });

  it('refuses a second first record, a fork and a supersede without a reason', async () => {
    const first = await recordVerification(db, device, verificationInput(bench, 'M0011', good));
    await expect(recordVerification(db, device, verificationInput(bench, 'M0011', good))).rejects.toMatchObject({ code: 'supersede-conflict' });
    const second = await recordVerification(db, device, verificationInput(bench, 'M0011', good, { supersedes: first.id, reason: 'retest' }));
    await expect(
      recordVerification(db, device, verificationInput(bench, 'M0011', good, { supersedes: first.id, reason: 'fork' })),
    ).rejects.toMatchObject({ code: 'supersede-conflict' });
    await expect(recordVerification(db, device, verificationInput(bench, 'M0012', good, { supersedes: second.id, reason: 'x' }))).rejects.toMatchObject({
      code: 'supersede-conflict',
    });
    await expect(recordVerification(db, device, verificationInput(bench, 'M0011', good, { supersedes: second.id }))).rejects.toMatchObject({
      code: 'invalid-record',
    });
  });

  it('lets a later input of one call supersede an earlier one of the same call', async () => {
    const [a] = await recordVerifications(db, device, [verificationInput(bench, 'M0020', good)]);
    const input = verificationInput(bench, 'M0021', good);
    const [b, c] = await recordVerifications(db, device, [input, verificationInput(bench, 'M0020', good, { supersedes: a!.id, reason: 'retest' })]);
    expect((await readBatchColumns(db, bench.batchId)).verificationIds).toEqual([b!.id, c!.id]);
  });
});

describe('storage errors while recording', () => {
  it('a full disk refuses the verification with quota-exceeded and leaves no partial write', async () => {
    await recordVerification(db, device, verificationInput(bench, 'M0030', good));
    const before = await footprint();
    const add = IDBObjectStore.prototype.add;
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    // Let the first writes of the transaction through, fail a later one: the whole
    // transaction (record, outbox, audit, columns) must roll back.
    const fail = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (++calls >= 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    };
    IDBObjectStore.prototype.add = fail;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls >= 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      const err: unknown = await recordVerification(db, device, verificationInput(bench, 'M0031', good)).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'StorageError', code: 'quota-exceeded' });
      expect((err as { cause?: unknown }).cause).toBeDefined();
    } finally {
      IDBObjectStore.prototype.add = add;
      IDBObjectStore.prototype.put = put;
    }
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(await footprint()).toEqual(before);
    // Space freed: the same meter records fine.
    await expect(recordVerification(db, device, verificationInput(bench, 'M0031', good))).resolves.toMatchObject({ serial: 'M0031' });
  });
});
