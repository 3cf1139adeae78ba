/**
 * Recalls (失准处置, docs/recalls.md "API"):
 * - GET  /api/enterprises/:id/recall-scopes           — benches, batches, models to pick from (defineRecalls)
 * - POST /api/enterprises/:id/recalls/preview         — the meters a scope names, before confirming (defineRecalls)
 * - POST /api/enterprises/:id/recalls                 — define the recall (enterprise admin: its own; regulator: any)
 * - GET  /api/recalls[?enterpriseId=]                 — recalls with progress (readRecalls; enterprise people: their own)
 * - GET  /api/recalls/:recallId[?status=&serial=&offset=&limit=] — one recall, a page of its meters with their histories (readRecalls)
 * - POST /api/recalls/:recallId/meters/:serial        — mark a meter recalled or replaced (enterprise admin, its own)
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { pilotDate } from '../../../web/src/domain/civilDate.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { enterpriseParams } from '../identity/api.ts';
import { access } from '../identity/access.ts';
import { enterpriseScope, requireUser } from '../identity/guards.ts';
import { existingEnterprise } from '../identity/store.ts';
import { previewListLimit, recallDefineBodySchema, recallDetailQuerySchema, recallMarkBodySchema, recallPreviewBodySchema, type RecallPreview } from './recallApi.ts';
import { defineRecall, listRecalls, markRecallMeter, recallCandidates, recallDetail, recallEnterprise, recallScopeChoices } from './recallStore.ts';

const recallParams = z.strictObject({ recallId: z.string().min(1).max(64) });

export function recallRoutes(app: ApiApp, deps: AppDeps): void {
  app.get('/api/enterprises/:id/recall-scopes', { schema: { params: enterpriseParams } }, (req) => {
    const user = requireUser(deps, req, access.defineRecalls);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    return recallScopeChoices(deps.db, e.id);
  });

  app.post('/api/enterprises/:id/recalls/preview', { schema: { params: enterpriseParams, body: recallPreviewBodySchema } }, (req): RecallPreview => {
    const user = requireUser(deps, req, access.defineRecalls);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const meters = recallCandidates(deps.db, e.id, req.body.scope);
    return { enterpriseId: e.id, scope: req.body.scope, count: meters.length, meters: meters.slice(0, previewListLimit) };
  });

  app.post('/api/enterprises/:id/recalls', { schema: { params: enterpriseParams, body: recallDefineBodySchema } }, (req, reply) => {
    const user = requireUser(deps, req, access.defineRecalls);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const now = deps.clock();
    const id = defineRecall(deps.db, { enterpriseId: e.id, scope: req.body.scope, reason: req.body.reason, action: req.body.action, userId: user.userId, now, issuedOn: pilotDate(now, defaultProfile) });
    req.log.info({ userId: user.userId, recallId: id, enterpriseId: e.id, scope: req.body.scope }, 'recall defined');
    return reply.code(201).send(recallDetail(deps.db, id));
  });

  app.get('/api/recalls', { schema: { querystring: z.strictObject({ enterpriseId: z.string().min(1).max(64).optional() }) } }, (req) => {
    const user = requireUser(deps, req, access.readRecalls);
    const requested = req.query.enterpriseId ?? null;
    const enterpriseId = user.enterpriseId === null && requested === null ? null : enterpriseScope(user, requested);
    return { recalls: listRecalls(deps.db, enterpriseId) };
  });

  app.get('/api/recalls/:recallId', { schema: { params: recallParams, querystring: recallDetailQuerySchema } }, (req) => {
    const user = requireUser(deps, req, access.readRecalls);
    enterpriseScope(user, recallEnterprise(deps.db, req.params.recallId));
    return recallDetail(deps.db, req.params.recallId, req.query);
  });

  app.post('/api/recalls/:recallId/meters/:serial', { schema: { params: recallParams.extend({ serial: z.string().min(1).max(64) }), body: recallMarkBodySchema } }, (req) => {
    const user = requireUser(deps, req, access.markRecalledMeters);
    enterpriseScope(user, recallEnterprise(deps.db, req.params.recallId));
    const meter = markRecallMeter(deps.db, { recallId: req.params.recallId, serial: req.params.serial, status: req.body.status, note: req.body.note, userId: user.userId, now: deps.clock() });
    req.log.info({ userId: user.userId, recallId: req.params.recallId, serial: req.params.serial, status: req.body.status }, 'recall meter marked');
    return meter;
  });
}
