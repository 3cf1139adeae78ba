import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meterRecord, runAt, setUpBench, verificationInput, type Bench } from '../../../../test/bench/storeFixtures.ts';
import { defaultProfile, meterVerdict, type Authorisation, type MeterRecord, type RegulationProfile } from '../../domain/index.ts';
import { issueCertificate, issueNotice, loadCertificateData, type CertificateData } from '../../store/certificates.ts';
import { ErjianDb } from '../../store/db.ts';
import { getOrCreateDevice } from '../../store/deviceKey.ts';
import { recordVerifications } from '../../store/recordVerification.ts';
import { cacheReferenceData } from '../../store/referenceData.ts';
import { startSession } from '../../store/sessions.ts';
import type { DeviceIdentity } from '../../store/types.ts';
import { certificateModel, failedItem } from './certificateModel.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let n = 0;

/** 10:00 in Tai'an on the day after the verifications */
const issueAt = new Date('2026-11-27T02:00:00Z');
const auth: Authorisation = { id: 'TA-2025-007', enterpriseId: 'ENT-1', issuedOn: '2025-03-01', scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] } };
const enterprise = { id: 'ENT-1', name: '泰安示例水表有限公司', standing: 'normal' as const, fetchedAt: '2026-11-26T08:00:00Z' };

/** M2 failed at Q1 twice (6.5 %, then 6.7 % on the re-run); M4 failed its checklist and leaked. */
function failedRecords(): { m2: MeterRecord; m4: MeterRecord } {
  const m2 = meterRecord({ Q3: 0.1, Q2: 0.4, Q1: 6.5 });
  const m4 = meterRecord({ Q3: 0.2, Q2: 0.1, Q1: 0.3 });
  return {
    m2: { ...m2, runs: [...m2.runs, runAt('Q1', 6.7)] },
    m4: {
      ...m4,
      externalExamination: { items: [{ key: 'markings', ok: true }, { key: 'seals', ok: false }] },
      ...(m4.tightness === undefined ? {} : { tightness: { ...m4.tightness, leak: true } }),
    },
  };
}

async function verifiedBatch(a: Authorisation | null = auth, m1Date = '2026-11-26'): Promise<CertificateData> {
  const session = await startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-01', method: 'weighing', uRelPct: 0.2 }, operator: 'op-1' });
  const at = { sessionId: session.id, verificationDate: '2026-11-26' };
  const { m2, m4 } = failedRecords();
  await recordVerifications(db, device, [
    verificationInput(bench, 'M1', { Q3: 0.3, Q2: -0.5, Q1: 1.2 }, { ...at, verificationDate: m1Date }),
    verificationInput(bench, 'M2', { Q3: 0, Q2: 0, Q1: 0 }, { ...at, record: m2, verdict: meterVerdict(m2, defaultProfile) }),
    verificationInput(bench, 'M3', { Q3: -0.2, Q2: 0.2, Q1: -1.1 }, at),
    verificationInput(bench, 'M4', { Q3: 0, Q2: 0, Q1: 0 }, { ...at, record: m4, verdict: meterVerdict(m4, defaultProfile) }),
  ]);
  if (a !== null) await cacheReferenceData(db, { enterprise, authorisations: [{ ...a, fetchedAt: '2026-11-26T08:00:00Z' }] });
  return loadCertificateData(db, bench.batchId);
}

