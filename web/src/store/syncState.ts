/**
 * Reading and writing the bench PC's sync state (schema v5, syncTypes.ts; docs/sync.md).
 * Each sync step that changes the PC is ONE Dexie transaction: a push answer (the items'
 * statuses, the receipt, the heads) and a pull (reference data, the cursor) are stored whole
 * or not at all, so a sync cut at any point leaves the PC as it was before that step, and
 * the next sync starts again from the server's heads (docs/architecture.md invariant "a sync
 * can be cut at any byte and retried").
 */
import Dexie from 'dexie';
import type { EnterpriseStanding } from '../domain/index.ts';
import type { Heads, PullResponse, PushKind, PushResponse, Receipt } from '../sync/protocol.ts';
import { readEnterpriseStanding } from '../sync/standing.ts';
import { auditEntry } from './audit.ts';
import type { ErjianDb } from './db.ts';
import { toStorageError } from './errors.ts';
import { cacheReferenceData } from './referenceData.ts';
import type { CachedAuthorisation, CachedEnterprise } from './referenceTypes.ts';
import { emptySyncState, type ItemSyncStatus, type SyncConflict, type SyncEnrolment, type SyncStateRow } from './syncTypes.ts';
import { isSignedCheckpoint, type OutboxEntry } from './types.ts';

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toStorageError(err);
  }
}

export async function readSyncState(db: ErjianDb): Promise<SyncStateRow> {
  return guarded(async () => (await db.syncState.get('sync')) ?? emptySyncState);
}

/** The enrolled enterprise's name as last pulled (null before the first pull, or not enrolled). */
export async function enrolledEnterpriseName(db: ErjianDb, state: SyncStateRow): Promise<string | null> {
  if (!state.enrolment) return null;
  return guarded(async () => (await db.enterprise.get(state.enrolment!.enterpriseId))?.name ?? null);
}

/** Keeps the enrolment answer (the token is the credential of every later sync); audited. */
export function saveEnrolment(db: ErjianDb, enrolment: SyncEnrolment, actor: string, now: () => Date = () => new Date()): Promise<void> {
  return guarded(() =>
    db.transaction('rw', db.syncState, db.audit, async () => {
      const row = (await db.syncState.get('sync')) ?? emptySyncState;
      await db.syncState.put({ ...row, enrolment });
      await db.audit.add(auditEntry(now(), actor, 'device.enrolled-server', enrolment.deviceId, { server: enrolment.serverUrl, enterpriseId: enrolment.enterpriseId }));
    }),
  );
}

/** The push item an outbox entry travels as (docs/sync.md "Push": signed records are `record`). */
export function pushRefOf(entry: Pick<OutboxEntry, 'kind' | 'recordId'>): { kind: PushKind; id: string } {
  switch (entry.kind) {
    case 'checkpoint':
      return { kind: 'checkpoint', id: entry.recordId };
    case 'audit':
      return { kind: 'audit', id: entry.recordId };
    case 'bench-config':
      return { kind: 'bench-config', id: entry.recordId };
    default:
      return { kind: 'record', id: entry.recordId };
  }
}

/**
 * Stores a push answer whose receipt was checked (sync/receipt.ts): each item's status,
 * the receipt, the heads — in one transaction. An item once synced stays synced: a later
 * answer for it can only be `duplicate`.
 */
