/**
 * Checks of a device's record chain (docs/records.md "The record chain"): walked from seq 1,
 * every entry must name a record that is there, hashes to the entry, links to the one
 * before and is signed by the device's trusted key as the type it claims; every signed
 * record must be where the chain says; the format-1 rows must be the set sealed at the
 * upgrade; and each session row must be what its signed statements say.
 */
import { canonicalJson, sha256Hex } from './chain.ts';
import { genesisRecordHash, type ChainedType, type DeviceStatement, type LegacySet, type RecordChainEntry, type SessionStatement, type Statement } from './chainTypes.ts';
import type { ErjianDb } from './db.ts';
import type { IntegrityProblem } from './integrityTypes.ts';
import type { SessionRecord } from './recordTypes.ts';
import { checkFormat1, checkSigned, objectHash, withoutSignature, type Envelope, type TrustedKey } from './signing.ts';

type Report = (p: IntegrityProblem) => void;

interface ChainedObject extends Envelope {
  id: string;
  deviceId?: string;
  recordSeq?: number;
  prevRecordHash?: string;
  signature?: string;
}

async function objectsOf(db: ErjianDb, type: ChainedType, ids: string[]): Promise<Array<ChainedObject | undefined>> {
  if (type === 'erjian.verification/2') return (await db.verifications.bulkGet(ids)) as unknown as Array<ChainedObject | undefined>;
  if (type === 'erjian.certificate/1') return (await db.certificates.bulkGet(ids)) as unknown as Array<ChainedObject | undefined>;
  return (await db.statements.bulkGet(ids)) as unknown as Array<ChainedObject | undefined>;
}

export interface ChainWalk {
  checked: number;
  head: { seq: number; hash: string };
  /** the entries' hashes at the seqs asked for */
  hashAt: Map<number, string>;
}

/** Walks the chain index in seq order and checks every record it names. */
export async function walkRecordChain(db: ErjianDb, deviceId: string, key: TrustedKey | null, wanted: ReadonlySet<number>, report: Report, chunk = 500): Promise<ChainWalk> {
  let prev = { seq: 0, hash: genesisRecordHash };
  let checked = 0;
  const hashAt = new Map<number, string>();
  const ids = new Set<string>();
  for (;;) {
    const entries: RecordChainEntry[] = await db.recordChain.where('[deviceId+recordSeq]').between([deviceId, prev.seq + 1], [deviceId, Number.MAX_SAFE_INTEGER], true, true).limit(chunk).toArray();
    if (entries.length === 0) break;
    const byType = new Map<ChainedType, RecordChainEntry[]>();
    for (const e of entries) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
    const objects = new Map<RecordChainEntry, ChainedObject | undefined>();
    for (const [type, list] of byType) {
      const got = await objectsOf(db, type, list.map((e) => e.recordId));
      list.forEach((e, i) => objects.set(e, got[i]));
    }
    for (const e of entries) {
      const at = { deviceId, recordSeq: e.recordSeq, recordId: e.recordId };
      if (e.recordSeq !== prev.seq + 1) report({ code: 'record-seq-gap', ...at, recordSeq: prev.seq + 1, expected: String(prev.seq + 1), found: String(e.recordSeq) });
      if (ids.has(e.recordId)) report({ code: 'record-id-reused', ...at });
      ids.add(e.recordId);
      const obj = objects.get(e);
      if (!obj) report({ code: 'record-missing', ...at });
      else await checkChained(obj, e, prev.hash, key, report);
      if (wanted.has(e.recordSeq)) hashAt.set(e.recordSeq, e.hash);
      prev = { seq: e.recordSeq, hash: e.hash };
      checked++;
    }
  }
  return { checked, head: prev, hashAt };
}

async function checkChained(obj: ChainedObject, e: RecordChainEntry, prevHash: string, key: TrustedKey | null, report: Report): Promise<void> {
  const at = { deviceId: e.deviceId, recordSeq: e.recordSeq, recordId: e.recordId };
  if (obj.type !== e.type || obj.recordSeq !== e.recordSeq || obj.deviceId !== e.deviceId) {
    report({ code: 'record-unchained', ...at, expected: `${e.type} #${e.recordSeq}`, found: `${obj.type ?? 'format 1'} #${obj.recordSeq ?? '—'}` });
    return;
  }
  const hash = await objectHash(withoutSignature(obj));
  if (hash !== e.hash) report({ code: 'record-altered', ...at, expected: e.hash, found: hash });
  if (obj.prevRecordHash !== prevHash) report({ code: 'record-unlinked', ...at, expected: prevHash, found: String(obj.prevRecordHash) });
  if (key && (typeof obj.signature !== 'string' || (await checkSigned(obj as ChainedObject & { signature: string }, key, e.type)) !== null)) {
    report({ code: 'record-bad-signature', ...at, expected: key.kid, found: obj.kid });
  }
}

/** Every signed record of the device is in the chain at its own seq; every other row is format 1 or invalid. */
export async function checkRecordsChained(db: ErjianDb, deviceId: string, report: Report): Promise<void> {
  const tables: Array<[string, () => Promise<ChainedObject[]>]> = [
    ['verifications', async () => (await db.verifications.toArray()) as unknown as ChainedObject[]],
    ['certificates', async () => (await db.certificates.toArray()) as unknown as ChainedObject[]],
    ['statements', async () => (await db.statements.toArray()) as unknown as ChainedObject[]],
  ];
  for (const [, read] of tables) {
    const own = (await read()).filter((o) => o.deviceId === deviceId || (o.deviceId === undefined && (o as { format?: number }).format === undefined && o.type === undefined));
    const typed = own.filter((o) => o.type !== undefined);
    for (const o of own) {
      if (o.type === undefined && (o as { format?: number }).format !== 1) report({ code: 'record-format-invalid', deviceId, recordId: o.id });
    }
    const entries = await db.recordChain.bulkGet(typed.map((o) => [deviceId, o.recordSeq ?? -1] as [string, number]));
    typed.forEach((o, i) => {
      const e = entries[i];
      if (e?.recordId === o.id) return;
      report({ code: e ? 'record-seq-duplicate' : 'record-unchained', deviceId, recordSeq: o.recordSeq, recordId: o.id, expected: e?.recordId, found: o.id });
    });
  }
}

