/**
 * "Verify integrity" of one device's whole original record (docs/records.md "What the checks
 * hold"; docs/rules.md R-RECORD): the raw-line hash chain from the first line; a valid signed
 * checkpoint at every boundary and the lines after the last one reported as unsigned
 * (未签名), never as OK; the record chain of verifications, certificates and session and
 * device statements; the sessions against their statements; each verification's last cited
 * line; all against the key pinned at enrolment and the marks kept outside IndexedDB.
 * Read-only: it never repairs anything. Every problem is named by a stable code and located.
 */
import { checkChain, genesisHash, type ChainBreak } from './chain.ts';
import { CHECKPOINT_EVERY } from './checkpoints.ts';
import type { DeviceStatement, Statement } from './chainTypes.ts';
import type { ErjianDb } from './db.ts';
import { deviceTrust } from './deviceTrust.ts';
import { breakCode, type IntegrityProblem, type IntegrityReport } from './integrityTypes.ts';
import { checkLegacy, checkRecordsChained, checkSessions, walkRecordChain } from './recordChainCheck.ts';
import { checkFormat1, checkSigned, type TrustedKey } from './signing.ts';
import { isSignedCheckpoint, type ChainCheckpoint } from './types.ts';

export type { IntegrityProblem, IntegrityProblemCode, IntegrityReport, IntegrityStatus } from './integrityTypes.ts';

export interface IntegrityOptions {
  /** lines read per IndexedDB round trip */
  chunk?: number;
  onProgress?: (linesChecked: number) => void;
  /** the checkpoint interval the record was written with (OriginalRecord's `checkpointEvery`) */
  checkpointEvery?: number;
  /**
   * what an outside copy holds — the server's synced checkpoints and records, an export:
   * the local record must still agree with it (docs/records.md "What the local checks cannot see")
   */
  anchors?: { lines?: ReadonlyArray<{ seq: number; hash: string }>; records?: ReadonlyArray<{ seq: number; hash: string }> };
  /** stop listing after this many problems (the first is what a person acts on) */
  maxProblems?: number;
}

interface Cited {
  recordId: string;
  toSeq: number;
  toHash: string | undefined;
}