export function recordPushAnswer(db: ErjianDb, answer: Pick<PushResponse, 'results' | 'heads' | 'lines'> & { receipt: Receipt }, now: () => Date = () => new Date()): Promise<void> {
  const at = now().toISOString();
  // A refusal the server asks to retry (the item waits for its predecessors) leaves the item local.
  const rows: ItemSyncStatus[] = answer.results.filter((r) => r.status !== 'rejected' || !r.retry).map((r) =>
    r.status === 'rejected'
      ? { kind: r.kind, id: r.id, status: 'rejected', reason: r.reason, message: r.message, retry: r.retry, at }
      : { kind: r.kind, id: r.id, status: 'synced', reason: null, message: null, retry: false, at },
  );
  return guarded(() =>
    db.transaction('rw', db.syncStatus, db.receipts, db.syncState, async () => {
      const before = await db.syncStatus.bulkGet(rows.map((r) => [r.kind, r.id]));
      await db.syncStatus.bulkPut(rows.filter((r, i) => before[i]?.status !== 'synced' || r.status === 'synced'));
      if (!(await db.receipts.get(answer.receipt.pushId))) await db.receipts.add({ ...answer.receipt, storedAt: at });
      const row = (await db.syncState.get('sync')) ?? emptySyncState;
      const rejected = answer.lines.rejected;
      const lineRejection = rejected ? { ...rejected, at } : answer.lines.accepted ? null : (row.lineRejection ?? null);
      await db.syncState.put({ ...row, heads: answer.heads, auditAfter: auditAfterOf(row.auditAfter ?? 0, answer.results), lineRejection });
    }),
  );
}

/**
 * Audit entries are sent in local-id order after `auditAfter`; the mark moves past every
 * entry answered for good (synced, or refused without a retry: kept and shown as rejected),
 * and stops before the first one the server asked to send again.
 */
export function auditAfterOf(before: number, results: PushResponse['results']): number {
  const audit = results.filter((r) => r.kind === 'audit').map((r) => ({ id: Number(r.id), again: r.status === 'rejected' && r.retry })).filter((r) => Number.isSafeInteger(r.id) && r.id > before);
  audit.sort((a, b) => a.id - b.id);
  let after = before;
  for (const r of audit) {
    if (r.again) break;
    after = r.id;
  }
  return after;
}

/** Marks the end of a sync that finished without an error. */
export function markSynced(db: ErjianDb, at: Date): Promise<void> {
  return guarded(() =>
    db.transaction('rw', db.syncState, async () => {
      const row = (await db.syncState.get('sync')) ?? emptySyncState;
      await db.syncState.put({ ...row, lastSyncAt: at.toISOString() });
    }),
  );
}

/**
 * The pulled standing: the ladder's body, or an older server's plain string; anything unknown
 * is read as the most restrictive one, revoked: the PC never issues on a guess (docs/rules.md
 * R-ISSUE; sync/standing.ts).
 */
export function standingOf(value: unknown): EnterpriseStanding {
  return readEnterpriseStanding(value).standing;
}

/** The enterprise row a pull caches: its name and the whole of its standing on the ladder. */
export function cachedEnterpriseOf(enterprise: PullResponse['enterprise'], fetchedAt: string): CachedEnterprise {
  const ladder = readEnterpriseStanding(enterprise.standing);
  return {
    id: enterprise.id,
    name: enterprise.name,
    standing: ladder.standing,
    nonConformingSamplings: ladder.nonConformingSamplings,
    salesStopped: ladder.salesStopped,
    ...(ladder.rectificationDeadline === undefined ? {} : { rectificationDeadline: ladder.rectificationDeadline }),
    blockedModels: ladder.blockedModels.map((b) => ({ ...b })),
    lastDecision: ladder.lastDecision === null ? null : { ...ladder.lastDecision },
    fetchedAt,
  };
}

/**
 * Applies a pull (docs/sync.md "Pull") in ONE transaction: the cached enterprise,
 * authorisations and meter types (referenceData.ts), the benches, the other devices' keys,
 * the conflicts, the public base URL, the institution, the cursor and the heads. The caller
 * changes what it shows only after this resolves (the transaction has committed).
 */
