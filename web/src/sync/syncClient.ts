/**
 * One sync of the bench PC (docs/sync.md "The client"; issue 12 item 4):
 *
 *   pull → push pages until nothing more can go → pull again if anything went
 *
 * - The first pull brings the server's heads for this device; every page is made after the
 *   heads of the answer before it (pushPages.ts), so a sync cut anywhere — a page cut
 *   mid-body, a server restart, the tab closed — continues at the next sync from what the
 *   server holds. What the server already has it answers `duplicate`: nothing is lost or doubled.
 * - Each answer is kept only after its receipt is checked with the server key of the
 *   enrolment (receipt.ts); the items' statuses, the receipt and the heads go into IndexedDB
 *   in one transaction (store/syncState.ts), and so does each pull.
 * - A refused item is kept, with its reason, and shown; it does not stop the others. When a
 *   page brings nothing new (the record chain waits behind a refused record), the sync ends
 *   there and says why.
 * - One sync at a time (syncLock.ts).
 */
import type { ErjianDb } from '../store/db.ts';
import { applyPull, markSynced, readSyncState, recordPushAnswer } from '../store/syncState.ts';
import type { SyncEnrolment } from '../store/syncTypes.ts';
import { isSignedCheckpoint } from '../store/types.ts';
import { SyncError } from './errors.ts';
import { joinUrl, requestJson, type FetchLike } from './http.ts';
import { pullResponseSchema, pushResponseSchema, syncLimits, type Heads, type ItemResult, type PullResponse, type PushRequest, type PushResponse } from './protocol.ts';
import { nextPushPage, unansweredBenchConfigs, type PushPageOptions } from './pushPages.ts';
import { checkReceipt } from './receipt.ts';
import { defaultSyncLock, type SyncLock } from './syncLock.ts';

export interface SyncProgress {
  phase: 'pull' | 'push' | 'done';
  /** lines and records the server has answered for good in this sync */
  sent: number;
  /** lines and records to send when the push began */
  total: number;
  pages: number;
}

