/**
 * "Can this record be trusted?" for ONE verification (docs/records.md "Per-meter check";
 * docs/rules.md R-RECORD): its signature against the key pinned at enrolment; its place in
 * the device's record chain (linked to the records on both sides) and its session's signed
 * start; the raw lines it cites, walked from the nearest valid checkpoint below them to the
 * nearest above, and its own signed hash of the last one; its verdict and 有效期 recomputed
 * with the named profile; and its runs rebuilt from the raw text of those lines and counted
 * as the session counts them (docs/architecture.md invariants: raw data immutable;
 * everything derived recomputes to the same answer). `verifyIntegrity` (integrity.ts) does
 * the whole device.
 */
import { defaultProfile, type RegulationProfile, type Run, type TestPoint } from '../domain/index.ts';
import { canonicalJson, checkChain, genesisHash, type ChainBreak } from './chain.ts';
import type { SessionStatement } from './chainTypes.ts';
import type { ErjianDb } from './db.ts';
import { deviceTrust, type DeviceTrust } from './deviceTrust.ts';
import { toStorageError } from './errors.ts';
import { sessionRowProblem } from './recordChainCheck.ts';
import { compareRuns, compareVerdicts, recomputeVerdict } from './recomputeVerification.ts';
import type { RawLineRange, VerificationRecord } from './recordTypes.ts';
import { checkFormat1, checkSigned, objectHash, withoutSignature, type Envelope, type TrustedKey } from './signing.ts';
import { isSignedCheckpoint, type RawLineRecord } from './types.ts';

export type RecordCheck = 'signature' | 'chain' | 'raw-lines' | 'verdict' | 'runs';
export type RecordCheckStatus = 'ok' | 'failed' | 'not-available';

export type RecordProblemCode =
  /** this PC has no public key of the device that signed the record */
  | 'device-key-missing'
  /** the device row's key is not the one pinned at enrolment: the record cannot be vouched for */
  | 'device-key-changed'
  /** the device row names a device this browser never enrolled */
  | 'device-replaced'
  /** nothing outside IndexedDB vouches for the device's key */
  | 'device-pin-missing'
  | 'signature-invalid'
  /** the record names a key other than the device's pinned one */
  | 'signature-wrong-key'
  /** the chain does not hold the record at its seq */
  | 'record-unchained'
  /** another record holds the record's chain seq */
  | 'record-seq-duplicate'
  /** the chain's hash of the record differs from the record */
  | 'record-altered'
  /** the record before it in the chain is gone or is not the one it names */
  | 'record-unlinked'
  /** the record after it in the chain does not name it */
  | 'record-next-unlinked'
  /** the record's session has no signed start, or its row differs from its statements, or is gone */
  | 'session-unsigned'
  | 'session-missing'
  | 'session-altered'
  /** a cited range names another device's lines */
  | 'raw-lines-foreign'
  /** a line the record cites is not in the original record */
  | 'raw-line-missing'
  /** a cited line's hash does not recompute from its content: the line was changed */
  | 'raw-line-altered'
  /** a cited line's prevHash is not the hash of the line before it */
  | 'raw-line-unlinked'
  /** the last cited line is not the one the record signed */
  | 'cited-line-differs'
  /** the nearest checkpoint around the cited lines does not hold */
  | 'checkpoint-invalid'
  /** no signature covers the cited lines yet (a format-1 record with no checkpoint after them) */
  | 'raw-lines-unsigned'
  /** the profile named on the record is not known to this build */
  | 'profile-unknown'
  | 'verdict-differs'
  | 'valid-until-differs'
  /** a run of the record is not the run the raw lines give at that place */
  | 'run-differs'
  /** the record holds a run the raw lines do not */
  | 'run-not-in-raw-lines'
  /** the raw lines hold a counted run of the meter the record lacks */
  | 'run-missing-from-record';

export interface RecordProblem {
  check: RecordCheck;
  code: RecordProblemCode;
  /** where: the raw line (device + seq), the chain seq, the run (index in the record, point), the session, the profile */
  deviceId?: string;
  seq?: number;
  recordSeq?: number;
  sessionId?: string;
  runIndex?: number;
  point?: TestPoint;
  expected?: string;
  found?: string;
}

