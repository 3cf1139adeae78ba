/**
 * Attacks on the signed records (issue 11, items 3, 6 and 9; docs/records.md "The record
 * chain", "Sessions", "Certificates", "Verifications"): deleting, replacing, duplicating or
 * re-pointing a record breaks the device's record chain where it happened.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meterVerdict, defaultProfile } from '../../web/src/domain/index.ts';
import { issueCertificate, withdrawCertificate } from '../../web/src/store/certificates.ts';
import { getOrCreateDevice } from '../../web/src/store/deviceKey.ts';
import { recordVerification } from '../../web/src/store/recordVerification.ts';
import { objectHash, signObject, withoutSignature, type Envelope } from '../../web/src/store/signing.ts';
import { startSession } from '../../web/src/store/sessions.ts';
import { OriginalRecord } from '../../web/src/store/originalRecord.ts';
import { verificationInput } from '../bench/storeFixtures.ts';
import { check, checkRecord, clock, honestDay, openDb, shown, shownRecord, type Day } from './scenario.ts';

let day: Day;
beforeEach(async () => {
  day = await honestDay();
});
afterEach(async () => {
  await day.db.delete();
});

/** A second "first" verification of W2 that passes, as someone would record it after hiding the failed one. */
async function recordPassingFirstOfW2(): Promise<string> {
  const input = verificationInput(day.bench, 'W2', { Q3: 0.4, Q2: -0.8, Q1: 1.9 });
  const session = await startSession(day.db, { deviceId: day.device.deviceId, bench: day.bench.session.bench, operator: 'op-1' }, { now: clock(60) });
  const rec = new OriginalRecord(day.db, day.device, { now: clock(61) });
  const [a, b] = await rec.appendMany([{ connectionId: 'c3', sessionId: session.id, direction: 'in', text: 'x' }, { connectionId: 'c3', sessionId: session.id, direction: 'in', text: 'y' }]);
  const v = await recordVerification(day.db, day.device, { ...input, sessionId: session.id, rawLines: [{ deviceId: day.device.deviceId, fromSeq: a!.seq, toSeq: b!.seq }] }, { now: clock(62) });
  return v.id;
}

describe('a failed first verification deleted with its outbox row, and a new "first" one recorded', () => {
  it('leaves the chain pointing at a record that is gone', async () => {
    const seq = day.failed.recordSeq!;
    await day.db.verifications.delete(day.failed.id);
    await day.db.outbox.where('recordId').equals(day.failed.id).delete();
    await recordPassingFirstOfW2();
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'record-missing', recordSeq: seq, recordId: day.failed.id });
    expect(shown(r)).toBe(`记录链第 ${seq} 条记录（${day.failed.id}）已被删除`);
  });

  it('with its chain entry deleted too: the chain has a gap, and the next record no longer links', async () => {
    const seq = day.failed.recordSeq!;
    await day.db.verifications.delete(day.failed.id);
    await day.db.outbox.where('recordId').equals(day.failed.id).delete();
    await day.db.recordChain.delete([day.device.deviceId, seq]);
    await recordPassingFirstOfW2();
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'record-seq-gap', recordSeq: seq });
    expect(r.problems.map((p) => p.code)).toContain('record-unlinked');
    expect(shown(r)).toBe(`记录链缺少第 ${seq} 条记录（被删除）`);
  });
});

describe('a deleted session', () => {
  it('its row deleted: its signed statements name it; the meters it verified say their session is gone', async () => {
    await day.db.sessions.delete(day.bench.session.id);
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'session-missing', sessionId: day.bench.session.id });
    expect(shown(r)).toBe(`检定会话 ${day.bench.session.id} 有签名声明，但会话记录已被删除`);
    const m = await checkRecord(day, day.passed.id);
    expect(m.firstProblem).toMatchObject({ check: 'chain', code: 'session-missing', sessionId: day.bench.session.id });
  });

  it('its row and its statements deleted: the chain has holes where they were', async () => {
    const statements = (await day.db.statements.where('sessionId').equals(day.bench.session.id).toArray()).sort((a, b) => a.recordSeq - b.recordSeq);
    await day.db.sessions.delete(day.bench.session.id);
    await day.db.statements.bulkDelete(statements.map((s) => s.id));
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'record-missing', recordSeq: statements[0]!.recordSeq, recordId: `${day.bench.session.id}/started` });
    expect(r.problems.filter((p) => p.code === 'record-missing').map((p) => p.recordId)).toEqual([`${day.bench.session.id}/started`, `${day.bench.session.id}/ended`]);
  });

  it('its bench uncertainty edited in the row (to pass MPE/5): the row no longer says what was signed', async () => {
    const s = (await day.db.sessions.get(day.bench.session.id))!;
    await day.db.sessions.put({ ...s, bench: { ...s.bench, uRelPct: 0.1 } });
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'session-altered', sessionId: s.id });
    expect(shown(r)).toContain('不确定度');
    const m = await checkRecord(day, day.passed.id);
    expect(m.firstProblem).toMatchObject({ check: 'chain', code: 'session-altered' });
    expect(shownRecord(m)).toContain(s.id);
  });
});

