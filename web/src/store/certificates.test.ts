import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpBench, verificationInput, type Bench } from '../../../test/bench/storeFixtures.ts';
import type { Authorisation } from '../domain/index.ts';
import { auditTrail } from './audit.ts';
import { CertificateError, certificateInForce, issueCertificate, issueNotice, loadCertificateData, noticeInForce, withdrawCertificate } from './certificates.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { recordVerifications } from './recordVerification.ts';
import { cacheReferenceData } from './referenceData.ts';
import { startSession } from './sessions.ts';
import type { DeviceIdentity } from './types.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let n = 0;

const issueDay = () => new Date(2026, 10, 27, 10, 0, 0);
const auth: Authorisation = { id: 'TA-2025-007', enterpriseId: 'ENT-1', issuedOn: '2025-03-01', scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] } };
const enterprise = { id: 'ENT-1', name: '泰安示例水表有限公司', standing: 'normal' as const, fetchedAt: '2026-11-26T08:00:00Z' };

/** Two passed meters and one failed, verified on a bench that declared u_rel = 0.2 %. */
async function verifiedBatch(uRelPct: number | undefined = 0.2) {
  const session = await startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-01', method: 'weighing', ...(uRelPct === undefined ? {} : { uRelPct }) }, operator: 'op-1' });
  const at = { sessionId: session.id, verificationDate: '2026-11-26' };
  await recordVerifications(db, device, [
    verificationInput(bench, 'M1', { Q3: 0.3, Q2: -0.5, Q1: 1.2 }, at),
    verificationInput(bench, 'M2', { Q3: 0.1, Q2: 0.4, Q1: 6.5 }, at),
    verificationInput(bench, 'M3', { Q3: -0.2, Q2: 0.2, Q1: -1.1 }, at),
  ]);
}

async function cacheAuthorisation(a: Authorisation = auth) {
  await cacheReferenceData(db, { enterprise, authorisations: [{ ...a, fetchedAt: '2026-11-26T08:00:00Z' }] });
}

async function refusal(p: Promise<unknown>): Promise<CertificateError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CertificateError);
  return err as CertificateError;
}

