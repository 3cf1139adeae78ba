/**
 * One meter's full record, as the verifier reviews it and the legal metrology institute
 * audits it: every verification of the meter (the current one and those it superseded,
 * with the reasons — docs/rules.md R-RECORD: "corrections are new records that reference
 * the old one"), the runs the bench reported, the sessions with the bench's identity, and the raw
 * lines the record cites, read a page at a time (a session's range can hold thousands).
 *
 * `checkRecordIntegrity` answers "can this record be trusted?" for ONE record: the device
 * signature, the hash chain over the raw lines it cites, the verdict and 有效期 recomputed
 * with the named profile, and its runs against the stored runs (docs/architecture.md
 * invariants: raw data immutable; everything derived recomputes to the same answer).
 * `verifyIntegrity` (integrity.ts) does the whole device chain.
 */
import { TEST_POINTS, defaultProfile, meterVerdict, validUntil, type RegulationProfile, type Run, type TestPoint } from '../domain/index.ts';
import { canonicalJson, checkChain, genesisHash, type ChainBreak } from './chain.ts';
import type { ErjianDb } from './db.ts';
import { toStorageError } from './errors.ts';
import { verificationHistory } from './latestVerifications.ts';
import type { RawLineRange, SessionRecord, StoredRun, VerificationRecord } from './recordTypes.ts';
import type { Batch, MeterType } from './referenceTypes.ts';
import type { RawLineRecord } from './types.ts';
import { verifyVerificationSignature } from './verificationBuild.ts';

export interface RawLinesPage {
  range: RawLineRange;
  /** index of the first line of the page within the range (0-based) */
  offset: number;
  lines: RawLineRecord[];
  /** lines the range names (toSeq − fromSeq + 1); fewer may be stored if lines are missing */
  total: number;
}

export interface SupersededRecord {
  record: VerificationRecord;
  /** the record that replaced it; its `reason` says why */
  replacedBy: VerificationRecord;
}

export interface MeterRecordView {
  serial: string;
  /** the meter's verification in force: the newest that no other record supersedes */
  current: VerificationRecord;
  /** the records it replaced, newest first */
  superseded: SupersededRecord[];
  /** every stored run of the meter, in the order the bench completed them */
  runs: StoredRun[];
  /** the session of each of the meter's records, with the bench identity */
  sessions: SessionRecord[];
  batch: Batch | null;
  meterType: MeterType | null;
  /** the first page of each raw-line range the current record cites */
  rawLines: RawLinesPage[];
}

export const DEFAULT_PAGE_SIZE = 200;

/** The stored lines of a range, `limit` of them from `offset` (ranges are contiguous seq numbers). */
export async function rawLinesPage(db: ErjianDb, range: RawLineRange, offset = 0, limit = DEFAULT_PAGE_SIZE): Promise<RawLinesPage> {
  const from = range.fromSeq + Math.max(0, offset);
  const to = Math.min(range.toSeq, from + limit - 1);
  try {
    const lines = from > to ? [] : await db.rawLines.where('[deviceId+seq]').between([range.deviceId, from], [range.deviceId, to], true, true).toArray();
    return { range, offset: from - range.fromSeq, lines, total: range.toSeq - range.fromSeq + 1 };
  } catch (err) {
    throw toStorageError(err);
  }
}

/** Completion order; runs stored in one transaction share a time, so then Q3, Q2, Q1 (the usual order). */
function byCompletion(a: StoredRun, b: StoredRun): number {
  if (a.completedAt !== b.completedAt) return a.completedAt < b.completedAt ? -1 : 1;
  return TEST_POINTS.indexOf(a.point) - TEST_POINTS.indexOf(b.point);
}

/** The meter's record, or null when this PC holds no verification of the serial. */
export async function meterRecordView(db: ErjianDb, serial: string, options: { pageSize?: number } = {}): Promise<MeterRecordView | null> {
  const history = await verificationHistory(db, serial);
  if (history.length === 0) return null;
  const byId = new Map(history.map((r) => [r.id, r]));
  const replacedBy = new Map<string, VerificationRecord>();
  for (const r of history) if (r.supersedes !== null) replacedBy.set(r.supersedes, r);
  // History is oldest first: the newest record nobody replaced is in force.
  const current = [...history].reverse().find((r) => !replacedBy.has(r.id)) ?? history[history.length - 1]!;
  const superseded: SupersededRecord[] = [];
  for (let r = byId.get(current.supersedes ?? ''); r !== undefined; r = byId.get(r.supersedes ?? '')) {
    superseded.push({ record: r, replacedBy: replacedBy.get(r.id)! });
    if (superseded.length > history.length) break; // a cycle cannot be signed twice, but never loop
  }
  // Records outside the chain (two records superseding nothing, say) are still shown.
  for (const r of [...history].reverse()) {
    if (r !== current && !superseded.some((s) => s.record === r)) superseded.push({ record: r, replacedBy: replacedBy.get(r.id) ?? current });
  }
  try {
    const runs = (await db.runs.where('serial').equals(serial).toArray()).sort(byCompletion);
    const sessionIds = [...new Set(history.map((r) => r.sessionId))];
    const sessions = (await db.sessions.bulkGet(sessionIds)).filter((s): s is SessionRecord => s !== undefined);
    const batch = (await db.batches.get(current.batchId)) ?? null;
    const meterType = batch ? ((await db.meterTypes.get(batch.meterTypeModel)) ?? null) : null;
    const rawLines = await Promise.all(current.rawLines.map((range) => rawLinesPage(db, range, 0, options.pageSize ?? DEFAULT_PAGE_SIZE)));
    return { serial, current, superseded, runs, sessions, batch, meterType, rawLines };
  } catch (err) {
    throw toStorageError(err);
  }
}