describe('a duplicated seq', () => {
  it('a second verification signed (with the page key) under the seq of another: both claim it', async () => {
    const { signature: _s, ...unsigned } = day.passed;
    const copy = await signObject(day.device.privateKey, { ...(unsigned as typeof unsigned & Envelope), id: 'copy-of-W1', serial: 'W9' });
    await day.db.verifications.add(copy);
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'record-seq-duplicate', recordSeq: day.passed.recordSeq, recordId: 'copy-of-W1' });
    expect(shown(r)).toBe(`两条记录都声称是记录链第 ${day.passed.recordSeq} 条（copy-of-W1）`);
    expect((await checkRecord(day, 'copy-of-W1')).firstProblem).toMatchObject({ check: 'chain', code: 'record-seq-duplicate' });
  });

  it('a record replaced by one re-signed with the page key under its own seq: its successor no longer links to it', async () => {
    // The failed meter made to pass, consistent in itself: record, verdict and 有效期 agree; signed with the page key.
    const record = { ...day.failed.record, runs: day.passed.record.runs };
    const better = { ...withoutSignature(day.failed), record, verdict: meterVerdict(record, defaultProfile), validUntil: day.passed.validUntil } as ReturnType<typeof withoutSignature<typeof day.failed>> & Envelope;
    await day.db.verifications.put(await signObject(day.device.privateKey, better));
    await day.db.recordChain.update([day.device.deviceId, day.failed.recordSeq!], { hash: await objectHash(better) });
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'record-unlinked', recordSeq: day.failed.recordSeq! + 1 });
    const m = await checkRecord(day, day.failed.id);
    expect(m.problems.map((p) => p.code)).toEqual(['record-next-unlinked', 'run-differs']);
    expect(shownRecord(m)).toBe(`记录链中的下一条（第 ${day.failed.recordSeq! + 1} 条）不指向本记录：本记录被替换`);
  });
});

describe('a cited range of another device', () => {
  it('is refused when recorded, and found when forged into the store', async () => {
    // This PC lost its key: a new device is enrolled; the old device's lines stay in the database.
    const old = day.device;
    await day.db.device.delete('device');
    const db = openDb(day.name, day.storage);
    const successor = await getOrCreateDevice(db, clock(70));
    expect(successor.predecessor).toBe(old.deviceId);
    const session = await startSession(db, { deviceId: successor.deviceId, bench: day.bench.session.bench, operator: 'op-1' }, { now: clock(71) });
    const input = { ...verificationInput(day.bench, 'W7', { Q3: 0.4, Q2: -0.8, Q1: 1.9 }), sessionId: session.id };
    await expect(recordVerification(db, successor, input, { now: clock(72) })).rejects.toMatchObject({ code: 'raw-lines-foreign' });

    // Forged: a record of the new device, citing the old device's lines, signed with the new key and chained.
    const own = await new OriginalRecord(db, successor, { now: clock(73) }).appendMany([{ connectionId: 'c4', sessionId: session.id, direction: 'in', text: 'z' }]);
    const honest = await recordVerification(db, successor, { ...input, rawLines: [{ deviceId: successor.deviceId, fromSeq: own[0]!.seq, toSeq: own[0]!.seq }] }, { now: clock(74) });
    const forged = { ...withoutSignature(honest), rawLines: day.passed.rawLines } as ReturnType<typeof withoutSignature<typeof honest>> & Envelope;
    await db.verifications.put(await signObject(successor.privateKey, forged));
    await db.recordChain.update([successor.deviceId, honest.recordSeq!], { hash: await objectHash(forged) });
    const r = await check({ db, device: successor });
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'lines-foreign', recordId: honest.id, found: old.deviceId });
    expect(shown(r)).toBe(`检定记录 ${honest.id} 引用了其他设备（${old.deviceId}）的原始数据行`);
    const m = await checkRecord({ db }, honest.id);
    expect(m.firstProblem).toMatchObject({ check: 'raw-lines', code: 'raw-lines-foreign', found: old.deviceId });
    db.close();
  });
});

describe('certificates', () => {
  it('are signed and chained: an edited certificate (more meters on it) no longer matches its chain entry', async () => {
    await day.db.certificates.put({ ...day.certificate, verificationIds: [...day.certificate.verificationIds, day.failed.id] });
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'record-altered', recordSeq: day.certificate.recordSeq, recordId: day.certificate.id });
  });

  it('a number is never given twice: withdrawn, both rows deleted, the next certificate gets a new number', async () => {
    const w = await withdrawCertificate(day.db, { certificateId: day.certificate.id, by: '李批准', reason: '型号填写错误' }, { now: clock(80) });
    expect(w).toMatchObject({ type: 'erjian.certificate/1', status: 'withdrawn', reason: '型号填写错误' });
    await day.db.certificates.bulkDelete([day.certificate.id, w.id]);
    const again = await issueCertificate(day.db, { batchId: 'B-T', issuedBy: '李批准' }, { now: clock(81) });
    expect(day.certificate.id).toBe('B-T-01');
    expect(again.id).toBe('B-T-02');
    const r = await check(day);
    expect(r.firstProblem).toMatchObject({ code: 'record-missing', recordId: 'B-T-01' });
  });
});