export interface RecordIntegrity {
  verificationId: string;
  /** every check holds (or cannot apply: a format-1 record has no chain; lines no protocol rebuilds) */
  ok: boolean;
  checks: Record<RecordCheck, RecordCheckStatus>;
  /** cited lines whose hash and link held (up to the first broken one) */
  linesChecked: number;
  /** lines the record cites */
  linesCited: number;
  /** in check order: signature, chain, raw lines, verdict, runs; at most one per check */
  problems: RecordProblem[];
  firstProblem: RecordProblem | null;
}

/**
 * Every completed run of the meter `serial` in `lines` (the cited ones, in seq order), in
 * the order the bench made them; null when the lines are of no protocol it can read. The
 * bench layer provides it (bench/wmb1/replay.ts): the store does not know bench protocols.
 */
export type RunRebuilder = (lines: readonly RawLineRecord[], serial: string) => Run[] | null;

export interface RecordIntegrityOptions {
  /** profiles the verdict may name (default: the one this build ships) */
  profiles?: readonly RegulationProfile[];
  /** rebuilds runs from raw text; without it the runs check is not available */
  rebuildRuns?: RunRebuilder;
  /** lines read per IndexedDB round trip */
  chunk?: number;
  onProgress?: (linesChecked: number, linesTotal: number) => void;
}

const breakCode: Record<ChainBreak['reason'], RecordProblemCode> = {
  gap: 'raw-line-missing',
  'hash-mismatch': 'raw-line-altered',
  'prev-hash-mismatch': 'raw-line-unlinked',
};

const signed = (r: VerificationRecord): r is VerificationRecord & Envelope => r.type !== undefined;

async function checkSignature(record: VerificationRecord, trust: DeviceTrust): Promise<RecordProblem | null> {
  const at = { check: 'signature' as const, deviceId: record.deviceId };
  if (!trust.key) return { ...at, code: 'device-key-missing' };
  if (trust.problem && trust.problem.code !== 'device-missing') return { ...at, code: trust.problem.code, expected: trust.problem.expected, found: trust.problem.found };
  if (!signed(record)) return (await checkFormat1(record, trust.key)) ? null : { ...at, code: 'signature-invalid' };
  const problem = await checkSigned(record, trust.key, 'erjian.verification/2');
  if (problem === null) return null;
  return problem === 'kid-differs' ? { ...at, code: 'signature-wrong-key', expected: trust.key.kid, found: record.kid } : { ...at, code: 'signature-invalid' };
}

/** The record sits in the chain at its seq, between the records it and its successor name; its session is signed. */
async function checkPlace(db: ErjianDb, record: VerificationRecord): Promise<RecordProblem | null> {
  const at = { check: 'chain' as const, deviceId: record.deviceId, recordSeq: record.recordSeq };
  const session = await db.sessions.get(record.sessionId);
  if (!session) return { check: 'chain', code: 'session-missing', sessionId: record.sessionId };
  const statements = (await db.statements.where('sessionId').equals(record.sessionId).toArray()).filter((s): s is SessionStatement => s.type === 'erjian.session/1');
  const sessionProblem = sessionRowProblem(session, statements);
  if (sessionProblem) {
    return { check: 'chain', code: sessionProblem.code === 'session-unsigned' ? 'session-unsigned' : 'session-altered', sessionId: session.id, expected: sessionProblem.expected, found: sessionProblem.found };
  }
  if (!signed(record) || record.recordSeq === undefined) return null;
  const seq = record.recordSeq;
  const [prev, entry, next] = await db.recordChain.bulkGet([
    [record.deviceId, seq - 1],
    [record.deviceId, seq],
    [record.deviceId, seq + 1],
  ]);
  if (!entry) return { ...at, code: 'record-unchained' };
  if (entry.recordId !== record.id) return { ...at, code: 'record-seq-duplicate', expected: entry.recordId, found: record.id };
  const hash = await objectHash(withoutSignature(record));
  if (entry.hash !== hash) return { ...at, code: 'record-altered', expected: entry.hash, found: hash };
  const prevHash = seq === 1 ? '0'.repeat(64) : prev?.hash;
  if (prevHash !== record.prevRecordHash) return { ...at, code: 'record-unlinked', expected: record.prevRecordHash, found: prevHash ?? '—' };
  if (next) {
    const follower = next.type === 'erjian.verification/2' ? await db.verifications.get(next.recordId) : next.type === 'erjian.certificate/1' ? await db.certificates.get(next.recordId) : await db.statements.get(next.recordId);
    const named = (follower as { prevRecordHash?: string } | undefined)?.prevRecordHash;
    if (named !== entry.hash) return { ...at, code: 'record-next-unlinked', recordSeq: seq + 1, expected: entry.hash, found: named ?? '—' };
  }
  return null;
}