/**
 * Which stored run each of the record's runs is, index for index (null: not stored).
 * A run matches when it is the same run field for field (canonical JSON), at the same
 * point, in order; each stored run is used once.
 */
export function matchRuns(recordRuns: readonly Run[], stored: readonly StoredRun[]): Array<StoredRun | null> {
  const used = new Set<StoredRun>();
  return recordRuns.map((run) => {
    const key = canonicalJson(run);
    const hit = stored.find((s) => !used.has(s) && s.point === run.point && canonicalJson(s.run) === key);
    if (hit) used.add(hit);
    return hit ?? null;
  });
}

export type RecordCheck = 'signature' | 'raw-lines' | 'verdict' | 'runs';
export type RecordCheckStatus = 'ok' | 'failed' | 'not-available';

export type RecordProblemCode =
  /** this PC has no public key of the device that signed the record */
  | 'device-key-missing'
  | 'signature-invalid'
  /** a line the record cites is not in the original record */
  | 'raw-line-missing'
  /** a cited line's hash does not recompute from its content: the line was changed */
  | 'raw-line-altered'
  /** a cited line's prevHash is not the hash of the line before it */
  | 'raw-line-unlinked'
  /** the profile named on the record is not known to this build */
  | 'profile-unknown'
  | 'verdict-differs'
  | 'valid-until-differs'
  /** a run of the record is not among the runs the bench stored for the meter */
  | 'run-not-stored'
  /** a stored run's raw lines lie outside the ranges the record cites */
  | 'run-lines-outside';

export interface RecordProblem {
  check: RecordCheck;
  code: RecordProblemCode;
  /** where: the raw line (device + seq), the run (index in the record, point), or the profile */
  deviceId?: string;
  seq?: number;
  runIndex?: number;
  point?: TestPoint;
  expected?: string;
  found?: string;
}

export interface RecordIntegrity {
  verificationId: string;
  /** signature, raw lines and verdict hold; runs hold or were not stored (older records) */
  ok: boolean;
  checks: Record<RecordCheck, RecordCheckStatus>;
  /** cited lines whose hash and link held (up to the first broken one) */
  linesChecked: number;
  /** lines the record cites */
  linesCited: number;
  /** in check order: signature, raw lines, verdict, runs; at most one per check */
  problems: RecordProblem[];
  firstProblem: RecordProblem | null;
}

export interface RecordIntegrityOptions {
  /** profiles the verdict may name (default: the one this build ships) */
  profiles?: readonly RegulationProfile[];
  /** lines read per IndexedDB round trip */
  chunk?: number;
  onProgress?: (linesChecked: number, linesTotal: number) => void;
}

const breakCode: Record<ChainBreak['reason'], RecordProblemCode> = {
  gap: 'raw-line-missing',
  'hash-mismatch': 'raw-line-altered',
  'prev-hash-mismatch': 'raw-line-unlinked',
};

async function checkSignature(db: ErjianDb, record: VerificationRecord): Promise<RecordProblem | null> {
  const device = await db.device.get('device');
  // Only this PC's own key is kept here; a record from another device is checked by the server.
  if (!device || device.deviceId !== record.deviceId) return { check: 'signature', code: 'device-key-missing', deviceId: record.deviceId };
  return (await verifyVerificationSignature(record, device.publicKeyJwk)) ? null : { check: 'signature', code: 'signature-invalid', deviceId: record.deviceId };
}

