/**
 * An honest day on a bench PC, made through the real store code in fake-indexeddb, for the
 * attack suite (docs/records.md "Attacks the checks are tested against"): a device
 * enrolled (its pins in a memory "localStorage" the tests can read and edit), a session
 * whose raw lines are real WMB/1 with more than 1,000 flow samples (two checkpoint
 * boundaries), a passed meter W1 and a failed meter W2 verified from those lines, the
 * session ended, and a certificate issued for W1.
 *
 * And the forger's tools: what someone with the browser profile can do from the page's own
 * script — rewrite lines and rehash them, and re-sign checkpoints and records with a key
 * (the page's own non-extractable one, which script can use, or one of their own).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { defaultProfile, type Authorisation } from '../../web/src/domain/index.ts';
import { encodeMessage } from '../../web/src/bench/wmb1/codec.ts';
import { rebuildMeterRuns } from '../../web/src/bench/replay.ts';
import { lineHash } from '../../web/src/store/chain.ts';
import { issueCertificate } from '../../web/src/store/certificates.ts';
import type { RecordChainEntry } from '../../web/src/store/chainTypes.ts';
import { ErjianDb } from '../../web/src/store/db.ts';
import { getOrCreateDevice } from '../../web/src/store/deviceKey.ts';
import type { PinStorage } from '../../web/src/store/devicePins.ts';
import { verifyIntegrity, type IntegrityReport } from '../../web/src/store/integrity.ts';
import { checkRecordIntegrity, type RecordIntegrity } from '../../web/src/store/meterRecordView.ts';
import { OriginalRecord } from '../../web/src/store/originalRecord.ts';
import { recordVerifications } from '../../web/src/store/recordVerification.ts';
import type { VerificationRecord } from '../../web/src/store/recordTypes.ts';
import type { Certificate } from '../../web/src/store/referenceTypes.ts';
import { cacheReferenceData } from '../../web/src/store/referenceData.ts';
import { endSession } from '../../web/src/store/sessions.ts';
import { objectHash, signObject, withoutSignature, type Envelope } from '../../web/src/store/signing.ts';
import type { ChainCheckpoint, DeviceIdentity, RawLineRecord } from '../../web/src/store/types.ts';
import { integrityProblemText, recordProblemText } from '../../web/src/ui/meter/meterText.ts';
import { setUpWmb1Bench, type Bench } from '../bench/storeFixtures.ts';

/** 10:00 in Tai'an on the fixtures' day: tests never read the wall clock. */
export const T0 = new Date('2026-11-27T02:00:00Z');
export const clock = (minutes: number) => () => new Date(T0.getTime() + minutes * 60_000);

export const auth: Authorisation = { id: 'TA-2025-007', enterpriseId: 'ENT-1', issuedOn: '2025-03-01', scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] } };
export const enterprise = { id: 'ENT-1', name: '泰安示例水表有限公司', standing: 'normal' as const, fetchedAt: '2026-11-26T08:00:00Z' };

/** A memory localStorage: the pins live here, where a test can read or edit them. */
export function memoryStorage(): PinStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

export interface Day {
  db: ErjianDb;
  name: string;
  storage: ReturnType<typeof memoryStorage>;
  device: DeviceIdentity;
  bench: Bench;
  passed: VerificationRecord;
  failed: VerificationRecord;
  certificate: Certificate;
}

let n = 0;

export function openDb(name: string, storage: PinStorage): ErjianDb {
  return new ErjianDb(name, { indexedDB, IDBKeyRange, pins: storage });
}

/** FS flow samples (WMB/1) that fill the session past two checkpoint boundaries. */
function samples(count: number): Array<{ direction: 'in'; text: string }> {
  return Array.from({ length: count }, (_, i) => ({ direction: 'in' as const, text: encodeMessage({ verb: 'FS', id: 'warm-up', tMs: i * 500, lph: 2400, waterC: 20, kpa: 300 }).replace(/\r\n$/, '') }));
}

export async function honestDay(): Promise<Day> {
  const name = `tamper-${++n}-${Math.random()}`;
  const storage = memoryStorage();
  const db = openDb(name, storage);
  const device = await getOrCreateDevice(db, clock(0));
  await cacheReferenceData(db, { enterprise, authorisations: [{ ...auth, fetchedAt: '2026-11-26T08:00:00Z' }] });
  const { bench, inputs } = await setUpWmb1Bench(db, device, [
    { serial: 'W1', errors: { Q3: 0.4, Q2: -0.8, Q1: 1.9 } },
    { serial: 'W2', errors: { Q3: 0.4, Q2: -0.8, Q1: 6.5 } },
  ], 'B-T', clock(1));
  // The bench's warm-up samples come after the runs here, so the cited range ends mid-chain.
  await new OriginalRecord(db, device, { now: clock(20) }).appendMany(samples(1_020).map((l) => ({ ...l, connectionId: 'c1', sessionId: bench.session.id })));
  const [passed, failed] = await recordVerifications(db, device, inputs, { now: clock(30) });
  await endSession(db, bench.session.id, 'op-1', { now: clock(31) });
  const certificate = await issueCertificate(db, { batchId: 'B-T', issuedBy: '李批准' }, { now: clock(40), profile: defaultProfile });
  return { db, name, storage, device, bench, passed: passed!, failed: failed!, certificate };
}