interface Walked {
  problem: RecordProblem | null;
  lines: RawLineRecord[];
}

/**
 * The cited range walked inside its anchors: from the nearest valid checkpoint below it (or
 * the first line) to the nearest at or above it — so a rewrite anywhere between two signed
 * heads shows, even one re-hashed to the end of the range.
 */
async function checkRange(db: ErjianDb, record: VerificationRecord, range: RawLineRange, key: TrustedKey | null, chunk: number, progress: (n: number) => void): Promise<Walked> {
  const { deviceId, fromSeq, toSeq } = range;
  const at = { check: 'raw-lines' as const, deviceId };
  if (deviceId !== record.deviceId) return { problem: { ...at, code: 'raw-lines-foreign', expected: record.deviceId, found: deviceId }, lines: [] };
  const below = await db.checkpoints.where('[deviceId+seq]').between([deviceId, 0], [deviceId, fromSeq - 1], true, true).last();
  const above = await db.checkpoints.where('[deviceId+seq]').between([deviceId, toSeq], [deviceId, Number.MAX_SAFE_INTEGER], true, true).first();
  for (const c of [below, above]) {
    if (!c || !key) continue;
    const ok = isSignedCheckpoint(c) ? (await checkSigned(c, key, 'erjian.checkpoint/1')) === null : await checkFormat1(c, key);
    if (!ok) return { problem: { ...at, code: 'checkpoint-invalid', seq: c.seq }, lines: [] };
  }
  let head = below ? { seq: below.seq, hash: below.hash } : { seq: 0, hash: genesisHash };
  if (below) {
    const line = await db.rawLines.get([deviceId, below.seq]);
    if (!line || line.hash !== below.hash) return { problem: { ...at, code: 'checkpoint-invalid', seq: below.seq, expected: below.hash, found: line?.hash ?? '—' }, lines: [] };
  }
  const end = above?.seq ?? toSeq;
  const cited: RawLineRecord[] = [];
  while (head.seq < end) {
    // Chunks aligned on the cited range's start, so progress counts cited lines.
    const stop = head.seq < fromSeq - 1 ? Math.min(fromSeq - 1, head.seq + chunk) : Math.min(end, head.seq + chunk);
    const lines = await db.rawLines.where('[deviceId+seq]').between([deviceId, head.seq + 1], [deviceId, stop], true, true).toArray();
    const broken = lines.length === 0 ? { seq: head.seq + 1, reason: 'gap' as const, expected: String(head.seq + 1), found: '—' } : await checkChain(lines, head);
    const inRange = (l: RawLineRecord) => l.seq >= fromSeq && l.seq <= toSeq && (broken === null || l.seq < broken.seq);
    const counted = lines.filter(inRange);
    cited.push(...counted);
    if (counted.length > 0) progress(counted.length);
    if (broken) {
      const seq = broken.reason === 'gap' ? Number(broken.expected) : broken.seq;
      // A break past the cited lines: say first that the last cited line is not the one signed, if it is not.
      const lastCited = cited.find((l) => l.seq === toSeq);
      if (seq > toSeq && range.toHash !== undefined && lastCited?.hash !== range.toHash) return { problem: { ...at, code: 'cited-line-differs', seq: toSeq, expected: range.toHash, found: lastCited?.hash ?? '—' }, lines: cited };
      return { problem: { ...at, code: breakCode[broken.reason], seq, expected: broken.expected, found: broken.found }, lines: cited };
    }
    const last = lines[lines.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
  }
  const last = cited.find((l) => l.seq === toSeq);
  if (range.toHash !== undefined && last?.hash !== range.toHash) return { problem: { ...at, code: 'cited-line-differs', seq: toSeq, expected: range.toHash, found: last?.hash ?? '—' }, lines: cited };
  if (above && head.hash !== above.hash) return { problem: { ...at, code: 'checkpoint-invalid', seq: above.seq, expected: above.hash, found: head.hash }, lines: cited };
  if (!above && range.toHash === undefined) return { problem: { ...at, code: 'raw-lines-unsigned', seq: toSeq }, lines: cited };
  return { problem: null, lines: cited };
}

function profileOf(record: VerificationRecord, profiles: readonly RegulationProfile[]): RegulationProfile | undefined {
  return profiles.find((p) => p.id === record.profile.id && p.version === record.profile.version);
}

function checkVerdict(record: VerificationRecord, profile: RegulationProfile | undefined): RecordProblem | null {
  if (!profile) return { check: 'verdict', code: 'profile-unknown', found: `${record.profile.id} ${record.profile.version}` };
  const found = record.verdict.passed ? 'passed' : 'failed';
  const again = recomputeVerdict(record, profile);
  // A record the rules cannot even evaluate cannot carry the verdict it claims.
  if (!again.ok) return { check: 'verdict', code: 'verdict-differs', expected: again.error, found };
  // The PC that made the record checks it exactly (same engine); the server compares as printed (recomputeVerification.ts).
  if (!compareVerdicts(again.verdict, record.verdict).exactEqual) {
    return { check: 'verdict', code: 'verdict-differs', expected: again.verdict.passed ? 'passed' : 'failed', found };
  }
  if (again.validUntil !== record.validUntil) return { check: 'verdict', code: 'valid-until-differs', expected: String(again.validUntil), found: String(record.validUntil) };
  return null;
}

/** The record's runs, run for run, against the counted runs the raw text gives (null: they agree). */
function checkRuns(record: VerificationRecord, rebuilt: readonly Run[], profile: RegulationProfile): RecordProblem | null {
  const d = compareRuns(record, rebuilt, profile);
  if (d === null) return null;
  if (d.kind === 'missing-from-record') return { check: 'runs', code: 'run-missing-from-record', runIndex: d.runIndex, point: d.raw.point };
  if (d.kind === 'not-in-raw-lines') return { check: 'runs', code: 'run-not-in-raw-lines', runIndex: d.runIndex, point: d.mine.point };
  return { check: 'runs', code: 'run-differs', runIndex: d.runIndex, point: d.mine.point, expected: canonicalJson(d.raw), found: canonicalJson(d.mine) };
}

export async function checkRecordIntegrity(db: ErjianDb, record: VerificationRecord, options: RecordIntegrityOptions = {}): Promise<RecordIntegrity> {
  const chunk = options.chunk ?? 2000;
  const total = record.rawLines.reduce((n, r) => n + (r.toSeq - r.fromSeq + 1), 0);
  let linesChecked = 0;
  try {
    const trust = await deviceTrust(db, record.deviceId);
    const signature = await checkSignature(record, trust);
    const place = await checkPlace(db, record);
    let rawLines: RecordProblem | null = null;
    const cited: RawLineRecord[] = [];
    for (const range of record.rawLines) {
      const walked = await checkRange(db, record, range, trust.key, chunk, (n) => {
        linesChecked += n;
        options.onProgress?.(linesChecked, total);
      });
      cited.push(...walked.lines);
      rawLines = walked.problem;
      if (rawLines) break;
    }
    const profile = profileOf(record, options.profiles ?? [defaultProfile]);
    const verdict = checkVerdict(record, profile);
    const rebuilt = rawLines === null && profile && options.rebuildRuns ? options.rebuildRuns(cited, record.serial) : null;
    const runs = rebuilt && profile ? checkRuns(record, rebuilt, profile) : null;
    const status = (p: RecordProblem | null, available = true): RecordCheckStatus => (!available ? 'not-available' : p ? 'failed' : 'ok');
    const checks: Record<RecordCheck, RecordCheckStatus> = {
      signature: signature?.code === 'device-key-missing' ? 'not-available' : status(signature),
      chain: status(place, signed(record) || place !== null),
      'raw-lines': status(rawLines),
      verdict: verdict?.code === 'profile-unknown' ? 'not-available' : status(verdict),
      runs: status(runs, rebuilt !== null),
    };
    const problems = [signature, place, rawLines, verdict, runs].filter((p): p is RecordProblem => p !== null);
    return { verificationId: record.id, ok: problems.length === 0, checks, linesChecked, linesCited: total, problems, firstProblem: problems[0] ?? null };
  } catch (err) {
    throw toStorageError(err);
  }
}