export function applyPull(db: ErjianDb, pull: PullResponse, now: () => Date = () => new Date()): Promise<void> {
  const fetchedAt = now().toISOString();
  const authorisations: CachedAuthorisation[] = pull.authorisations.map((a) => ({
    id: a.id,
    enterpriseId: a.enterpriseId,
    certificateNo: a.certificateNo,
    issuedOn: a.issuedOn,
    ...(a.expiresOn ? { expiresOn: a.expiresOn } : {}),
    scope: a.scope,
    ...(a.suspensions ? { suspensions: a.suspensions.map((s) => ({ from: s.from, ...(s.until ? { until: s.until } : {}), ...(s.reason ? { reason: s.reason } : {}), ...(s.reference ? { reference: s.reference } : {}) })) } : {}),
    ...(a.revokedOn ? { revokedOn: a.revokedOn } : {}),
    ...(a.revokedReference ? { revokedReference: a.revokedReference } : {}),
    fetchedAt,
  }));
  const meterTypes = pull.meterTypes.map(({ serialFormat: _ignored, ...t }) => t);
  const tables = [db.enterprise, db.authorisations, db.meterTypes, db.benches, db.peerDevices, db.syncConflicts, db.syncState, db.syncStatus, db.recordChain, db.checkpoints];
  return guarded(() =>
    db.transaction('rw', tables, async () => {
      // This PC belongs to the enterprise it is enrolled with: a copy cached for another one
      // (a demo, an earlier enrolment) must not decide what may be issued (docs/rules.md R-ISSUE).
      await db.enterprise.where('id').notEqual(pull.enterprise.id).delete();
      await db.authorisations.filter((a) => a.enterpriseId !== pull.enterprise.id).delete();
      // cacheReferenceData's own transaction nests in this one (same tables): one commit for the whole pull.
      await cacheReferenceData(db, {
        enterprise: cachedEnterpriseOf(pull.enterprise, fetchedAt),
        authorisations,
        meterTypes,
      });
      await db.benches.bulkPut(pull.benches.map((b) => ({ id: b.id, name: b.name, uRelPct: b.uRelPct })));
      await db.peerDevices.bulkPut(pull.devices.map((d) => ({ ...d })));
      await db.syncConflicts.clear();
      await db.syncConflicts.bulkPut(pull.conflicts.map((c) => ({ ...c })));
      const row = (await db.syncState.get('sync')) ?? emptySyncState;
      // What the server holds refused is refused here too, whatever an earlier answer (or none)
      // said; a refusal to retry later leaves the item local, as its push answer does.
      await db.syncStatus.bulkPut(pull.rejections.filter((r) => !r.retry).map((r) => ({ kind: r.kind, id: r.id, status: 'rejected' as const, reason: r.reason, message: r.message, retry: r.retry, at: r.at })));
      if (row.enrolment) await markHeld(db, row.enrolment.deviceId, row.heads, pull.heads, fetchedAt);
      await db.syncState.put({
        ...row,
        pullCursor: pull.cursor,
        heads: pull.heads,
        publicBaseUrl: pull.publicBaseUrl,
        institution: pull.institution.name,
        profile: pull.profile,
      });
    }),
  );
}

/**
 * What the server's heads say it holds, marked synced where no answer was kept: after a
 * push whose answer was lost (the page committed, the connection cut), the next pages start
 * after the heads and never carry those items again. The record chain and the checkpoints
 * are taken in order, so everything up to a head is held (the caller checked the heads
 * against this PC's own chain first: sync/syncClient.ts `checkHeads`).
 */
async function markHeld(db: ErjianDb, deviceId: string, before: Heads | null, after: Heads, at: string): Promise<void> {
  const refs: Array<{ kind: PushKind; id: string }> = [];
  const fromRecord = (before?.records.seq ?? 0) + 1;
  if (after.records.seq >= fromRecord) {
    const entries = await db.recordChain.where('[deviceId+recordSeq]').between([deviceId, fromRecord], [deviceId, after.records.seq], true, true).toArray();
    for (const e of entries) refs.push({ kind: 'record', id: e.recordId });
  }
  const fromCheckpoint = (before?.checkpoint.seq ?? 0) + 1;
  if (after.checkpoint.seq >= fromCheckpoint) {
    const held = await db.checkpoints.where('[deviceId+seq]').between([deviceId, fromCheckpoint], [deviceId, after.checkpoint.seq], true, true).toArray();
    for (const c of held) if (isSignedCheckpoint(c)) refs.push({ kind: 'checkpoint', id: `${c.deviceId}:${c.seq}` });
  }
  if (refs.length === 0) return;
  // Only items with no answer kept: the server's head also passes records it holds but refused
  // (a refusal is kept on the server and here, never turned into 'synced' by a head).
  const rows = await db.syncStatus.bulkGet(refs.map((r) => [r.kind, r.id]));
  await db.syncStatus.bulkPut(refs.filter((_, i) => rows[i] === undefined).map((r) => ({ ...r, status: 'synced' as const, reason: null, message: null, retry: false, at })));
}

