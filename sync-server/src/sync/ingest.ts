/**
 * One push, ingested in ONE synchronous better-sqlite3 transaction (docs/sync.md "Push"):
 * batches, then raw lines and checkpoints, then the chained records in chain order, then
 * bench configurations, then audit entries; each item answered on its own. Everything asynchronous (signatures, hashes)
 * was done before (prepare.ts), so nothing can interleave with the transaction, and a crash
 * leaves either the whole push or none of it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { RegulationProfile } from '../../../web/src/domain/index.ts';
import type { ItemResult, PushResponse } from '../../../web/src/sync/protocol.ts';
import type { Db } from '../db/open.ts';
import { bindTemplate, first, qb, run, template } from '../db/sql.ts';
import { accepted, duplicate, rejected, Refusal, type IngestContext } from './context.ts';
import { headsOf, readHead, writeHead } from './heads.ts';
import { ingestLines } from './lines.ts';
import type { Prepared, PreparedPush } from './prepare.ts';
import { ingestRecords } from './records.ts';
import { takeBenchConfig } from './benchConfigs.ts';

export interface IngestInput {
  db: Db;
  deviceId: string;
  enterpriseId: string;
  pushId: string;
  now: Date;
  profiles: readonly RegulationProfile[];
  institutionName: string;
  log: FastifyBaseLogger;
}

export interface IngestOutcome {
  lines: PushResponse['lines'];
  results: ItemResult[];
  heads: PushResponse['heads'];
}

type Ok<K extends Prepared['kind']> = Extract<Prepared, { kind: K; ok: true }>;

function takeBatch(ctx: IngestContext, b: Ok<'batch'>): void {
  const held = first(ctx.db, qb.selectFrom('sync_batches').select(['meter_type_model', 'production_date']).where('enterprise_id', '=', ctx.enterpriseId).where('id', '=', b.id));
  if (held) {
    // A batch is the enterprise's: another PC naming the same batch with the same type and date is the same batch.
    if (held.meter_type_model === b.body.meterTypeModel && held.production_date === b.body.productionDate) return duplicate(ctx, 'batch', b.id);
    return rejected(ctx, 'batch', b.id, new Refusal('content-conflict', `batch ${b.id} is held as ${held.meter_type_model} of ${held.production_date}`));
  }
  run(
    ctx.db,
    qb.insertInto('sync_batches').values({
      enterprise_id: ctx.enterpriseId,
      id: b.id,
      device_id: ctx.deviceId,
      meter_type_model: b.body.meterTypeModel,
      production_date: b.body.productionDate,
      body: b.json,
      content_hash: b.hash,
      stored_at: ctx.nowIso,
    }),
  );
  accepted(ctx, 'batch', b.id);
}

function takeAudit(ctx: IngestContext, a: Ok<'audit'>): void {
  const held = first(ctx.db, qb.selectFrom('sync_audit').select('content_hash').where('device_id', '=', ctx.deviceId).where('item_id', '=', a.id));
  if (held) {
    if (held.content_hash === a.hash) return duplicate(ctx, 'audit', a.id);
    return rejected(ctx, 'audit', a.id, new Refusal('content-conflict', `audit entry ${a.id} is held with another content`));
  }
  if (Date.parse(a.body.at) > ctx.now.getTime()) return rejected(ctx, 'audit', a.id, new Refusal('time-invalid', `audit entry ${a.id} is dated after the server's receipt time`, true));
  run(
    ctx.db,
    qb.insertInto('sync_audit').values({
      device_id: ctx.deviceId,
      item_id: a.id,
      at: a.body.at,
      actor: a.body.actor,
      action: a.body.action,
      target: a.body.target,
      body: a.json,
      content_hash: a.hash,
      stored_at: ctx.nowIso,
    }),
  );
  accepted(ctx, 'audit', a.id);
}

const DEVICE = '\u0000device';
const KIND = '\u0000kind';
const ITEM = '\u0000item';
/** Run for every item a push takes: compiled once (db/sql.ts `template`); the kind's marker stands for a kind. */
const clearRefusal = template(
  qb.deleteFrom('sync_rejections').where('device_id', '=', DEVICE).where('kind', '=', KIND as ItemResult['kind']).where('item_id', '=', ITEM),
);

/** Keeps the last refusal of each item for the device's 已拒绝 marks; an accepted item clears it. */
function noteRefusals(ctx: IngestContext): void {
  for (const r of ctx.results) {
    if (r.status === 'rejected') {
      run(
        ctx.db,
        qb
          .insertInto('sync_rejections')
          .values({ device_id: ctx.deviceId, kind: r.kind, item_id: r.id, reason: r.reason, message: r.message, retry: r.retry ? 1 : 0, at: ctx.nowIso })
          .onConflict((oc) => oc.columns(['device_id', 'kind', 'item_id']).doUpdateSet({ reason: r.reason, message: r.message, retry: r.retry ? 1 : 0, at: ctx.nowIso })),
      );
    } else {
      run(ctx.db, bindTemplate(clearRefusal, { [DEVICE]: ctx.deviceId, [KIND]: r.kind, [ITEM]: r.id }));
    }
  }
}

export function ingestPush(input: IngestInput, prepared: PreparedPush): IngestOutcome {
  return input.db.transaction((): IngestOutcome => {
    const ctx: IngestContext = { ...input, nowIso: input.now.toISOString(), head: readHead(input.db, input.deviceId), results: [], replays: new Map() };
    const ok = <K extends Prepared['kind']>(kind: K) => prepared.items.filter((i): i is Ok<K> => i.kind === kind && i.ok);
    for (const i of prepared.items) if (!i.ok) rejected(ctx, i.kind, i.id, new Refusal(i.reason, i.message, i.retry));
    for (const b of ok('batch')) takeBatch(ctx, b);
    const lines = ingestLines(ctx, prepared.lines, ok('checkpoint'));
    ingestRecords(ctx, ok('record'));
    for (const c of ok('bench-config')) takeBenchConfig(ctx, c);
    for (const a of ok('audit')) takeAudit(ctx, a);
    noteRefusals(ctx);
    writeHead(ctx.db, ctx.deviceId, ctx.enterpriseId, ctx.head, ctx.nowIso);
    return { lines, results: ctx.results, heads: headsOf(ctx.head) };
  })();
}
