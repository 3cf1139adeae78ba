/**
 * The public projection of an accepted verification (public_meters; docs/sync.md
 * "Conflicts"): the Annex-2 keys the lookup and the NQI publication show, from the record, its
 * batch and the meter type the server holds for the enterprise. Records are immutable: a
 * re-verification (`supersedes`) marks the record it replaces as superseded, and two devices'
 * current records for one serial are both kept — the lookup shows the newest non-superseded
 * one, the verifier sees the conflict (pull `conflicts`, and an alarm).
 */
import { enqueuePublication } from '../nqi/enqueue.ts';
import { all, first, qb, run } from '../db/sql.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import { raiseAlarm } from './alarms.ts';
import { Refusal, type IngestContext } from './context.ts';
import type { VerificationBody } from './wire.ts';

export interface MeterTypeFacts {
  name: string;
  model: string;
  manufacturer: string;
  accuracyClass: number;
  dn: number;
  q3M3h: number;
  r: number;
  deltaL: number;
}

export interface BatchFacts {
  id: string;
  productionDate: string;
  meterType: MeterTypeFacts;
}

/** The batch and its meter type as the server holds them; a refusal to retry when either is missing. */
export function batchFacts(ctx: IngestContext, batchId: string): Refusal | BatchFacts {
  const batch = first(ctx.db, qb.selectFrom('sync_batches').select(['meter_type_model', 'production_date']).where('enterprise_id', '=', ctx.enterpriseId).where('id', '=', batchId));
  if (!batch) return new Refusal('batch-unknown', `batch ${batchId} is not on the server: push the batch first`, true);
  const type = first(ctx.db, qb.selectFrom('meter_types').select('body').where('enterprise_id', '=', ctx.enterpriseId).where('model', '=', batch.meter_type_model));
  if (!type) return new Refusal('batch-unknown', `meter type ${batch.meter_type_model} of batch ${batchId} is not registered for the enterprise on the server`, true);
  const body = JSON.parse(type.body) as MeterTypeFacts;
  return { id: batchId, productionDate: batch.production_date, meterType: { ...body, model: batch.meter_type_model } };
}

/**
 * The meter a verification was judged as must be the registered type of its batch (docs/rules.md
 * R-METER: nameplate data are never guessed): otherwise a record could loosen its own limits
 * (another R, another class) and still recompute to the verdict it claims.
 */
export function checkMeterType(v: VerificationBody, batch: BatchFacts): Refusal | null {
  const m = v.record.meter;
  const t = batch.meterType;
  const differs = (['dn', 'q3M3h', 'r', 'accuracyClass', 'deltaL'] as const).filter((k) => m[k] !== t[k]);
  if (differs.length === 0) return null;
  return new Refusal('verdict-differs', `the meter was judged with ${differs.map((k) => `${k} = ${m[k]}`).join(', ')}; type ${t.model} of batch ${batch.id} has ${differs.map((k) => `${k} = ${t[k]}`).join(', ')}`);
}

export function project(ctx: IngestContext, v: VerificationBody, hash: string, batch: BatchFacts, passed: boolean): void {
  const row: PublicMeterRow = {
    verification_id: v.id,
    enterprise_id: ctx.enterpriseId,
    device_id: ctx.deviceId,
    serial: v.serial,
    batch_id: v.batchId,
    instrument_name: batch.meterType.name,
    model: batch.meterType.model,
    accuracy_class: String(batch.meterType.accuracyClass),
    manufacturer: batch.meterType.manufacturer,
    production_date: batch.productionDate,
    verification_date: v.verificationDate,
    valid_until: v.validUntil,
    conclusion: passed ? '合格' : '不合格',
    institution: ctx.institutionName,
    record_hash: hash,
    created_at: v.createdAt,
    received_at: ctx.nowIso,
    superseded_by: null,
    integrity: 'verified',
  };
  run(ctx.db, qb.insertInto('public_meters').values(row));
  if (v.supersedes !== null) {
    run(ctx.db, qb.updateTable('public_meters').set({ superseded_by: v.id }).where('verification_id', '=', v.supersedes).where('superseded_by', 'is', null));
  }
  // The NQI outbox in the same transaction (docs/nqi.md "Outbox"): nqi/ publishes a passed
  // meter and, for a failed one that supersedes a published record, withdraws it.
  enqueuePublication(ctx.db, row, ctx.now);
  const others = all(
    ctx.db,
    qb.selectFrom('public_meters').select(['verification_id', 'device_id']).where('serial', '=', v.serial).where('enterprise_id', '=', ctx.enterpriseId).where('superseded_by', 'is', null).where('device_id', '!=', ctx.deviceId),
  );
  if (others.length > 0) {
    raiseAlarm(ctx.db, {
      enterpriseId: ctx.enterpriseId,
      deviceId: ctx.deviceId,
      kind: 'serial-conflict',
      subject: `serial ${v.serial}`,
      message: `meter ${v.serial} has current records from ${others.length + 1} devices; both are kept, the newest is shown`,
      details: { serial: v.serial, verificationIds: [v.id, ...others.map((o) => o.verification_id)] },
      at: ctx.nowIso,
    });
  }
}