export const check = (day: Pick<Day, 'db' | 'device'>, options: Parameters<typeof verifyIntegrity>[2] = {}): Promise<IntegrityReport> => verifyIntegrity(day.db, day.device.deviceId, options);

export async function checkRecord(day: Pick<Day, 'db'>, id: string): Promise<RecordIntegrity> {
  const record = await day.db.verifications.get(id);
  if (!record) throw new Error(`no verification ${id}`);
  return checkRecordIntegrity(day.db, record, { rebuildRuns: rebuildMeterRuns });
}

/** What the screen says about the first problem (zh-CN, the default language). */
export const shown = (r: IntegrityReport): string => (r.firstProblem ? integrityProblemText(r.firstProblem) : '');
export const shownRecord = (r: RecordIntegrity): string => (r.firstProblem ? recordProblemText(r.firstProblem) : '');

export async function lines(db: ErjianDb, deviceId: string): Promise<RawLineRecord[]> {
  return db.rawLines.where('[deviceId+seq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).toArray();
}

/** Rewrites lines from `fromSeq` on (text changed by `edit`), each rehashed so the chain alone still holds. */
export async function rewriteFrom(db: ErjianDb, deviceId: string, fromSeq: number, edit: (l: RawLineRecord) => string): Promise<void> {
  const all = await lines(db, deviceId);
  let prev = all.find((l) => l.seq === fromSeq - 1)?.hash ?? '0'.repeat(64);
  for (const l of all.filter((x) => x.seq >= fromSeq)) {
    const { hash: _old, ...fields } = { ...l, text: edit(l), prevHash: prev };
    const hash = await lineHash(fields);
    await db.rawLines.put({ ...fields, hash });
    prev = hash;
  }
}

/**
 * The perfect forger's last step: every checkpoint and every chained record re-signed with
 * `key` (the page's own, used from script, or another) so each states the lines and
 * records as they now are — checkpoint hashes, cited-line hashes, session heads, the chain
 * links and its index. Only what lives outside IndexedDB (the pins) or has left the PC
 * (synced copies) can still disagree.
 */
export async function resignEverything(db: ErjianDb, deviceId: string, privateKey: CryptoKey, kid: string): Promise<void> {
  const hashOf = new Map((await lines(db, deviceId)).map((l) => [l.seq, l.hash]));
  const entries: RecordChainEntry[] = await db.recordChain.where('[deviceId+recordSeq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).toArray();
  const newHash = new Map<number, string>();
  let prev = '0'.repeat(64);
  for (const e of entries) {
    const table = e.type === 'erjian.verification/2' ? db.verifications : e.type === 'erjian.certificate/1' ? db.certificates : db.statements;
    const obj = (await (table as typeof db.statements).get(e.recordId)) as unknown as Record<string, unknown> & Envelope & { signature: string };
    const { signature: _signature, ...rest } = obj;
    const u: Record<string, unknown> & Envelope = { ...rest, type: obj.type, alg: obj.alg, kid, prevRecordHash: prev };
    if (Array.isArray(u['rawLines'])) u['rawLines'] = (u['rawLines'] as Array<{ toSeq: number }>).map((r) => ({ ...r, toHash: hashOf.get(r.toSeq) }));
    const head = u['head'] as { seq: number; hash: string } | null | undefined;
    if (head) u['head'] = { seq: head.seq, hash: hashOf.get(head.seq) };
    const signed = await signObject(privateKey, u);
    await (table as typeof db.statements).put(signed as never);
    const hash = await objectHash(u);
    await db.recordChain.put({ ...e, hash });
    newHash.set(e.recordSeq, hash);
    prev = hash;
  }
  const checkpoints: ChainCheckpoint[] = await db.checkpoints.where('[deviceId+seq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).toArray();
  for (const c of checkpoints) {
    if (!('type' in c)) continue;
    const records = c.records ? { seq: c.records.seq, hash: newHash.get(c.records.seq) ?? c.records.hash } : null;
    const hash = hashOf.get(c.seq);
    if (hash === undefined) continue;
    await db.checkpoints.put(await signObject(privateKey, { ...withoutSignature(c), kid, hash, records }));
  }
}
