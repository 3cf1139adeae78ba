/**
 * Session statements on the server (docs/records.md "Sessions"; docs/sync.md "Sessions"):
 * the signed start gives the bench identity and its declared uncertainty that later
 * verifications and certificates are judged with; an end names the raw-line head it ended
 * at, which must be the line the server holds. When a session ends or is interrupted, every
 * meter its LOAD lines mounted (lines.ts) must have a verification, or the end's reason
 * stands for it; meters with neither are an alarm for a person.
 */
import { first, all, qb, run } from '../db/sql.ts';
import { raiseAlarm } from './alarms.ts';
import { Refusal, type IngestContext } from './context.ts';
import type { SessionStatementBody } from './wire.ts';

export function sessionRow(ctx: IngestContext, sessionId: string) {
  return first(ctx.db, qb.selectFrom('sync_sessions').selectAll().where('device_id', '=', ctx.deviceId).where('session_id', '=', sessionId));
}

/** Checks a statement against what the server holds; null when it may be taken. */
export function checkSessionStatement(ctx: IngestContext, s: SessionStatementBody): Refusal | null {
  const held = sessionRow(ctx, s.sessionId);
  if (s.event === 'started') {
    if (held) return new Refusal('content-conflict', `session ${s.sessionId} already has a signed start`);
    if (s.bench === null) return new Refusal('schema-invalid', 'a session start names its bench');
    return null;
  }
  if (!held) return new Refusal('session-unknown', `session ${s.sessionId} has no signed start on the server`);
  if (s.event === 'ended' || s.event === 'interrupted') {
    if (s.head !== null) {
      if (s.head.seq > ctx.head.lines.seq) return new Refusal('raw-lines-missing', `the session ended at line ${s.head.seq}; the server holds lines up to ${ctx.head.lines.seq}`, true);
      const line = s.head.seq === 0 ? undefined : first(ctx.db, qb.selectFrom('sync_lines').select('hash').where('device_id', '=', ctx.deviceId).where('seq', '=', s.head.seq));
      if (line && line.hash !== s.head.hash) return new Refusal('cited-line-differs', `the session's end names line ${s.head.seq} as ${s.head.hash}; the server holds ${line.hash}`);
    }
  }
  return null;
}

/** Applies an accepted statement to the session's row. */
export function applySessionStatement(ctx: IngestContext, s: SessionStatementBody): void {
  if (s.event === 'started') {
    const bench = s.bench!;
    run(
      ctx.db,
      qb.insertInto('sync_sessions').values({
        device_id: ctx.deviceId,
        session_id: s.sessionId,
        enterprise_id: ctx.enterpriseId,
        bench_id: bench.id,
        bench: JSON.stringify(bench),
        u_rel_pct: bench.uRelPct ?? null,
        operator: s.actor,
        started_at: s.at,
        state: 'running',
        ended_at: null,
        head_seq: null,
        id_line_bench: null,
      }),
    );
    return;
  }
  const state = s.event === 'resumed' ? 'running' : s.event;
  const ends = s.event === 'ended' || s.event === 'interrupted';
  run(
    ctx.db,
    qb
      .updateTable('sync_sessions')
      .set(ends ? { state, ended_at: s.at, head_seq: s.head?.seq ?? null } : { state })
      .where('device_id', '=', ctx.deviceId)
      .where('session_id', '=', s.sessionId),
  );
  if (ends) reportUnaccounted(ctx, s);
}

function reportUnaccounted(ctx: IngestContext, s: SessionStatementBody): void {
  const open = all(
    ctx.db,
    qb.selectFrom('sync_session_meters').select(['serial', 'position', 'load_seq']).where('device_id', '=', ctx.deviceId).where('session_id', '=', s.sessionId).where('verification_id', 'is', null).orderBy('load_seq'),
  );
  if (open.length === 0) return;
  const serials = open.map((m) => m.serial);
  raiseAlarm(ctx.db, {
    enterpriseId: ctx.enterpriseId,
    deviceId: ctx.deviceId,
    kind: 'meters-unaccounted',
    subject: `session ${s.sessionId}`,
    message:
      s.event === 'interrupted'
        ? `session ${s.sessionId} was interrupted (${s.reason ?? 'no reason given'}) with ${serials.length} mounted meter(s) not verified: ${serials.join(', ')}; they must be tested again`
        : `session ${s.sessionId} ended with ${serials.length} mounted meter(s) that have no verification: ${serials.join(', ')}`,
    details: { sessionId: s.sessionId, event: s.event, reason: s.reason, meters: open },
    at: ctx.nowIso,
  });
}

/** A verification accounts for its meter in its session. */
export function accountMeter(ctx: IngestContext, sessionId: string, serial: string, verificationId: string): void {
  run(
    ctx.db,
    qb.updateTable('sync_session_meters').set({ verification_id: verificationId }).where('device_id', '=', ctx.deviceId).where('session_id', '=', sessionId).where('serial', '=', serial),
  );
}
