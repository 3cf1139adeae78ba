import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProfile, meterVerdict } from '../domain/index.ts';
import { setUpBench, setUpWmb1Bench, verificationInput, type Bench } from '../../../test/bench/storeFixtures.ts';
import { rebuildMeterRuns } from '../bench/replay.ts';
import { lineHash } from './chain.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { checkRecordIntegrity, matchRuns, meterRecordView, rawLinesPage } from './meterRecordView.ts';
import type { VerificationRecord } from './recordTypes.ts';
import { recordVerification, recordVerifications } from './recordVerification.ts';
import { recordRuns } from './runs.ts';
import type { DeviceIdentity } from './types.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let n = 0;

const good = { Q3: 0.4, Q2: -0.8, Q1: 1.9 };

beforeEach(async () => {
  db = new ErjianDb(`meter-view-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await db.delete();
});

/** Stores the record's runs as the bench screen does (one bench run per point, lines 2–9 of the bench's 10). */
async function storeRunsOf(v: VerificationRecord): Promise<void> {
  const range = { deviceId: device.deviceId, fromSeq: bench.lines.fromSeq + 1, toSeq: bench.lines.toSeq - 1 };
  await recordRuns(
    db,
    v.record.runs.map((run, i) => ({ sessionId: v.sessionId, serial: v.serial, position: 1, benchRunId: `R${i}`, point: run.point, raw: { vi: run.indicatedL }, run, rawLines: range, interrupted: false })),
  );
}

describe('meterRecordView', () => {
  it('is null for a serial this PC has never verified', async () => {
    expect(await meterRecordView(db, 'NOPE')).toBeNull();
  });

  it('gathers the current record, the one it superseded with the reason, runs, session, batch, type and raw lines', async () => {
    const first = await recordVerification(db, device, verificationInput(bench, 'M1', { ...good, Q1: 6 }));
    const second = await recordVerification(db, device, verificationInput(bench, 'M1', good, { supersedes: first.id, reason: 'register re-seated' }));
    await storeRunsOf(second);
    const view = (await meterRecordView(db, 'M1'))!;
    expect(view.current.id).toBe(second.id);
    expect(view.current.verdict.passed).toBe(true);
    expect(view.superseded).toHaveLength(1);
    expect(view.superseded[0]!.record.id).toBe(first.id);
    expect(view.superseded[0]!.record.verdict.passed).toBe(false);
    expect(view.superseded[0]!.replacedBy.reason).toBe('register re-seated');
    expect(view.runs.map((r) => r.point)).toEqual(['Q3', 'Q2', 'Q1']);
    expect(view.sessions.map((s) => s.bench.id)).toEqual(['BENCH-7']);
    expect(view.batch?.id).toBe(bench.batchId);
    expect(view.meterType?.model).toBe('LXS-15E');
    expect(view.rawLines).toHaveLength(1);
    expect(view.rawLines[0]!.lines.map((l) => l.seq)).toEqual(Array.from({ length: 10 }, (_, i) => bench.lines.fromSeq + i));
    expect(view.rawLines[0]!.total).toBe(10);
  });

  it('reads long ranges a page at a time', async () => {
    const page = await rawLinesPage(db, bench.lines, 4, 3);
    expect(page.offset).toBe(4);
    expect(page.lines.map((l) => l.seq)).toEqual([5, 6, 7].map((k) => bench.lines.fromSeq - 1 + k));
    expect((await rawLinesPage(db, bench.lines, 8, 5)).lines).toHaveLength(2);
    expect((await rawLinesPage(db, bench.lines, 10, 5)).lines).toHaveLength(0);
    await recordVerification(db, device, verificationInput(bench, 'M2', good));
    const first = (await meterRecordView(db, 'M2', { pageSize: 4 }))!.rawLines[0]!;
    expect([first.offset, first.lines.length, first.total]).toEqual([0, 4, 10]);
  });

  it('matches the record’s runs to stored runs, index for index, each stored run once', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M3', good));
    await storeRunsOf(v);
    const stored = (await meterRecordView(db, 'M3'))!.runs;
    const twice = [...v.record.runs, v.record.runs[0]!];
    expect(matchRuns(twice, stored).map((s) => s?.point ?? null)).toEqual(['Q3', 'Q2', 'Q1', null]);
  });
});

describe('checkRecordIntegrity', () => {
  it('holds for an untouched record: signature, chain, raw lines, verdict, runs rebuilt from the raw text', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M1', good));
    const progress: number[] = [];
    const r = await checkRecordIntegrity(db, v, { chunk: 3, onProgress: (k, total) => progress.push(k * 100 + total) });
    expect(r).toMatchObject({ ok: true, firstProblem: null, linesChecked: 10, checks: { signature: 'ok', chain: 'ok', 'raw-lines': 'ok', verdict: 'ok' } });
    expect(progress).toEqual([310, 610, 910, 1010]);
    // These lines are no bench protocol: there is nothing to rebuild the runs from.
    expect(r.checks.runs).toBe('not-available');

    const wmb = await setUpWmb1Bench(db, device, [{ serial: 'W1', errors: good }, { serial: 'W2', errors: { ...good, Q2: 1.1 } }]);
    const [w1, w2] = await recordVerifications(db, device, wmb.inputs);
    for (const w of [w1!, w2!]) {
      expect(await checkRecordIntegrity(db, w, { rebuildRuns: rebuildMeterRuns })).toMatchObject({ ok: true, checks: { signature: 'ok', chain: 'ok', 'raw-lines': 'ok', verdict: 'ok', runs: 'ok' } });
    }
  });

  it('runs not stored (a record from before runs were kept) are "not available", not a failure', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M1', good));
    const r = await checkRecordIntegrity(db, v);
    expect(r.ok).toBe(true);
    expect(r.checks.runs).toBe('not-available');
  });

  it('names the first altered raw line by its seq', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M1', good));
    const seq = bench.lines.fromSeq + 6;
    const line = (await db.rawLines.get([device.deviceId, seq]))!;
    await db.rawLines.put({ ...line, text: line.text.replace('i=6', 'i=9') });
    const r = await checkRecordIntegrity(db, v, { chunk: 4 });
    expect(r.ok).toBe(false);
    expect(r.checks['raw-lines']).toBe('failed');
    expect(r.firstProblem).toMatchObject({ check: 'raw-lines', code: 'raw-line-altered', deviceId: device.deviceId, seq });
    expect([r.linesChecked, r.linesCited]).toEqual([6, 10]);
    expect(r.checks.signature).toBe('ok');
  });

  it('a removed line is missing; a line re-hashed to hide an edit no longer links to the next', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M1', good));
    const seq = bench.lines.fromSeq + 3;
    const removed = (await db.rawLines.get([device.deviceId, seq]))!;
    await db.rawLines.delete([device.deviceId, seq]);
    expect((await checkRecordIntegrity(db, v)).firstProblem).toMatchObject({ code: 'raw-line-missing', seq });
    await db.rawLines.put(removed);
    expect((await checkRecordIntegrity(db, v)).ok).toBe(true);

    const { hash: _old, ...fields } = { ...removed, text: 'MV pos=1 vi=0' };
    await db.rawLines.put({ ...fields, hash: await lineHash(fields) });
    const r = await checkRecordIntegrity(db, v);
    expect(r.firstProblem).toMatchObject({ code: 'raw-line-unlinked', seq: seq + 1, expected: await lineHash(fields), found: removed.hash });
  });

  it('a changed record field fails the signature; a changed verdict also fails the recomputation', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M1', { ...good, Q1: 6 }));
    expect(v.verdict.passed).toBe(false);
    const forged: VerificationRecord = { ...v, verdict: { ...v.verdict, passed: true, reasons: [] } };
    const r = await checkRecordIntegrity(db, forged);
    expect(r.checks).toMatchObject({ signature: 'failed', chain: 'failed', 'raw-lines': 'ok', verdict: 'failed' });
    // The chain holds the record as it was signed: the forged one no longer hashes to it.
    expect(r.problems.map((p) => p.code)).toEqual(['signature-invalid', 'record-altered', 'verdict-differs']);
    expect(r.problems[2]).toMatchObject({ expected: 'failed', found: 'passed' });
    expect((await checkRecordIntegrity(db, { ...v, operator: 'someone else' })).firstProblem?.code).toBe('signature-invalid');
  });

  it('a 有效期 that does not recompute is reported after the verdict holds', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M1', good));
    const r = await checkRecordIntegrity(db, { ...v, validUntil: '2099-12-31' });
    expect(r.problems.map((p) => p.code)).toEqual(['signature-invalid', 'record-altered', 'valid-until-differs']);
  });

  it('an unknown profile cannot recompute the verdict; a record of another device cannot be checked here', async () => {
    const v = await recordVerification(db, device, verificationInput(bench, 'M1', good));
    const r = await checkRecordIntegrity(db, v, { profiles: [{ ...defaultProfile, version: 'other' }] });
    expect(r.checks.verdict).toBe('not-available');
    expect(r.firstProblem).toMatchObject({ code: 'profile-unknown', found: `${defaultProfile.id} ${defaultProfile.version}` });
    const other = await checkRecordIntegrity(db, { ...v, deviceId: 'another-pc' });
    expect(other.checks.signature).toBe('not-available');
    expect(other.ok).toBe(false);
  });

  it('a record run that is not what the raw text gives, or a counted run the record lacks, is named', async () => {
    const wmb = await setUpWmb1Bench(db, device, [{ serial: 'W1', errors: good }, { serial: 'W2', errors: good }]);
    const [in1, in2] = wmb.inputs;
    // A record whose Q2 run was nudged: its verdict still recomputes from it, but the bench never sent it.
    const runs = in1!.record.runs.map((r, i) => (i === 1 ? { ...r, indicatedL: r.indicatedL + 0.01 } : r));
    const nudged = { ...in1!.record, runs };
    const v = await recordVerification(db, device, { ...in1!, record: nudged, verdict: meterVerdict(nudged, defaultProfile) });
    expect((await checkRecordIntegrity(db, v, { rebuildRuns: rebuildMeterRuns })).firstProblem).toMatchObject({ check: 'runs', code: 'run-differs', runIndex: 1, point: 'Q2' });
    // A record that leaves out its Q1 run (it then fails, but it is the raw lines that tell).
    const short = { ...in2!.record, runs: in2!.record.runs.slice(0, 2) };
    const w = await recordVerification(db, device, { ...in2!, record: short, verdict: meterVerdict(short, defaultProfile) });
    expect((await checkRecordIntegrity(db, w, { rebuildRuns: rebuildMeterRuns })).firstProblem).toMatchObject({ check: 'runs', code: 'run-missing-from-record', runIndex: 2, point: 'Q1' });
  });
});
