/**
 * The reference data a bench PC pulls (docs/sync.md "Pull"), kept by people: meter types
 * and benches by the enterprise admin, authorisations by the regulator. Minimal on purpose
 * (list and upsert); the regulator's register with its decisions is
 * supervision/authorisationRoutes.ts (docs/authorisations.md). Each write sets `updated_at`,
 * the pull cursor.
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { all, first, qb } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { access } from './access.ts';
import { authorisationBodySchema, benchBodySchema, enterpriseParams, meterTypeBodySchema } from './api.ts';
import { enterpriseScope, requireUser } from './guards.ts';
import { existingEnterprise } from './store.ts';
import { putAuthorisation, putBench, putMeterType, recordReferenceWrite } from './reference.ts';

const keyParam = z.string().min(1).max(200);

export function referenceRoutes(app: ApiApp, deps: AppDeps): void {
  app.get('/api/enterprises/:id/meter-types', { schema: { params: enterpriseParams } }, async (req) => {
    const user = requireUser(deps, req, access.readReference);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const rows = all(deps.db, qb.selectFrom('meter_types').selectAll().where('enterprise_id', '=', e.id).orderBy('model'));
    return { meterTypes: rows.map((r) => JSON.parse(r.body) as unknown) };
  });

  app.put('/api/enterprises/:id/meter-types/:model', { schema: { params: enterpriseParams.extend({ model: keyParam }), body: meterTypeBodySchema } }, async (req) => {
    const user = requireUser(deps, req, access.writeMeterTypesAndBenches);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    if (req.body.model !== req.params.model) throw new HttpError(400, 'model-mismatch', 'the body names another model than the path');
    putMeterType(deps, e.id, req.body);
    return req.body;
  });

  app.get('/api/enterprises/:id/benches', { schema: { params: enterpriseParams } }, async (req) => {
    const user = requireUser(deps, req, access.readReference);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const rows = all(deps.db, qb.selectFrom('benches').selectAll().where('enterprise_id', '=', e.id).orderBy('id'));
    return { benches: rows.map((r) => ({ id: r.id, name: r.name, uRelPct: r.u_rel_pct })) };
  });

  app.put('/api/enterprises/:id/benches/:benchId', { schema: { params: enterpriseParams.extend({ benchId: keyParam }), body: benchBodySchema } }, async (req) => {
    const user = requireUser(deps, req, access.writeMeterTypesAndBenches);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const bench = { id: req.params.benchId, ...req.body };
    putBench(deps, e.id, bench);
    return bench;
  });

  app.get('/api/enterprises/:id/authorisations', { schema: { params: enterpriseParams } }, async (req) => {
    const user = requireUser(deps, req, access.readReference);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const rows = all(deps.db, qb.selectFrom('authorisations').selectAll().where('enterprise_id', '=', e.id).orderBy('id'));
    return { authorisations: rows.map((r) => JSON.parse(r.body) as unknown) };
  });

  app.put('/api/enterprises/:id/authorisations/:authId', { schema: { params: enterpriseParams.extend({ authId: keyParam }), body: authorisationBodySchema } }, async (req) => {
    const user = requireUser(deps, req, access.writeAuthorisations);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    if (req.body.id !== req.params.authId || req.body.enterpriseId !== e.id) throw new HttpError(400, 'id-mismatch', 'the body names another authorisation or enterprise than the path');
    const other = first(deps.db, qb.selectFrom('authorisations').select('enterprise_id').where('id', '=', req.body.id));
    if (other && other.enterprise_id !== e.id) throw new HttpError(409, 'exists', 'this authorisation id belongs to another enterprise');
    // Kept for integrators and older tests; the register (docs/authorisations.md) records why.
    // A write here is recorded too, so the register's history has no silent gap.
    deps.db.transaction(() => {
      putAuthorisation(deps, req.body);
      recordReferenceWrite(deps, req.body, other ? 'amended' : 'registered', user.username);
    })();
    return req.body;
  });
}