beforeEach(async () => {
  db = new ErjianDb(`cert-model-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await db.delete();
});

describe('failedItem', () => {
  it('gives a point three runs decided together (two-of-three-mean) its runs, their mean and the MPE (docs/rules.md R-REPEAT)', () => {
    const twoOfThree: RegulationProfile = { ...defaultProfile, repeatRule: { ...defaultProfile.repeatRule, value: { rule: 'two-of-three-mean' } } };
    const base = meterRecord({ Q3: 0.1, Q2: 2.5, Q1: 0.3 });
    const record: MeterRecord = { ...base, runs: [...base.runs, runAt('Q2', 1.9), runAt('Q2', 2.2)] };
    const verdict = meterVerdict(record, twoOfThree);
    const reason = verdict.reasons.find((r) => r.point === 'Q2');
    expect(reason).toMatchObject({ item: 'indication-error', code: 'point-failed' });
    expect(failedItem(reason!, verdict)).toEqual({ reason, errorsPct: [2.5, 1.9, 2.2], mpePct: 2, meanPct: 2.2 });
  });
});

describe('certificateModel', () => {
  it('lists the passed meters on the certificate and the failed ones, with their reasons, for the notice', async () => {
    const m = certificateModel(await verifiedBatch(), issueAt);
    expect(m.certified.map((r) => r.serial)).toEqual(['M1', 'M3']);
    expect(m.certified.every((r) => r.passed && r.issuable && r.validUntil === '2032-11-25')).toBe(true);
    expect(m.counts).toEqual({ total: 4, passed: 2, failed: 2 });
    expect(m.failed.map((r) => r.serial)).toEqual(['M2', 'M4']);
    // the indication error: every valid run at the point (the first and its re-run), and the MPE of the deciding run
    expect(m.failed[0]!.items).toEqual([{ reason: { item: 'indication-error', code: 'point-failed', point: 'Q1' }, errorsPct: [6.5, 6.7], mpePct: 5, meanPct: null }]);
    expect(m.failed[1]!.items.map((i) => [i.reason.item, i.reason.code, i.reason.detail])).toEqual([
      ['external-examination', 'checklist-item-failed', 'seals'],
      ['tightness', 'leak', undefined],
    ]);
    expect(m.failedDates).toEqual({ first: '2026-11-26', last: '2026-11-26' });
    expect(m.noticeIssuance).toEqual({ allowed: true });
  });

  it('takes "today" as the Tai\'an date (docs/rules.md R-DATE): 2027-02-28T17:30Z is 2027-03-01, on a PC in UTC', async () => {
    const zone = process.env['TZ'];
    process.env['TZ'] = 'UTC'; // the PC's own zone, pinned: the model must not use it
    try {
      const data = await verifiedBatch({ ...auth, suspensions: [{ from: '2027-03-01' }] });
      const m = certificateModel(data, new Date('2027-02-28T17:30:00Z'));
      expect(m.today).toBe('2027-03-01');
      // the authorisation checks are made on that day: suspended from 1 March
      expect(m.issuance.certificate.allowed).toBe(false);
      expect(m.noticeIssuance.allowed).toBe(false);
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  it('prints the date of issue as the Tai\'an date of the instant', async () => {
    const zone = process.env['TZ'];
    process.env['TZ'] = 'UTC';
    try {
      await verifiedBatch();
      const lateNight = () => new Date('2027-02-28T17:30:00Z');
      await issueCertificate(db, { batchId: bench.batchId, issuedBy: 'a' }, { now: lateNight });
      await issueNotice(db, { batchId: bench.batchId, issuedBy: 'a' }, { now: lateNight });
      const m = certificateModel(await loadCertificateData(db, bench.batchId), lateNight());
      expect([m.issuedOn, m.noticeIssuedOn]).toEqual(['2027-03-01', '2027-03-01']);
      expect([m.changedSinceIssue, m.noticeChangedSinceIssue]).toEqual([false, false]);
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  it('keeps a passed meter\'s 有效期至 when issuing is blocked: the block is the decision\'s, not the meter\'s', async () => {
    const m = certificateModel(await verifiedBatch({ ...auth, suspensions: [{ from: '2026-11-27' }] }), issueAt);
    expect(m.issuance.certificate.allowed).toBe(false);
    expect(m.certified.map((r) => [r.serial, r.validUntil, r.issuable])).toEqual([
      ['M1', '2032-11-25', false],
      ['M3', '2032-11-25', false],
    ]);
    expect(m.excluded).toEqual([]);
  });

  it('leaves off a certificate that may be issued a passed meter verified during a suspension', async () => {
    const m = certificateModel(await verifiedBatch({ ...auth, suspensions: [{ from: '2026-11-25', until: '2026-11-26' }] }, '2026-11-25'), issueAt);
    expect(m.issuance.certificate.allowed).toBe(true);
    expect(m.certified.map((r) => r.serial)).toEqual(['M3']);
    expect(m.excluded.map((r) => [r.serial, r.block, r.validUntil])).toEqual([['M1', 'authorisation-suspended-on-verification-date', '2032-11-24']]);
  });

  it('shows every passed meter, with its 有效期至, on a draft that cannot be issued, and names those it cannot cover', async () => {
    const m = certificateModel(await verifiedBatch({ ...auth, issuedOn: '2026-11-27' }), new Date('2026-11-28T02:00:00Z'));
    expect(m.issuance.certificate.allowed).toBe(false);
    expect(m.certified.map((r) => [r.serial, r.validUntil])).toEqual([
      ['M1', '2032-11-25'],
      ['M3', '2032-11-25'],
    ]);
    expect(m.excluded.map((r) => [r.serial, r.block])).toEqual([
      ['M1', 'authorisation-not-yet-valid-on-verification-date'],
      ['M3', 'authorisation-not-yet-valid-on-verification-date'],
    ]);
  });

  it('names the repeat rule of the profile the records were made with (docs/rules.md R-REPEAT)', async () => {
    const data = await verifiedBatch();
    expect(certificateModel(data, issueAt).repeatRules).toEqual([{ profile: { id: 'jjg162-2019', version: defaultProfile.version }, rule: defaultProfile.repeatRule.value }]);
    const twoOfThree: RegulationProfile = { ...defaultProfile, version: 'test-2of3', repeatRule: { ...defaultProfile.repeatRule, value: { rule: 'two-of-three-mean' } } };
    const made = { ...data, verifications: data.verifications.map((v) => ({ ...v, profile: { id: twoOfThree.id, version: twoOfThree.version } })) };
    expect(certificateModel(made, issueAt, defaultProfile, [defaultProfile, twoOfThree]).repeatRules).toEqual([
      { profile: { id: 'jjg162-2019', version: 'test-2of3' }, rule: { rule: 'two-of-three-mean' } },
    ]);
    // a profile this build does not know: no rule is guessed
    expect(certificateModel(made, issueAt).repeatRules[0]!.rule).toBeNull();
  });

  it('does not call a certificate issued before notices existed (listing the failed records too) changed', async () => {
    const data = await verifiedBatch();
    const old = { id: `${bench.batchId}-01`, batchId: bench.batchId, issuedAt: issueAt.toISOString(), issuedBy: 'a', verificationIds: data.verifications.map((v) => v.id), status: 'issued' as const };
    expect(certificateModel({ ...data, certificates: [old] }, issueAt).changedSinceIssue).toBe(false);
    const partial = { ...old, verificationIds: old.verificationIds.slice(1) };
    expect(certificateModel({ ...data, certificates: [partial] }, issueAt).changedSinceIssue).toBe(true);
  });
});