/** The server's answer for each of these items (missing: local). */
export async function itemStatuses(db: ErjianDb, refs: ReadonlyArray<{ kind: PushKind; id: string }>): Promise<Map<string, ItemSyncStatus>> {
  const rows = await guarded(() => db.syncStatus.bulkGet(refs.map((r) => [r.kind, r.id])));
  const out = new Map<string, ItemSyncStatus>();
  for (const r of rows) if (r) out.set(`${r.kind}:${r.id}`, r);
  return out;
}

/** The rejected items, newest first, for the sync screen. */
export function rejectedItems(db: ErjianDb): Promise<ItemSyncStatus[]> {
  return guarded(async () => (await db.syncStatus.where('status').equals('rejected').toArray()).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)));
}

/**
 * How many outbox entries the server does not hold yet (the count on the 同步 button). Read
 * with key counts only, so it costs the same on a PC with a year of records: every record
 * and checkpoint the server answered has one outbox entry (pushRefOf), so the outbox less the
 * synced answers is what is still local or refused.
 */
export function unsyncedCount(db: ErjianDb): Promise<number> {
  return guarded(() =>
    db.transaction('r', db.outbox, db.syncStatus, async () => {
      const kinds: PushKind[] = ['checkpoint', 'record', 'bench-config'];
      let answered = 0;
      for (const kind of kinds) answered += await db.syncStatus.where('[kind+id]').between([kind, Dexie.minKey], [kind, Dexie.maxKey], true, true).count();
      const refused = await db.syncStatus.where('status').equals('rejected').filter((r) => kinds.includes(r.kind)).count();
      return Math.max(0, (await db.outbox.count()) - (answered - refused));
    }),
  );
}

/**
 * What the server holds of this PC's chains, from every stored receipt: anchors for
 * `verifyIntegrity` (docs/records.md "What the local checks cannot see"). Only receipts the
 * PC checked against the server's key were stored.
 */
export async function receiptAnchors(db: ErjianDb, deviceId: string): Promise<{ lines: Array<{ seq: number; hash: string }>; records: Array<{ seq: number; hash: string }> }> {
  const receipts = (await guarded(() => db.receipts.toArray())).filter((r) => r.deviceId === deviceId);
  const lines = new Map<number, string>();
  const records = new Map<number, string>();
  for (const r of receipts) {
    if (r.heads.lines.seq > 0) lines.set(r.heads.lines.seq, r.heads.lines.hash);
    if (r.heads.records.seq > 0) records.set(r.heads.records.seq, r.heads.records.hash);
  }
  return {
    lines: [...lines].map(([seq, hash]) => ({ seq, hash })).sort((a, b) => a.seq - b.seq),
    records: [...records].map(([seq, hash]) => ({ seq, hash })).sort((a, b) => a.seq - b.seq),
  };
}

/** The conflicts of the last pull (docs/sync.md "Conflicts"), by serial. */
export async function conflictsPulled(db: ErjianDb): Promise<SyncConflict[]> {
  return (await db.syncConflicts.toArray()).sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
}

/** The pulled conflict of one serial (null: none). */
export async function conflictPulledOf(db: ErjianDb, serial: string): Promise<SyncConflict | null> {
  return (await db.syncConflicts.get(serial)) ?? null;
}
