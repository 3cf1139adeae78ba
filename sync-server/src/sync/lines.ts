/**
 * Raw lines and checkpoints of one push (docs/sync.md "What the server trusts"; docs/records.md
 * "The raw-line chain", "Checkpoints"). Inside the push's transaction.
 *
 * - Lines are taken only as the continuation of the head the server holds: seq = head + 1,
 *   prevHash = the head's hash, and the hash the PC's own `lineHash` recomputes. A line the
 *   server holds already is a duplicate when it is the same, and an alarm when it is not.
 * - A checkpoint must name the hash of its line (held, or in this push) and be the only one
 *   for its seq: a second validly signed checkpoint of a seq is an alarm. Its record head is
 *   compared with the record the server holds at that seq (or when that record arrives).
 * - Lines after the highest checkpoint held or pushed are not stored: `unsigned`, sent again
 *   once a checkpoint covers them.
 *
 * LOAD commands of a session's lines (the app mounting a meter, docs/bench-protocols.md
 * WMB/1) are noted per session, so the session's end can say which meters never got a
 * verification (sessions.ts).
 */
import { decodeCommand } from '../../../web/src/bench/wmb1/codec.ts';
import { asciiBytes } from '../../../web/src/bench/types.ts';
import type { PushResponse } from '../../../web/src/sync/protocol.ts';
import { all, bindTemplate, first, qb, run, template } from '../db/sql.ts';
import { raiseAlarm } from './alarms.ts';
import { accepted, checkDeviceTime, duplicate, rejected, Refusal, type IngestContext } from './context.ts';
import type { Prepared, PreparedLine } from './prepare.ts';
import { insertLine } from './statements.ts';

type CheckpointItem = Extract<Prepared, { kind: 'checkpoint'; ok: true }>;
type LinesAnswer = PushResponse['lines'];

const DEVICE = '\u0000device';
const SEQ = '\u0000seq';
/** Asked for every line of a page sent again: compiled once (db/sql.ts `template`); the marker stands for a number. */
const heldLineHashQuery = template(qb.selectFrom('sync_lines').select('hash').where('device_id', '=', DEVICE).where('seq', '=', SEQ as unknown as number));

/** The hash of a held line, or undefined. */
function heldLineHash(ctx: IngestContext, seq: number): string | undefined {
  return first(ctx.db, bindTemplate(heldLineHashQuery, { [DEVICE]: ctx.deviceId, [SEQ]: seq }))?.hash;
}

interface Walk {
  /** lines that continue the head, in order (not yet stored) */
  fresh: PreparedLine[];
  /** the first line refused, and why */
  refused: { seq: number; refusal: Refusal } | null;
}

function walkLines(ctx: IngestContext, lines: readonly PreparedLine[]): Walk {
  const fresh: PreparedLine[] = [];
  let head = { ...ctx.head.lines };
  let lastTime = ctx.head.lineTime;
  for (const p of lines) {
    const { line } = p;
    const stop = (refusal: Refusal): Walk => ({ fresh, refused: { seq: line.seq, refusal } });
    if (line.deviceId !== ctx.deviceId) return stop(new Refusal('unknown-device', `line ${line.seq} names device ${line.deviceId}, the token is device ${ctx.deviceId}`));
    if (line.seq <= ctx.head.lines.seq) {
      const held = heldLineHash(ctx, line.seq);
      if (held === line.hash && p.computed === line.hash) continue; // sent again: the same line
      raiseAlarm(ctx.db, {
        enterpriseId: ctx.enterpriseId,
        deviceId: ctx.deviceId,
        kind: 'line-content-conflict',
        subject: `line ${line.seq}`,
        message: `device ${ctx.deviceId} sent another content for raw line ${line.seq}, which the server already holds`,
        details: { seq: line.seq, held, received: line.hash, recomputed: p.computed },
        at: ctx.nowIso,
      });
      return stop(new Refusal('content-conflict', `line ${line.seq} is held with hash ${held ?? '?'}; this one hashes to ${p.computed}`));
    }
    if (line.seq !== head.seq + 1) return stop(new Refusal('chain-broken', `line ${line.seq} does not continue the head ${head.seq}: send line ${head.seq + 1} next`, line.seq > head.seq + 1));
    if (line.prevHash !== head.hash) return stop(new Refusal('chain-broken', `line ${line.seq}'s prevHash is not the hash of line ${head.seq}`));
    if (p.computed !== line.hash) return stop(new Refusal('chain-broken', `line ${line.seq}'s hash does not recompute from its content`));
    const time = checkDeviceTime(ctx, `line ${line.seq} receivedAt`, line.receivedAt, lastTime);
    if (time) return stop(time);
    lastTime = line.receivedAt;
    fresh.push(p);
    head = { seq: line.seq, hash: line.hash };
  }
  return { fresh, refused: null };
}

