/**
 * The bench PC's side of a push (docs/sync.md "Push", "Paging"): reads the device's original
 * record from IndexedDB and makes the next `PushRequest` page after the heads the server
 * holds — raw lines as a continuation of the server's line head, the signed checkpoints
 * that cover them, the signed chained records in `recordSeq` order, the batches those
 * records name, the bench configurations saved since (each version once, until the server
 * answered it), and audit entries — within `syncLimits`.
 *
 * A page only carries what the server can take now (docs/sync.md "What the server trusts"):
 * lines up to a signed checkpoint in the same page (lines past every checkpoint are
 * `unsigned` on the server), and a record only once the lines it cites (a verification's
 * ranges, a session end's head) are on the server or in the page; a record that must wait
 * stops the records of the page there, since the server takes them in chain order.
 *
 * Reads only; the caller (the sync client) sends the page, stores the receipt and asks for
 * the next page with the heads of the answer. Objects travel exactly as stored: signed
 * objects are checked over their own bytes on the server.
 */
import type { ErjianDb } from '../store/db.ts';
import type { RecordChainEntry } from '../store/chainTypes.ts';
import { checkpointId } from '../store/checkpoints.ts';
import { isSignedCheckpoint, type AuditEntry, type RawLineRecord, type SignedCheckpoint } from '../store/types.ts';
import { SYNC_PROTOCOL, syncLimits, type Heads, type PushItem, type PushRequest, type RawLine } from './protocol.ts';

export interface PushPageOptions {
  /** audit entries with a local id above this are sent (default 0: all); the client keeps the highest one answered */
  auditAfter?: number;
  /** makes the page's `pushId` (default crypto.randomUUID) */
  pushId?: () => string;
  /**
   * lower limits than the protocol's, e.g. small pages for a slow link; a page's lines are
   * longer than `maxLines` when no checkpoint lies within them (up to the next one, within the protocol's limit)
   */
  maxLines?: number;
  maxItems?: number;
  maxBytes?: number;
}

/** What the records of a chain entry's type are kept in, and the push kind they travel as. */
function recordTable(db: ErjianDb, entry: RecordChainEntry) {
  switch (entry.type) {
    case 'erjian.verification/2':
      return db.verifications;
    case 'erjian.certificate/1':
      return db.certificates;
    default:
      return db.statements;
  }
}

/** Room kept in a body for the envelope and the JSON punctuation between elements. */
const ENVELOPE_BYTES = 1024;

const byteLength = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length + 1;

function lineOf(l: RawLineRecord): RawLine {
  // Exactly the stored fields (the hash covers every one of them).
  return { deviceId: l.deviceId, seq: l.seq, connectionId: l.connectionId, sessionId: l.sessionId, direction: l.direction, text: l.text, receivedAt: l.receivedAt, prevHash: l.prevHash, hash: l.hash };
}

/** The highest line seq a record cites: a verification's ranges, a session end's head; 0 for none. */
function citedLinesTo(record: Record<string, unknown>): number {
  let top = 0;
  const ranges = record['rawLines'];
  if (Array.isArray(ranges)) for (const r of ranges as Array<{ toSeq?: unknown }>) if (typeof r.toSeq === 'number') top = Math.max(top, r.toSeq);
  const head = record['head'] as { seq?: unknown } | null | undefined;
  if (head && typeof head.seq === 'number') top = Math.max(top, head.seq);
  return top;
}

/**
 * The next page to push after `serverHeads` (the heads of the last push answer or pull;
 * all zero for a device the server has never seen), or null when nothing more can be pushed
 * now: every line up to the device's last checkpoint, every checkpoint, record and audit
 * entry after the heads is on the server. Lines after the last checkpoint wait for the next
 * one (a session's end, the next start).
 */