beforeEach(async () => {
  db = new ErjianDb(`cert-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await db.delete();
});

describe('issueCertificate', () => {
  it('writes the certificate with the passed meters\' records, its audit entry and outbox entry together', async () => {
    await verifiedBatch();
    await cacheAuthorisation();
    const c = await issueCertificate(db, { batchId: bench.batchId, issuedBy: '李批准', software: { version: '0.1.0', sha256: 'b'.repeat(64) } }, { now: issueDay });
    expect(c).toMatchObject({ id: 'B-2026-001-01', batchId: bench.batchId, issuedBy: '李批准', status: 'issued', issuedAt: issueDay().toISOString() });
    // the certificate is for the conforming meters only; the failed M2 goes on the notice
    const bySerial = new Map((await db.verifications.toArray()).map((v) => [v.id, v.serial]));
    expect(c.verificationIds.map((id) => bySerial.get(id)).sort()).toEqual(['M1', 'M3']);
    expect(await db.certificates.get(c.id)).toEqual(c);
    const trail = await auditTrail(db, c.id);
    expect(trail).toMatchObject([{ actor: '李批准', action: 'certificate.issued', details: { batchId: bench.batchId, meters: 3, issued: 2, authorisation: 'TA-2025-007', profile: { id: 'jjg162-2019' } } }]);
    expect((await db.outbox.where('kind').equals('certificate').toArray()).map((o) => o.recordId)).toEqual([c.id]);
  });

  it('refuses with every reason, and writes nothing, when no authorisation is cached', async () => {
    await verifiedBatch();
    const err = await refusal(issueCertificate(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: issueDay }));
    expect(err.code).toBe('issuance-blocked');
    expect(err.blocks.map((b) => b.code)).toEqual(['no-enterprise', 'no-authorisation']);
    expect(await db.certificates.count()).toBe(0);
    expect(await db.audit.where('action').equals('certificate.issued').count()).toBe(0);
  });

  it.each([
    ['expired', { ...auth, issuedOn: '2023-01-10' }, 'authorisation-expired'],
    ['suspended', { ...auth, suspensions: [{ from: '2026-11-20' }] }, 'authorisation-suspended'],
    ['revoked', { ...auth, revokedOn: '2026-11-01' }, 'authorisation-revoked'],
  ])('refuses under a %s authorisation', async (_, a, code) => {
    await verifiedBatch();
    await cacheAuthorisation(a);
    const err = await refusal(issueCertificate(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: issueDay }));
    expect(err.blocks.map((b) => b.code)).toContain(code);
    expect(await db.certificates.count()).toBe(0);
  });

  it('refuses a bench above MPE/5 (class 2: 0.4 %)', async () => {
    await verifiedBatch(0.5);
    await cacheAuthorisation();
    const err = await refusal(issueCertificate(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: issueDay }));
    expect(err.blocks).toMatchObject([{ code: 'bench-uncertainty-too-large', detail: 'BENCH-01' }]);
  });

  it('refuses a second certificate while one is in force; after a withdrawal the next number is issued', async () => {
    await verifiedBatch();
    await cacheAuthorisation();
    const first = await issueCertificate(db, { batchId: bench.batchId, issuedBy: 'a' }, { now: issueDay });
    expect((await refusal(issueCertificate(db, { batchId: bench.batchId, issuedBy: 'a' }, { now: issueDay }))).code).toBe('certificate-in-force');
    const w = await withdrawCertificate(db, { certificateId: first.id, by: 'a', reason: '型号填写错误' }, { now: issueDay });
    expect(w).toMatchObject({ id: `${first.id}.withdrawn`, status: 'withdrawn' });
    // the issued record is never edited
    expect(await db.certificates.get(first.id)).toEqual(first);
    expect((await auditTrail(db, first.id)).map((e) => e.action)).toEqual(['certificate.issued', 'certificate.withdrawn']);
    const second = await issueCertificate(db, { batchId: bench.batchId, issuedBy: 'a' }, { now: issueDay });
    expect(second.id).toBe('B-2026-001-02');
    expect(certificateInForce(await db.certificates.toArray())?.id).toBe(second.id);
    // issue, withdrawal, issue: each goes to the server
    expect((await db.outbox.where('kind').equals('certificate').toArray()).map((o) => o.recordId)).toEqual([first.id, w.id, second.id]);
    await expect(withdrawCertificate(db, { certificateId: first.id, by: 'a', reason: 'again' })).rejects.toMatchObject({ name: 'StorageError' });
  });
});

describe('loadCertificateData', () => {
  it('reads the batch, its meter type, current records, their sessions and the cache', async () => {
    await verifiedBatch();
    await cacheAuthorisation();
    const d = await loadCertificateData(db, bench.batchId);
    expect(d.meterType.model).toBe('LXS-15E');
    expect(d.verifications.map((v) => [v.serial, v.verdict.passed])).toEqual([['M1', true], ['M2', false], ['M3', true]]);
    expect([...d.sessions.values()].map((s) => s.bench)).toEqual([{ id: 'BENCH-01', method: 'weighing', uRelPct: 0.2 }]);
    expect(d.enterprise?.name).toBe('泰安示例水表有限公司');
  });

  it('refuses an unknown batch with a storage code', async () => {
    await expect(loadCertificateData(db, 'nope')).rejects.toMatchObject({ code: 'unknown-batch' });
  });
});

describe('the day of issue (docs/rules.md R-DATE)', () => {
  const zone = process.env['TZ'];
  // The PC's own zone is pinned to UTC here, so the test never depends on the machine's:
  // at 2027-02-28T17:30Z it is still 28 February in UTC but 01:30 on 1 March in Tai'an.
  beforeEach(() => {
    process.env['TZ'] = 'UTC';
  });
  afterEach(() => {
    if (zone === undefined) delete process.env['TZ'];
    else process.env['TZ'] = zone;
  });
  const lateNight = () => new Date('2027-02-28T17:30:00Z');

  it('is the Tai\'an date: an authorisation suspended from 1 March refuses an issue at 01:30 on 1 March Tai\'an time', async () => {
    await verifiedBatch();
    await cacheAuthorisation({ ...auth, suspensions: [{ from: '2027-03-01' }] });
    expect(new Date(lateNight()).getDate()).toBe(28); // the PC's (UTC) day
    const err = await refusal(issueCertificate(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: lateNight }));
    expect(err.blocks.map((b) => b.code)).toContain('authorisation-suspended');
    const notice = await refusal(issueNotice(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: lateNight }));
    expect(notice.blocks.map((b) => b.code)).toContain('authorisation-suspended');
  });
});

describe('issueNotice (检定结果通知书)', () => {
  it('writes the notice with the failed meters\' records, numbered on its own, with its audit and outbox entries', async () => {
    await verifiedBatch();
    await cacheAuthorisation();
    const n = await issueNotice(db, { batchId: bench.batchId, issuedBy: '李批准', software: { version: '0.1.0', sha256: 'b'.repeat(64) } }, { now: issueDay });
    expect(n).toMatchObject({ id: 'B-2026-001-TZ01', batchId: bench.batchId, issuedBy: '李批准', status: 'issued', document: 'notice', issuedAt: issueDay().toISOString() });
    const bySerial = new Map((await db.verifications.toArray()).map((v) => [v.id, v.serial]));
    expect(n.verificationIds.map((id) => bySerial.get(id))).toEqual(['M2']);
    expect(await db.certificates.get(n.id)).toEqual(n);
    expect(await auditTrail(db, n.id)).toMatchObject([{ actor: '李批准', action: 'notice.issued', details: { batchId: bench.batchId, failed: 1, authorisation: 'TA-2025-007', profile: { id: 'jjg162-2019' } } }]);
    expect((await db.outbox.where('kind').equals('certificate').toArray()).map((o) => o.recordId)).toEqual([n.id]);
    // a notice is not a certificate: the certificate is still to be issued, as number 01
    expect(certificateInForce(await db.certificates.toArray())).toBeNull();
    expect(noticeInForce(await db.certificates.toArray())?.id).toBe(n.id);
    const c = await issueCertificate(db, { batchId: bench.batchId, issuedBy: '李批准' }, { now: issueDay });
    expect(c.id).toBe('B-2026-001-01');
    expect(noticeInForce(await db.certificates.toArray())?.id).toBe(n.id);
    expect((await refusal(issueNotice(db, { batchId: bench.batchId, issuedBy: 'a' }, { now: issueDay }))).code).toBe('notice-in-force');
  });

  it('refuses with every reason, and writes nothing, when no authorisation is cached', async () => {
    await verifiedBatch();
    const err = await refusal(issueNotice(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: issueDay }));
    expect(err.code).toBe('issuance-blocked');
    expect(err.blocks.map((b) => b.code)).toEqual(['no-enterprise', 'no-authorisation']);
    expect(await db.certificates.count()).toBe(0);
    expect(await db.audit.where('action').equals('notice.issued').count()).toBe(0);
  });

  it('refuses a batch without a failed meter', async () => {
    await cacheAuthorisation();
    const session = await startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-01', method: 'weighing', uRelPct: 0.2 }, operator: 'op-1' });
    await recordVerifications(db, device, [verificationInput(bench, 'M1', { Q3: 0.3, Q2: -0.5, Q1: 1.2 }, { sessionId: session.id, verificationDate: '2026-11-26' })]);
    const err = await refusal(issueNotice(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: issueDay }));
    expect(err.blocks.map((b) => b.code)).toEqual(['no-failed-meter']);
  });

  it('is issued when no meter passed (the certificate is blocked, the notice is not)', async () => {
    await cacheAuthorisation();
    const session = await startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-01', method: 'weighing', uRelPct: 0.2 }, operator: 'op-1' });
    await recordVerifications(db, device, [verificationInput(bench, 'M9', { Q3: 0.3, Q2: -0.5, Q1: 7.5 }, { sessionId: session.id, verificationDate: '2026-11-26' })]);
    expect((await refusal(issueCertificate(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: issueDay }))).blocks.map((b) => b.code)).toEqual(['no-passed-meter']);
    expect((await issueNotice(db, { batchId: bench.batchId, issuedBy: 'x' }, { now: issueDay })).verificationIds).toHaveLength(1);
  });
});