/**
 * Checkpoints against the lines held and the fresh ones, in seq order; returns the highest
 * seq a checkpoint now covers.
 */
function takeCheckpoints(ctx: IngestContext, checkpoints: readonly CheckpointItem[], fresh: ReadonlyMap<number, string>): number {
  let cover = ctx.head.checkpoint.seq;
  const sorted = [...checkpoints].sort((a, b) => a.body.seq - b.body.seq);
  for (const c of sorted) {
    const refusal = takeCheckpoint(ctx, c, fresh);
    if (refusal === 'duplicate') duplicate(ctx, 'checkpoint', c.id);
    else if (refusal) rejected(ctx, 'checkpoint', c.id, refusal);
    else {
      accepted(ctx, 'checkpoint', c.id);
      if (c.body.seq > cover) cover = c.body.seq;
    }
  }
  return cover;
}

function takeCheckpoint(ctx: IngestContext, c: CheckpointItem, fresh: ReadonlyMap<number, string>): Refusal | 'duplicate' | null {
  const b = c.body;
  const held = first(ctx.db, qb.selectFrom('sync_checkpoints').select(['content_hash', 'line_hash']).where('device_id', '=', ctx.deviceId).where('seq', '=', b.seq));
  if (held) {
    if (held.content_hash === c.hash) return 'duplicate';
    // Two validly signed checkpoints for one seq: the device signed two histories.
    raiseAlarm(ctx.db, {
      enterpriseId: ctx.enterpriseId,
      deviceId: ctx.deviceId,
      kind: 'checkpoint-conflict',
      subject: `checkpoint ${b.seq}`,
      message: `device ${ctx.deviceId} signed a second checkpoint of line ${b.seq}`,
      details: { seq: b.seq, held: held.line_hash, received: b.hash },
      at: ctx.nowIso,
    });
    return new Refusal('content-conflict', `another checkpoint of line ${b.seq} is held`);
  }
  const lineHash = b.seq <= ctx.head.lines.seq ? heldLineHash(ctx, b.seq) : fresh.get(b.seq);
  if (lineHash === undefined) return new Refusal('raw-lines-missing', `line ${b.seq} is not on the server: push the lines up to it with the checkpoint`, true);
  if (lineHash !== b.hash) {
    if (b.seq <= ctx.head.lines.seq) {
      raiseAlarm(ctx.db, {
        enterpriseId: ctx.enterpriseId,
        deviceId: ctx.deviceId,
        kind: 'line-content-conflict',
        subject: `line ${b.seq}`,
        message: `device ${ctx.deviceId} signed line ${b.seq} with a hash other than the line the server holds`,
        details: { seq: b.seq, held: lineHash, signed: b.hash },
        at: ctx.nowIso,
      });
    }
    return new Refusal('chain-broken', `the checkpoint signs line ${b.seq} as ${b.hash}; the line is ${lineHash}`);
  }
  if (b.records !== null && b.records.seq <= ctx.head.records.seq) {
    const rec = first(ctx.db, qb.selectFrom('sync_records').select('hash').where('device_id', '=', ctx.deviceId).where('record_seq', '=', b.records.seq));
    if (rec && rec.hash !== b.records.hash) {
      raiseAlarm(ctx.db, {
        enterpriseId: ctx.enterpriseId,
        deviceId: ctx.deviceId,
        kind: 'record-content-conflict',
        subject: `record ${b.records.seq}`,
        message: `device ${ctx.deviceId} signed a checkpoint naming record ${b.records.seq} with a hash other than the record held`,
        details: { recordSeq: b.records.seq, held: rec.hash, signed: b.records.hash },
        at: ctx.nowIso,
      });
      return new Refusal('content-conflict', `the checkpoint names record ${b.records.seq} as ${b.records.hash}; the server holds ${rec.hash}`);
    }
  }
  // Checkpoints' times go forward with their seq.
  const before = first(
    ctx.db,
    qb.selectFrom('sync_checkpoints').select('at').where('device_id', '=', ctx.deviceId).where('seq', '<', b.seq).orderBy('seq', 'desc').limit(1),
  );
  const time = checkDeviceTime(ctx, `checkpoint ${b.seq} at`, b.at, before?.at ?? null);
  if (time) return time;
  run(
    ctx.db,
    qb.insertInto('sync_checkpoints').values({
      device_id: ctx.deviceId,
      seq: b.seq,
      line_hash: b.hash,
      at: b.at,
      reason: b.reason,
      session_id: b.sessionId,
      records_seq: b.records?.seq ?? null,
      records_hash: b.records?.hash ?? null,
      content_hash: c.hash,
      body: c.json,
      stored_at: ctx.nowIso,
    }),
  );
  if (b.seq > ctx.head.checkpoint.seq) {
    ctx.head.checkpoint = { seq: b.seq, hash: b.hash };
    ctx.head.checkpointTime = b.at;
  }
  return null;
}

