/**
 * Signed chained records of one push, in `recordSeq` order (docs/records.md "The record
 * chain"; docs/sync.md "Record chain"). Inside the push's transaction, after the lines.
 *
 * - Idempotent by (device, type, record id) + the canonical hash of the signed bytes — never
 *   by the signature, which ECDSA lets anyone re-randomise.
 * - A record must continue the device's chain on the server: recordSeq = head + 1
 *   (`record-out-of-order`, retry after its predecessors; a gap the push itself leaves is an
 *   alarm) and prevRecordHash = the head's hash (`record-unlinked`). A second content for a
 *   held seq or id is `content-conflict` and an alarm — a truncated and re-signed tail is
 *   exactly that.
 * - Then its content is judged (re-verification, the issuance decision, the session's
 *   statements, device times). A record refused on its content keeps its place in the chain
 *   (stored `rejected`, never projected), so one bad record does not stop the ones after
 *   it; a record that must wait (lines, checkpoint, batch not yet on the server) does not.
 */
import { jwkThumbprintSync } from './thumbprint.ts';
import { first, qb, run } from '../db/sql.ts';
import { raiseAlarm } from './alarms.ts';
import { checkCertificate } from './certificates.ts';
import { accepted, checkDeviceTime, duplicate, rejected, Refusal, type IngestContext } from './context.ts';
import type { Prepared } from './prepare.ts';
import { batchFacts, checkMeterType, project } from './projection.ts';
import { reverify } from './reverify.ts';
import { accountMeter, applySessionStatement, checkSessionStatement } from './sessions.ts';
import { recordTime, type RecordBody } from './wire.ts';

type RecordItem = Extract<Prepared, { kind: 'record'; ok: true }>;

/** What to do after the content check: keep and apply it, or keep it refused. */
type Judged = { apply: () => void } | Refusal;

function judge(ctx: IngestContext, item: RecordItem): Judged {
  const r = item.body;
  switch (r.type) {
    case 'erjian.verification/2': {
      const batch = batchFacts(ctx, r.batchId);
      if (batch instanceof Refusal) return batch;
      const nameplate = checkMeterType(r, batch);
      if (nameplate) return nameplate;
      const held = first(ctx.db, qb.selectFrom('public_meters').select('verification_id').where('verification_id', '=', r.id));
      if (held) return new Refusal('content-conflict', `another device's verification already has the id ${r.id}`);
      const again = reverify(ctx, r);
      if (again instanceof Refusal) return again;
      return {
        apply: () => {
          project(ctx, r, item.hash, batch, again.passed);
          accountMeter(ctx, r.sessionId, r.serial, r.id);
        },
      };
    }
    case 'erjian.session/1': {
      const refusal = checkSessionStatement(ctx, r);
      return refusal ?? { apply: () => applySessionStatement(ctx, r) };
    }
    case 'erjian.certificate/1': {
      const refusal = checkCertificate(ctx, r);
      return refusal ?? { apply: () => undefined };
    }
    case 'erjian.device/1': {
      // A device's enrolment statement must name the key the server enrolled, nothing else.
      if (r.event === 'enrolled' && r.publicKeyJwk !== null && r.publicKeyJwk.kty === 'EC' && jwkThumbprintSync(r.publicKeyJwk) !== item.body.kid) {
        return new Refusal('wrong-key', 'the enrolment statement names a public key other than the enrolled one');
      }
      return { apply: () => undefined };
    }
  }
}

function alarmConflict(ctx: IngestContext, r: RecordBody, heldHash: string, message: string): void {
  raiseAlarm(ctx.db, {
    enterpriseId: ctx.enterpriseId,
    deviceId: ctx.deviceId,
    kind: 'record-content-conflict',
    subject: `record ${r.recordSeq}`,
    message,
    details: { recordSeq: r.recordSeq, id: r.id, type: r.type },
    at: ctx.nowIso,
  });
  void heldHash;
}