export async function nextPushPage(db: ErjianDb, deviceId: string, serverHeads: Heads, opts: PushPageOptions = {}): Promise<PushRequest | null> {
  const maxLines = Math.min(opts.maxLines ?? syncLimits.maxLinesPerPush, syncLimits.maxLinesPerPush);
  const maxItems = Math.min(opts.maxItems ?? syncLimits.maxItemsPerPush, syncLimits.maxItemsPerPush);
  let budget = Math.min(opts.maxBytes ?? syncLimits.maxBodyBytes, syncLimits.maxBodyBytes) - ENVELOPE_BYTES;
  const auditAfter = opts.auditAfter ?? 0;
  const pushId = (opts.pushId ?? (() => crypto.randomUUID()))();

  const tables = [db.rawLines, db.checkpoints, db.recordChain, db.verifications, db.certificates, db.statements, db.batches, db.audit, db.outbox, db.syncStatus, db.benchConfigs];
  return db.transaction('r', tables, async () => {
    const lineHead = serverHeads.lines.seq;
    // Checkpoints the server does not hold, up to the furthest line this page may reach.
    let reach = lineHead + maxLines;
    const pending = (await db.checkpoints.where('[deviceId+seq]').between([deviceId, serverHeads.checkpoint.seq + 1], [deviceId, reach], true, true).toArray())
      .filter((c): c is SignedCheckpoint => isSignedCheckpoint(c));
    if (!pending.some((c) => c.seq > lineHead) && serverHeads.checkpoint.seq <= lineHead) {
      // No checkpoint within the page's lines: a page longer than asked, up to the next one, as
      // long as the protocol takes it (lines no checkpoint covers are not stored on the server).
      const next = await db.checkpoints
        .where('[deviceId+seq]')
        .between([deviceId, Math.max(lineHead, serverHeads.checkpoint.seq) + 1], [deviceId, Number.MAX_SAFE_INTEGER], true, true)
        .filter((c) => isSignedCheckpoint(c))
        .first();
      if (next && isSignedCheckpoint(next) && next.seq - lineHead <= syncLimits.maxLinesPerPush) {
        pending.push(next);
        reach = next.seq;
      }
    }
    // Lines go up to the highest checkpoint held by the server or sent in this page.
    const signedTo = Math.max(serverHeads.checkpoint.seq, ...pending.map((c) => c.seq));
    let lineEnd = Math.min(signedTo, reach);
    const lines: RawLine[] = [];
    if (lineEnd > lineHead) {
      const stored = await db.rawLines.where('[deviceId+seq]').between([deviceId, lineHead + 1], [deviceId, lineEnd], true, true).toArray();
      // Cut to the body budget, at a checkpoint so that what is sent can be stored.
      let used = 0;
      let cut = stored.length;
      for (let i = 0; i < stored.length; i++) {
        used += byteLength(lineOf(stored[i]!));
        if (used > budget / 2) {
          cut = i;
          break;
        }
      }
      if (cut < stored.length) {
        const cutSeq = stored[cut]!.seq - 1;
        const within = Math.max(serverHeads.checkpoint.seq, ...pending.filter((c) => c.seq <= cutSeq).map((c) => c.seq));
        // No checkpoint inside the budget: send up to the first one anyway (the server says `too-large` if it cannot take it).
        lineEnd = within > lineHead ? within : Math.min(lineEnd, ...pending.filter((c) => c.seq > lineHead).map((c) => c.seq));
      }
      for (const l of stored) {
        if (l.seq > lineEnd) break;
        const line = lineOf(l);
        lines.push(line);
        budget -= byteLength(line);
      }
      lineEnd = lines.length > 0 ? lines[lines.length - 1]!.seq : lineHead;
    } else {
      lineEnd = lineHead;
    }

    const items: PushItem[] = [];
    const add = (item: PushItem): boolean => {
      const size = byteLength(item);
      if (items.length >= maxItems || size > budget) return false;
      items.push(item);
      budget -= size;
      return true;
    };
    for (const c of pending) {
      if (c.seq > Math.max(lineEnd, serverHeads.lines.seq)) continue;
      if (!add({ kind: 'checkpoint', id: checkpointId(c), body: c })) break;
    }

    // Records in chain order while the lines they cite are there; batches they name go first.
    const records: PushItem[] = [];
    const batchIds = new Set<string>();
    const entries = await db.recordChain.where('[deviceId+recordSeq]').between([deviceId, serverHeads.records.seq + 1], [deviceId, Number.MAX_SAFE_INTEGER], true, true).limit(maxItems).toArray();
    let recordBytes = 0;
    for (const entry of entries) {
      const record = (await recordTable(db, entry).get(entry.recordId)) as Record<string, unknown> | undefined;
      if (!record) break; // a chain entry whose record is gone: the server would see a gap; the integrity check names it
      if (citedLinesTo(record) > lineEnd) break;
      const item: PushItem = { kind: 'record', id: entry.recordId, body: record };
      const size = byteLength(item);
      if (items.length + records.length + batchIds.size + 1 > maxItems || recordBytes + size > budget) break;
      if (entry.type === 'erjian.verification/2' && typeof record['batchId'] === 'string') batchIds.add(record['batchId']);
      records.push(item);
      recordBytes += size;
    }
    for (const b of await db.batches.bulkGet([...batchIds])) if (b) add({ kind: 'batch', id: b.id, body: b });
    for (const r of records) if (!add(r)) break;

    // Bench configurations are not chained: each saved version goes until the server answered it.
    for (const c of await unansweredBenchConfigs(db, Math.max(0, maxItems - items.length))) if (!add(c)) break;

    const audit: AuditEntry[] = await db.audit.where('id').above(auditAfter).limit(Math.max(0, maxItems - items.length)).toArray();
    for (const a of audit) if (!add({ kind: 'audit', id: String(a.id), body: a })) break;

    if (lines.length === 0 && items.length === 0) return null;
    return { protocol: SYNC_PROTOCOL, deviceId, pushId, lines, items };
  });
}

/** Saved bench configuration versions the server has not answered for good (store/benchConfigs.ts). */
export async function unansweredBenchConfigs(db: ErjianDb, limit: number): Promise<PushItem[]> {
  const out: PushItem[] = [];
  if (limit <= 0) return out;
  const queued = await db.outbox.where('kind').equals('bench-config').toArray();
  const answers = await db.syncStatus.bulkGet(queued.map((o) => ['bench-config', o.recordId]));
  for (let i = 0; i < queued.length && out.length < limit; i++) {
    if (answers[i] !== undefined) continue;
    const id = queued[i]!.recordId;
    const cut = id.lastIndexOf('#');
    const row = await db.benchConfigs.get([id.slice(0, cut), Number(id.slice(cut + 1))]);
    if (row) out.push({ kind: 'bench-config', id, body: { configId: row.configId, version: row.version, config: row.config, savedAt: row.savedAt, savedBy: row.savedBy } });
  }
  return out;
}

/** The heads of a device the server has never seen. */
export function emptyHeads(): Heads {
  const zero = '0'.repeat(64);
  return { lines: { seq: 0, hash: zero }, checkpoint: { seq: 0, hash: zero }, records: { seq: 0, hash: zero } };
}