async function setOf(keys: string[]): Promise<LegacySet> {
  return { count: keys.length, keysHash: await sha256Hex(canonicalJson([...keys].sort())) };
}

const keyText = (keys: readonly unknown[]): string[] => keys.map((k) => (Array.isArray(k) ? k.join(':') : String(k)));

/** The format-1 rows are exactly those sealed at the upgrade (docs/records.md "Format 1"), and their signatures hold. */
export async function checkLegacy(db: ErjianDb, deviceId: string, upgraded: DeviceStatement | undefined, key: TrustedKey | null, report: Report): Promise<void> {
  const now = {
    verifications: await setOf(keyText(await db.verifications.filter((r) => r.format === 1).primaryKeys())),
    certificates: await setOf(keyText(await db.certificates.filter((r) => r.format === 1).primaryKeys())),
    checkpoints: await setOf(keyText(await db.checkpoints.filter((r) => 'format' in r && r.format === 1).primaryKeys())),
    sessions: await setOf(keyText(await db.sessions.filter((r) => r.format === 1).primaryKeys())),
  };
  for (const kind of ['verifications', 'certificates', 'checkpoints', 'sessions'] as const) {
    const sealed = upgraded?.legacy?.[kind] ?? { count: 0, keysHash: (await setOf([])).keysHash };
    const found = now[kind];
    if (sealed.count !== found.count || sealed.keysHash !== found.keysHash) {
      report({ code: 'legacy-set-changed', deviceId, recordId: kind, expected: String(sealed.count), found: String(found.count) });
    }
  }
  if (!key) return;
  for (const v of await db.verifications.filter((r) => r.format === 1 && r.deviceId === deviceId).toArray()) {
    if (!(await checkFormat1(v, key))) report({ code: 'record-bad-signature', deviceId, recordId: v.id, found: 'format 1' });
  }
}

const stateAfter: Record<SessionStatement['event'], SessionRecord['state']> = { started: 'running', resumed: 'running', ended: 'ended', interrupted: 'interrupted', closed: 'closed' };

/** The session row its statements describe (sessions.ts, sessionProgress.ts write rows this way). */
function rowOf(started: SessionStatement, own: readonly SessionStatement[]): Record<string, unknown> {
  const last = own[own.length - 1]!;
  const state = stateAfter[last.event];
  const ends = own.filter((s) => s.event === 'ended' || s.event === 'interrupted');
  const end = ends[ends.length - 1];
  const ended = state !== 'running';
  return {
    deviceId: started.deviceId,
    bench: started.bench,
    operator: started.actor,
    startedAt: started.at,
    state,
    endedAt: ended ? (end?.at ?? null) : null,
    interruption: ended && end?.event === 'interrupted' ? end.reason : null,
    closure: state === 'closed' ? { reason: last.reason, by: last.actor, at: last.at } : undefined,
  };
}

/** A session row against its signed statements (null: it holds, or it is format 1). */
export function sessionRowProblem(row: SessionRecord, statements: readonly SessionStatement[]): IntegrityProblem | null {
  if (row.format === 1) return null;
  const own = [...statements].sort((a, b) => a.recordSeq - b.recordSeq);
  const started = own.find((s) => s.event === 'started');
  if (!started) return { code: 'session-unsigned', deviceId: row.deviceId, sessionId: row.id };
  const expected = canonicalJson(rowOf(started, own));
  const found = canonicalJson({ deviceId: row.deviceId, bench: row.bench, operator: row.operator, startedAt: row.startedAt, state: row.state, endedAt: row.endedAt, interruption: row.interruption, closure: row.closure });
  return expected === found ? null : { code: 'session-altered', deviceId: row.deviceId, sessionId: row.id, recordSeq: started.recordSeq, expected, found };
}

/**
 * Each signed session of the device: its row is there and says what its statements say —
 * the bench identity and uRelPct, the operator, the start, the state and its end — and the
 * raw line its end named is still that line.
 */
export async function checkSessions(
  db: ErjianDb,
  deviceId: string,
  statements: readonly Statement[],
  lineHashAt: (seq: number) => string | undefined,
  report: Report,
): Promise<void> {
  const bySession = new Map<string, SessionStatement[]>();
  for (const s of statements) if (s.type === 'erjian.session/1') bySession.set(s.sessionId, [...(bySession.get(s.sessionId) ?? []), s]);
  const rows = (await db.sessions.toArray()).filter((r) => r.deviceId === deviceId);
  for (const row of rows) {
    const p = sessionRowProblem(row, bySession.get(row.id) ?? []);
    if (p) report(p);
  }
  const rowIds = new Set((await db.sessions.toCollection().primaryKeys()).map(String));
  for (const [sessionId, list] of bySession) {
    if (!rowIds.has(sessionId)) report({ code: 'session-missing', deviceId, sessionId, recordSeq: list[0]!.recordSeq });
    for (const s of list) {
      if (s.head === null || s.deviceId !== deviceId) continue;
      const hash = lineHashAt(s.head.seq);
      if (hash !== undefined && hash !== s.head.hash) report({ code: 'session-head-differs', deviceId, sessionId, seq: s.head.seq, expected: s.head.hash, found: hash });
    }
  }
}
