/** Upserts of the reference data (used by the routes and the demo seed); each sets `updated_at`. */
import type { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { pilotDate } from '../../../web/src/domain/civilDate.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { qb, run } from '../db/sql.ts';
import type { authorisationSchema, benchSchema, meterTypeSchema } from '../../../web/src/sync/protocol.ts';

export function putMeterType(deps: AppDeps, enterpriseId: string, meterType: z.infer<typeof meterTypeSchema>): void {
  const row = { enterprise_id: enterpriseId, model: meterType.model, body: JSON.stringify(meterType), updated_at: deps.clock().toISOString() };
  run(deps.db, qb.insertInto('meter_types').values(row).onConflict((oc) => oc.columns(['enterprise_id', 'model']).doUpdateSet({ body: row.body, updated_at: row.updated_at })));
}

export function putBench(deps: AppDeps, enterpriseId: string, bench: z.infer<typeof benchSchema>): void {
  const row = { enterprise_id: enterpriseId, id: bench.id, name: bench.name, u_rel_pct: bench.uRelPct, updated_at: deps.clock().toISOString() };
  run(deps.db, qb.insertInto('benches').values(row).onConflict((oc) => oc.columns(['enterprise_id', 'id']).doUpdateSet({ name: row.name, u_rel_pct: row.u_rel_pct, updated_at: row.updated_at })));
}

export function putAuthorisation(deps: AppDeps, auth: z.infer<typeof authorisationSchema>): void {
  const row = { id: auth.id, enterprise_id: auth.enterpriseId, certificate_no: auth.certificateNo, body: JSON.stringify(auth), updated_at: deps.clock().toISOString() };
  run(deps.db, qb.insertInto('authorisations').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ certificate_no: row.certificate_no, body: row.body, updated_at: row.updated_at })));
}

/**
 * The register's event for a write through the plain reference API (PUT …/authorisations/:id):
 * who wrote it and when; the decision's reason and 文号 are not known there, and say so.
 */
export function recordReferenceWrite(deps: AppDeps, auth: z.infer<typeof authorisationSchema>, kind: 'registered' | 'amended', username: string): void {
  const now = deps.clock();
  run(
    deps.db,
    qb.insertInto('authorisation_events').values({
      authorisation_id: auth.id,
      enterprise_id: auth.enterpriseId,
      kind,
      decided_on: pilotDate(now, defaultProfile),
      reason: 'written through the reference API (no reason given)',
      decided_by: username,
      reference: null,
      details: JSON.stringify({ certificate: auth, via: 'reference-api' }),
      recorded_by: username,
      recorded_at: now.toISOString(),
    }),
  );
}