/** Answers one record. */
function takeRecord(ctx: IngestContext, item: RecordItem, pushedSeqs: ReadonlySet<number>): void {
  const r = item.body;
  const byId = first(ctx.db, qb.selectFrom('sync_records').select(['hash', 'record_seq', 'status', 'reason', 'message']).where('device_id', '=', ctx.deviceId).where('type', '=', r.type).where('record_id', '=', r.id));
  if (byId) {
    if (byId.hash === item.hash && byId.record_seq === r.recordSeq) {
      // Sent again: the same answer as the first time.
      if (byId.status === 'accepted') duplicate(ctx, 'record', item.id);
      else rejected(ctx, 'record', item.id, new Refusal((byId.reason ?? 'schema-invalid') as Refusal['reason'], byId.message ?? 'refused before'));
      return;
    }
    alarmConflict(ctx, r, byId.hash, `device ${ctx.deviceId} sent another content for record ${r.type} ${r.id}, which the server already holds`);
    return rejected(ctx, 'record', item.id, new Refusal('content-conflict', `record ${r.id} is held with another content (record ${byId.record_seq})`));
  }
  if (r.recordSeq <= ctx.head.records.seq) {
    alarmConflict(ctx, r, '', `device ${ctx.deviceId} sent another record for its chain seq ${r.recordSeq}, which the server already holds`);
    return rejected(ctx, 'record', item.id, new Refusal('content-conflict', `record seq ${r.recordSeq} is held with another record: the device's chain was rewritten`));
  }
  if (r.recordSeq !== ctx.head.records.seq + 1) {
    const expected = ctx.head.records.seq + 1;
    if (!pushedSeqs.has(expected)) {
      raiseAlarm(ctx.db, {
        enterpriseId: ctx.enterpriseId,
        deviceId: ctx.deviceId,
        kind: 'record-seq-gap',
        subject: `record ${expected}`,
        message: `device ${ctx.deviceId} pushed record ${r.recordSeq} without record ${expected}, the next of its chain on the server`,
        details: { expected, received: r.recordSeq },
        at: ctx.nowIso,
      });
    }
    return rejected(ctx, 'record', item.id, new Refusal('record-out-of-order', `the server's chain is at ${ctx.head.records.seq}: send record ${expected} first`, true));
  }
  if (r.prevRecordHash !== ctx.head.records.hash) {
    return rejected(ctx, 'record', item.id, new Refusal('record-unlinked', `record ${r.recordSeq} names ${r.prevRecordHash} as its predecessor; the server's record ${ctx.head.records.seq} is ${ctx.head.records.hash}`));
  }
  // A checkpoint that stated this seq of the record chain must have stated this record.
  const stated = first(ctx.db, qb.selectFrom('sync_checkpoints').select(['seq', 'records_hash']).where('device_id', '=', ctx.deviceId).where('records_seq', '=', r.recordSeq).where('records_hash', '!=', item.hash).limit(1));
  if (stated) {
    alarmConflict(ctx, r, stated.records_hash ?? '', `device ${ctx.deviceId}'s checkpoint ${stated.seq} signed another record ${r.recordSeq} than the one pushed`);
    return rejected(ctx, 'record', item.id, new Refusal('content-conflict', `checkpoint ${stated.seq} signed record ${r.recordSeq} as ${stated.records_hash ?? '?'}; this one is ${item.hash}`));
  }

  const at = recordTime(r);
  const future = at === '' ? null : checkDeviceTime(ctx, `record ${r.recordSeq} time`, at, null);
  if (future) return rejected(ctx, 'record', item.id, future);
  let verdict: Judged = (at === '' ? null : checkDeviceTime(ctx, `record ${r.recordSeq} time`, at, ctx.head.recordTime)) ?? judge(ctx, item);
  // Waiting for something the server does not hold yet: not chained, sent again later.
  if (verdict instanceof Refusal && verdict.retry) return rejected(ctx, 'record', item.id, verdict);
  if (!(verdict instanceof Refusal)) {
    try {
      // A savepoint: a failing projection leaves nothing half-written in the push's transaction.
      ctx.db.transaction(verdict.apply)();
    } catch (err) {
      // A constraint the checks did not foresee: the record is refused, the push goes on.
      verdict = new Refusal('schema-invalid', `the record cannot be stored: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const refusal = verdict instanceof Refusal ? verdict : null;
  run(
    ctx.db,
    qb.insertInto('sync_records').values({
      device_id: ctx.deviceId,
      record_seq: r.recordSeq,
      type: r.type,
      record_id: r.id,
      hash: item.hash,
      prev_hash: r.prevRecordHash,
      device_time: at,
      body: item.json,
      status: refusal ? 'rejected' : 'accepted',
      reason: refusal?.reason ?? null,
      message: refusal?.message ?? null,
      push_id: ctx.pushId,
      stored_at: ctx.nowIso,
    }),
  );
  ctx.head.records = { seq: r.recordSeq, hash: item.hash };
  if (at !== '' && !refusal) ctx.head.recordTime = at;
  if (refusal) rejected(ctx, 'record', item.id, refusal);
  else accepted(ctx, 'record', item.id);
}

export function ingestRecords(ctx: IngestContext, records: readonly RecordItem[]): void {
  // In chain order whatever the order of the page: a page's own order is not a reason to refuse.
  const sorted = [...records].sort((a, b) => a.body.recordSeq - b.body.recordSeq);
  const pushedSeqs = new Set(sorted.map((r) => r.body.recordSeq));
  for (const item of sorted) takeRecord(ctx, item, pushedSeqs);
}