export interface SyncOptions {
  fetch?: FetchLike;
  now?: () => Date;
  lock?: SyncLock;
  onProgress?: (p: SyncProgress) => void;
  /** smaller pages than the protocol's limits (tests, slow links) */
  page?: Pick<PushPageOptions, 'maxLines' | 'maxItems' | 'maxBytes'>;
  pushId?: () => string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SyncOutcome {
  pages: number;
  accepted: number;
  duplicate: number;
  /** items refused in this sync (kept on the PC, shown with their reason) */
  rejected: Array<Extract<ItemResult, { status: 'rejected' }>>;
  /** the first line refused, when lines were refused */
  lineRejection: PushResponse['lines']['rejected'];
  heads: Heads;
}

async function pull(db: ErjianDb, enrolment: SyncEnrolment, cursor: string | null, options: SyncOptions): Promise<PullResponse> {
  const url = joinUrl(enrolment.serverUrl, `/api/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  const answer = await requestJson(url, pullResponseSchema, { method: 'GET', token: enrolment.token }, options);
  await checkHeads(db, enrolment.deviceId, answer.heads);
  await storage(() => applyPull(db, answer, options.now));
  return answer;
}

async function storage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new SyncError('storage', `the sync could not be stored on this PC: ${String(err)}`, null, null, { cause: err });
  }
}

/**
 * The server's line head must be a line of this PC with the same hash: otherwise the server
 * holds lines this PC does not (another database under this device id) and pushing after it
 * would build on a chain that is not ours.
 */
async function checkHeads(db: ErjianDb, deviceId: string, heads: Heads): Promise<void> {
  if (heads.lines.seq > 0) {
    const line = await db.rawLines.get([deviceId, heads.lines.seq]);
    if (!line || line.hash !== heads.lines.hash) {
      throw new SyncError('heads-differ', `the server holds line ${heads.lines.seq} of device ${deviceId} with hash ${heads.lines.hash}; this PC ${line ? `has ${line.hash}` : 'has no such line'}`);
    }
  }
  if (heads.records.seq > 0) {
    const entry = await db.recordChain.get([deviceId, heads.records.seq]);
    if (!entry || entry.hash !== heads.records.hash) {
      throw new SyncError('heads-differ', `the server holds record ${heads.records.seq} of device ${deviceId} with hash ${heads.records.hash}; this PC ${entry ? `has ${entry.hash}` : 'has no such record'}`);
    }
  }
}

/** Lines and records still to send after `heads` (what the progress bar counts to). */
async function pendingCount(db: ErjianDb, deviceId: string, heads: Heads, auditAfter: number): Promise<number> {
  return db.transaction('r', [db.rawLines, db.checkpoints, db.recordChain, db.audit, db.outbox, db.syncStatus, db.benchConfigs], async () => {
    const checkpoints = (await db.checkpoints.where('[deviceId+seq]').between([deviceId, heads.checkpoint.seq + 1], [deviceId, Number.MAX_SAFE_INTEGER], true, true).toArray()).filter(isSignedCheckpoint);
    // Lines past the last checkpoint wait for the next one: they are not counted as to send now.
    const signedTo = Math.max(heads.checkpoint.seq, ...checkpoints.map((c) => c.seq));
    const lines = signedTo > heads.lines.seq ? await db.rawLines.where('[deviceId+seq]').between([deviceId, heads.lines.seq + 1], [deviceId, signedTo], true, true).count() : 0;
    const records = await db.recordChain.where('[deviceId+recordSeq]').between([deviceId, heads.records.seq + 1], [deviceId, Number.MAX_SAFE_INTEGER], true, true).count();
    const audit = await db.audit.where('id').above(auditAfter).count();
    const benchConfigs = (await unansweredBenchConfigs(db, syncLimits.maxItemsPerPush)).length;
    return lines + checkpoints.length + records + audit + benchConfigs;
  });
}

async function pushPage(enrolment: SyncEnrolment, page: PushRequest, options: SyncOptions) {
  const answer = await requestJson(joinUrl(enrolment.serverUrl, '/api/sync/push'), pushResponseSchema, { method: 'POST', token: enrolment.token, body: page }, options);
  const problem = await checkReceipt(answer.receipt, { serverKey: enrolment.serverKey, deviceId: enrolment.deviceId, pushId: page.pushId, heads: answer.heads });
  if (problem !== null) throw new SyncError('receipt-invalid', `the receipt of push ${page.pushId} does not hold (${problem}): nothing of the answer was kept`);
  return answer;
}

export async function runSync(db: ErjianDb, options: SyncOptions = {}): Promise<SyncOutcome> {
  const lock = options.lock ?? defaultSyncLock();
  return lock(async () => {
    const state = await readSyncState(db);
    const enrolment = state.enrolment;
    if (!enrolment) throw new SyncError('not-enrolled', 'this PC is not enrolled with a sync server');
    const deviceId = enrolment.deviceId;
    const progress: SyncProgress = { phase: 'pull', sent: 0, total: 0, pages: 0 };
    options.onProgress?.({ ...progress });

    const first = await pull(db, enrolment, state.pullCursor, options);
    let heads = first.heads;
    let auditAfter = (await readSyncState(db)).auditAfter ?? 0;
    progress.phase = 'push';
    progress.total = await pendingCount(db, deviceId, heads, auditAfter);
    options.onProgress?.({ ...progress });

    const outcome: SyncOutcome = { pages: 0, accepted: 0, duplicate: 0, rejected: [], lineRejection: null, heads };
    // What was answered for good in this sync: a page that adds nothing to it ends the push.
    const settled = new Set<string>();
    for (;;) {
      const page = await nextPushPage(db, deviceId, heads, { ...options.page, auditAfter, ...(options.pushId ? { pushId: options.pushId } : {}) });
      if (page === null) break;
      const answer = await pushPage(enrolment, page, options);
      await storage(() => recordPushAnswer(db, answer, options.now));
      outcome.pages++;
      progress.pages++;
      let fresh = 0;
      if (answer.lines.accepted) fresh += answer.lines.accepted.toSeq - answer.lines.accepted.fromSeq + 1;
      for (const r of answer.results) {
        const key = `${r.kind}:${r.id}`;
        if (r.status === 'rejected' && r.retry) continue;
        if (settled.has(key)) continue;
        settled.add(key);
        if (r.kind !== 'batch') fresh++;
        if (r.status === 'accepted') outcome.accepted++;
        else if (r.status === 'duplicate') outcome.duplicate++;
        else outcome.rejected.push(r);
      }
      outcome.lineRejection = answer.lines.rejected;
      heads = answer.heads;
      auditAfter = (await readSyncState(db)).auditAfter ?? auditAfter;
      progress.sent = Math.min(progress.total, progress.sent + fresh);
      options.onProgress?.({ ...progress });
      if (fresh === 0) {
        const explained = answer.lines.rejected !== null || answer.results.some((r) => r.status === 'rejected');
        if (explained) break;
        throw new SyncError('no-progress', `push ${page.pushId}: the server took nothing new of the page`);
      }
    }
    outcome.heads = heads;

    if (outcome.pages > 0) {
      const last = await pull(db, enrolment, (await readSyncState(db)).pullCursor, options);
      outcome.heads = last.heads;
    }
    await storage(() => markSynced(db, (options.now ?? (() => new Date()))()));
    progress.phase = 'done';
    options.onProgress?.({ ...progress });
    return outcome;
  });
}