/** Each cited line's hash recomputes, and links to the line before it (chain.ts). */
async function checkRange(
  db: ErjianDb,
  range: RawLineRange,
  chunk: number,
  progress: (n: number) => void,
): Promise<RecordProblem | null> {
  const { deviceId, fromSeq, toSeq } = range;
  const missing = (seq: number): RecordProblem => ({ check: 'raw-lines', code: 'raw-line-missing', deviceId, seq });
  const before = fromSeq === 1 ? null : await db.rawLines.get([deviceId, fromSeq - 1]);
  let head: { seq: number; hash: string } | null = fromSeq === 1 ? { seq: 0, hash: genesisHash } : before ? { seq: before.seq, hash: before.hash } : null;
  while ((head?.seq ?? fromSeq - 1) < toSeq) {
    const start = (head?.seq ?? fromSeq - 1) + 1;
    const lines = await db.rawLines.where('[deviceId+seq]').between([deviceId, start], [deviceId, Math.min(toSeq, start + chunk - 1)], true, true).toArray();
    if (lines.length === 0) return missing(start);
    // Without the line before the range, the first line's own prevHash is the link to trust.
    const prev = head ?? { seq: fromSeq - 1, hash: lines[0]!.prevHash };
    const broken = await checkChain(lines, prev);
    if (broken) progress(lines.filter((l) => l.seq < broken.seq).length);
    if (broken) return { check: 'raw-lines', code: breakCode[broken.reason], deviceId, seq: broken.reason === 'gap' ? Number(broken.expected) : broken.seq, expected: broken.expected, found: broken.found };
    const last = lines[lines.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
    progress(lines.length);
  }
  return null;
}

function checkVerdict(record: VerificationRecord, profiles: readonly RegulationProfile[]): RecordProblem | null {
  const profile = profiles.find((p) => p.id === record.profile.id && p.version === record.profile.version);
  if (!profile) return { check: 'verdict', code: 'profile-unknown', found: `${record.profile.id} ${record.profile.version}` };
  let verdict;
  try {
    verdict = meterVerdict(record.record, profile);
  } catch (err) {
    // A record the rules cannot even evaluate cannot carry the verdict it claims.
    return { check: 'verdict', code: 'verdict-differs', expected: err instanceof Error ? err.message : String(err), found: record.verdict.passed ? 'passed' : 'failed' };
  }
  if (canonicalJson(verdict) !== canonicalJson(record.verdict)) {
    return { check: 'verdict', code: 'verdict-differs', expected: verdict.passed ? 'passed' : 'failed', found: record.verdict.passed ? 'passed' : 'failed' };
  }
  const until = verdict.passed ? validUntil(record.verificationDate, record.record.meter, profile) : null;
  if (until !== record.validUntil) return { check: 'verdict', code: 'valid-until-differs', expected: String(until), found: String(record.validUntil) };
  return null;
}

function checkRuns(record: VerificationRecord, stored: readonly StoredRun[]): RecordProblem | null {
  const matched = matchRuns(record.record.runs, stored);
  const i = matched.indexOf(null);
  if (i !== -1) return { check: 'runs', code: 'run-not-stored', runIndex: i, point: record.record.runs[i]!.point };
  const inside = (r: RawLineRange) => record.rawLines.some((c) => c.deviceId === r.deviceId && c.fromSeq <= r.fromSeq && r.toSeq <= c.toSeq);
  const j = matched.findIndex((s) => s !== null && !inside(s.rawLines));
  if (j !== -1) {
    const s = matched[j]!;
    return { check: 'runs', code: 'run-lines-outside', runIndex: j, point: s.point, deviceId: s.rawLines.deviceId, seq: s.rawLines.fromSeq };
  }
  return null;
}

export async function checkRecordIntegrity(db: ErjianDb, record: VerificationRecord, options: RecordIntegrityOptions = {}): Promise<RecordIntegrity> {
  const chunk = options.chunk ?? 2000;
  const total = record.rawLines.reduce((n, r) => n + (r.toSeq - r.fromSeq + 1), 0);
  let linesChecked = 0;
  try {
    const signature = await checkSignature(db, record);
    let rawLines: RecordProblem | null = null;
    for (const range of record.rawLines) {
      rawLines = await checkRange(db, range, chunk, (n) => {
        linesChecked += n;
        options.onProgress?.(linesChecked, total);
      });
      if (rawLines) break;
    }
    const verdict = checkVerdict(record, options.profiles ?? [defaultProfile]);
    const stored = (await db.runs.where('serial').equals(record.serial).toArray()).filter((r) => r.sessionId === record.sessionId);
    const runs = stored.length === 0 ? null : checkRuns(record, stored);
    const status = (p: RecordProblem | null, available = true): RecordCheckStatus => (!available ? 'not-available' : p ? 'failed' : 'ok');
    const checks: Record<RecordCheck, RecordCheckStatus> = {
      signature: signature?.code === 'device-key-missing' ? 'not-available' : status(signature),
      'raw-lines': status(rawLines),
      verdict: verdict?.code === 'profile-unknown' ? 'not-available' : status(verdict),
      runs: status(runs, stored.length > 0),
    };
    const problems = [signature, rawLines, verdict, runs].filter((p): p is RecordProblem => p !== null);
    return {
      verificationId: record.id,
      ok: problems.length === 0,
      checks,
      linesChecked,
      linesCited: total,
      problems,
      firstProblem: problems[0] ?? null,
    };
  } catch (err) {
    throw toStorageError(err);
  }
}