export async function verifyIntegrity(db: ErjianDb, deviceId: string, options: IntegrityOptions = {}): Promise<IntegrityReport> {
  const chunk = options.chunk ?? 2000;
  const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const max = options.maxProblems ?? 200;
  const problems: IntegrityProblem[] = [];
  const report = (p: IntegrityProblem) => {
    if (problems.length < max) problems.push(p);
  };

  const trust = await deviceTrust(db, deviceId);
  if (trust.problem) report(trust.problem);
  const key = trust.key;

  // What the walk must remember of the lines: the hashes checkpoints, sessions, records and marks name.
  const checkpoints = await db.checkpoints.where('[deviceId+seq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).toArray();
  const statements: Statement[] = (await db.statements.toArray()).filter((s) => s.deviceId === deviceId);
  const upgraded = statements.find((s): s is DeviceStatement => s.type === 'erjian.device/1' && s.event === 'upgraded');
  const legacyLines = upgraded?.legacy?.lines?.seq ?? 0;
  const cited: Cited[] = [];
  for (const v of await db.verifications.toArray()) {
    if (v.deviceId !== deviceId) continue;
    for (const r of v.rawLines) {
      if (r.deviceId !== v.deviceId) report({ code: 'lines-foreign', deviceId, recordId: v.id, recordSeq: v.recordSeq, expected: v.deviceId, found: r.deviceId });
      else if (v.type !== undefined) cited.push({ recordId: v.id, toSeq: r.toSeq, toHash: r.toHash });
    }
  }
  const wanted = new Set<number>([...checkpoints.map((c) => c.seq), ...cited.map((c) => c.toSeq), ...(options.anchors?.lines ?? []).map((a) => a.seq)]);
  for (const s of statements) if (s.type === 'erjian.session/1' && s.head) wanted.add(s.head.seq);
  if (trust.pin?.checkpoint) wanted.add(trust.pin.checkpoint.seq);

  const walk = await walkLines(db, deviceId, wanted, chunk, options.onProgress);
  if (walk.firstBreak) {
    const b = walk.firstBreak;
    report({ code: breakCode[b.reason], deviceId, seq: b.reason === 'gap' ? Number(b.expected) : b.seq, expected: b.expected, found: b.found });
  }
  const lastSeq = walk.lastSeq;

  // Checkpoints: each valid, one at every boundary past the format-1 lines, and the newest this browser signed still there.
  const recordMarks = new Set<number>(checkpoints.flatMap((c) => (isSignedCheckpoint(c) && c.records ? [c.records.seq] : [])));
  if (trust.pin?.records) recordMarks.add(trust.pin.records.seq);
  for (const a of options.anchors?.records ?? []) recordMarks.add(a.seq);
  const chain = await walkRecordChain(db, deviceId, key, recordMarks, report);

  let lastSigned = 0;
  let checkpointsChecked = 0;
  const validAt = new Set<number>();
  for (const c of checkpoints) {
    checkpointsChecked++;
    if (await checkCheckpoint(c, walk, key, chain.hashAt, report)) {
      validAt.add(c.seq);
      if (isSignedCheckpoint(c) || c.seq <= legacyLines) lastSigned = Math.max(lastSigned, c.seq);
    }
  }
  const reachable = walk.firstBreak ? walk.firstBreak.seq - 1 : lastSeq;
  for (let b = (Math.floor(legacyLines / every) + 1) * every; b <= reachable; b += every) {
    if (!validAt.has(b)) report({ code: 'checkpoint-missing', deviceId, seq: b });
  }
  const pinned = trust.pin?.checkpoint;
  if (pinned) {
    const there = checkpoints.find((c) => c.seq === pinned.seq);
    if (!there || there.hash !== pinned.hash) report({ code: 'pinned-checkpoint-missing', deviceId, seq: pinned.seq, expected: pinned.hash, found: there?.hash ?? '—' });
  }
  const pinnedRecords = trust.pin?.records;
  if (pinnedRecords && chain.hashAt.get(pinnedRecords.seq) !== pinnedRecords.hash) {
    report({ code: 'pinned-record-missing', deviceId, recordSeq: pinnedRecords.seq, expected: pinnedRecords.hash, found: chain.hashAt.get(pinnedRecords.seq) ?? '—' });
  }
  for (const a of options.anchors?.lines ?? []) {
    const found = walk.hashAt.get(a.seq);
    if (found !== a.hash) report({ code: 'anchor-differs', deviceId, seq: a.seq, expected: a.hash, found: found ?? '—' });
  }
  for (const a of options.anchors?.records ?? []) {
    const found = chain.hashAt.get(a.seq);
    if (found !== a.hash) report({ code: 'anchor-differs', deviceId, recordSeq: a.seq, expected: a.hash, found: found ?? '—' });
  }

  await checkRecordsChained(db, deviceId, report);
  await checkLegacy(db, deviceId, upgraded, key, report);
  await checkSessions(db, deviceId, statements, (seq) => walk.hashAt.get(seq), report);
  for (const c of cited) {
    const hash = walk.hashAt.get(c.toSeq);
    if (hash !== undefined && hash !== c.toHash) report({ code: 'cited-line-differs', deviceId, seq: c.toSeq, recordId: c.recordId, expected: c.toHash ?? '—', found: hash });
  }

  const unsigned = reachable > lastSigned ? { fromSeq: lastSigned + 1, toSeq: reachable } : null;
  const status = problems.length > 0 ? 'broken' : unsigned ? 'unsigned' : 'ok';
  return {
    ok: status === 'ok',
    status,
    deviceId,
    linesChecked: walk.linesChecked,
    checkpointsChecked,
    recordsChecked: chain.checked,
    unsigned,
    firstBreak: walk.firstBreak,
    problems,
    firstProblem: problems[0] ?? null,
  };
}

interface LineWalk {
  linesChecked: number;
  lastSeq: number;
  firstBreak: ChainBreak | null;
  hashAt: Map<number, string>;
}

async function walkLines(db: ErjianDb, deviceId: string, wanted: ReadonlySet<number>, chunk: number, onProgress?: (n: number) => void): Promise<LineWalk> {
  let head = { seq: 0, hash: genesisHash };
  let linesChecked = 0;
  const hashAt = new Map<number, string>();
  for (;;) {
    // Read in chunks, then hash outside the transaction (WebCrypto is not IndexedDB-aware).
    const lines = await db.rawLines.where('[deviceId+seq]').between([deviceId, head.seq + 1], [deviceId, Number.MAX_SAFE_INTEGER], true, true).limit(chunk).toArray();
    if (lines.length === 0) break;
    const firstBreak = await checkChain(lines, head);
    if (firstBreak) {
      // The lines before the break held: count them, so the report and the progress agree.
      for (const l of lines) if (l.seq < firstBreak.seq && wanted.has(l.seq)) hashAt.set(l.seq, l.hash);
      linesChecked += lines.filter((l) => l.seq < firstBreak.seq).length;
      onProgress?.(linesChecked);
      const last = await db.rawLines.where('[deviceId+seq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).last();
      return { linesChecked, lastSeq: last?.seq ?? 0, firstBreak, hashAt };
    }
    for (const l of lines) if (wanted.has(l.seq)) hashAt.set(l.seq, l.hash);
    const last = lines[lines.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
    linesChecked += lines.length;
    onProgress?.(linesChecked);
  }
  return { linesChecked, lastSeq: head.seq, firstBreak: null, hashAt };
}

/** One checkpoint: its line is there with its hash, its signature holds, the record head it signed is in the chain. */
async function checkCheckpoint(c: ChainCheckpoint, walk: LineWalk, key: TrustedKey | null, recordHashAt: ReadonlyMap<number, string>, report: (p: IntegrityProblem) => void): Promise<boolean> {
  const at = { deviceId: c.deviceId, seq: c.seq };
  const broken = walk.firstBreak !== null && c.seq >= walk.firstBreak.seq;
  const lineHash = walk.hashAt.get(c.seq);
  if (!broken && lineHash === undefined) {
    report({ code: 'checkpoint-line-missing', ...at });
    return false;
  }
  if (!broken && lineHash !== c.hash) {
    report({ code: 'checkpoint-hash-differs', ...at, expected: c.hash, found: lineHash });
    return false;
  }
  if (isSignedCheckpoint(c)) {
    if (key && (await checkSigned(c, key, 'erjian.checkpoint/1')) !== null) {
      report({ code: 'checkpoint-bad-signature', ...at, expected: key.kid, found: c.kid });
      return false;
    }
    if (c.records && recordHashAt.get(c.records.seq) !== c.records.hash) {
      report({ code: 'checkpoint-records-differ', ...at, recordSeq: c.records.seq, expected: c.records.hash, found: recordHashAt.get(c.records.seq) ?? '—' });
      return false;
    }
    return !broken;
  }
  if (!('format' in c) || c.format !== 1) {
    report({ code: 'checkpoint-format-invalid', ...at });
    return false;
  }
  if (key && !(await checkFormat1(c, key))) {
    report({ code: 'checkpoint-bad-signature', ...at, found: 'format 1' });
    return false;
  }
  return !broken;
}