function noteLoad(ctx: IngestContext, p: PreparedLine): void {
  const { line } = p;
  if (line.direction !== 'out' || line.sessionId === null || !line.text.startsWith('LOAD')) return;
  const d = decodeCommand(asciiBytes(line.text.replace(/\r?\n$/, '')));
  if (!d.ok || d.value.verb !== 'LOAD' || d.value.meter === '') return;
  run(
    ctx.db,
    qb
      .insertInto('sync_session_meters')
      .values({ device_id: ctx.deviceId, session_id: line.sessionId, serial: d.value.meter, position: d.value.pos, load_seq: line.seq, verification_id: null })
      .onConflict((oc) => oc.doNothing()),
  );
}

/** Lines and checkpoints of the push; answers the checkpoints in `ctx.results` and returns the lines' answer. */
export function ingestLines(ctx: IngestContext, lines: readonly PreparedLine[], checkpoints: readonly CheckpointItem[]): LinesAnswer {
  const walk = walkLines(ctx, lines);
  const fresh = new Map(walk.fresh.map((p) => [p.line.seq, p.line.hash]));
  const cover = takeCheckpoints(ctx, checkpoints, fresh);
  const walked = walk.refused ? { seq: walk.refused.seq, reason: walk.refused.refusal.reason, message: walk.refused.refusal.message } : null;
  let refused: LinesAnswer['rejected'] = walked;
  let from: number | null = null;
  for (const p of walk.fresh) {
    const { line } = p;
    if (line.seq > cover) {
      // A break further on says more than "unsigned": sending these again with a checkpoint would not help.
      refused ??= { seq: line.seq, reason: 'unsigned', message: `lines after ${cover} are covered by no checkpoint: send them with the checkpoint that signs them` };
      break;
    }
    insertLine(ctx.db, {
      device_id: ctx.deviceId,
      seq: line.seq,
      connection_id: line.connectionId,
      session_id: line.sessionId,
      direction: line.direction,
      text: line.text,
      received_at: line.receivedAt,
      prev_hash: line.prevHash,
      hash: line.hash,
      stored_at: ctx.nowIso,
    });
    noteLoad(ctx, p);
    from ??= line.seq;
    ctx.head.lines = { seq: line.seq, hash: line.hash };
    ctx.head.lineTime = line.receivedAt;
  }
  return { accepted: from === null ? null : { fromSeq: from, toSeq: ctx.head.lines.seq }, rejected: refused };
}

/** The lines a record cites, in seq order, as stored. */
export function storedLines(ctx: IngestContext, fromSeq: number, toSeq: number): Array<{ seq: number; connectionId: string; direction: 'in' | 'out'; text: string; hash: string }> {
  return all(ctx.db, qb.selectFrom('sync_lines').select(['seq', 'connection_id as connectionId', 'direction', 'text', 'hash']).where('device_id', '=', ctx.deviceId).where('seq', '>=', fromSeq).where('seq', '<=', toSeq).orderBy('seq'));
}
