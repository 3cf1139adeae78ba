/**
 * The penalty ladder's routes (docs/penalties.md "API"; pilot plan §三(五)2 and Annex 1 item 6):
 * - `GET  /api/supervision/penalties` — every enterprise with its standing (the regulator's
 *   list; an enterprise's people see their own);
 * - `GET  /api/supervision/penalties/:id` — one enterprise's ladder: the standing, every event
 *   with the step it made and who recorded it when, the models a decision can name;
 * - `POST /api/supervision/penalties/:id/events` — the regulator records a decision. A refusal
 *   of the ladder is 409 with the domain's code (`invalid-transition`, `missing-deadline`, …).
 */
import { pilotDate, type PenaltyEvent } from '../../../web/src/domain/index.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { penaltyStandingOf } from '../../../web/src/domain/penaltyStanding.ts';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { all, first, qb } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { access } from '../identity/access.ts';
import { enterpriseParams } from '../identity/api.ts';
import { enterpriseScope, requireUser } from '../identity/guards.ts';
import { existingEnterprise } from '../identity/store.ts';
import { penaltyEventBodySchema, type PenaltyEventBody, type PenaltyLadderView, type PenaltyListView, type RecordedPenaltyView } from './penaltyApi.ts';
import { penaltyLadderOf, recordPenaltyEvent } from './penaltyStore.ts';

function modelsOf(deps: AppDeps, enterpriseId: string): string[] {
  return all(deps.db, qb.selectFrom('meter_types').select('model').where('enterprise_id', '=', enterpriseId).orderBy('model')).map((m) => m.model);
}

/** The body as the domain's event: a decision names only what it carries. */
function eventOf(body: PenaltyEventBody): PenaltyEvent {
  const base = { date: body.date, reason: body.reason, decidedBy: body.decidedBy, reference: body.reference };
  switch (body.type) {
    case 'non-conforming-sampling':
      return {
        type: body.type,
        ...base,
        samplingId: body.samplingId,
        model: body.model,
        ...(body.batchId === undefined ? {} : { batchId: body.batchId }),
        ...(body.rectificationDeadline === undefined ? {} : { rectificationDeadline: body.rectificationDeadline }),
      };
    case 'rectification-passed':
      return { type: body.type, ...base, ...(body.model === undefined ? {} : { model: body.model }) };
    case 'new-authorisation':
      return { type: body.type, ...base, authorisationId: body.authorisationId };
    default:
      return { type: body.type, ...base };
  }
}

/** What the ladder cannot judge: a decision dated after today, a model or authorisation the server does not know. */
function checkAgainstServer(deps: AppDeps, enterpriseId: string, body: PenaltyEventBody, today: string): void {
  if (body.date > today) throw new HttpError(409, 'date-in-future', `a decision is dated on or before today (${today}), not ${body.date}`);
  if ((body.type === 'non-conforming-sampling' || body.type === 'rectification-passed') && body.model !== undefined && !modelsOf(deps, enterpriseId).includes(body.model)) {
    throw new HttpError(409, 'unknown-model', `model ${body.model} is not a registered meter type of enterprise ${enterpriseId}`);
  }
  if (body.type === 'new-authorisation') {
    const auth = first(deps.db, qb.selectFrom('authorisations').select('id').where('id', '=', body.authorisationId).where('enterprise_id', '=', enterpriseId));
    if (!auth) throw new HttpError(409, 'unknown-authorisation', `authorisation ${body.authorisationId} is not registered for enterprise ${enterpriseId}`);
  }
}

export function penaltyRoutes(app: ApiApp, deps: AppDeps): void {
  app.get('/api/supervision/penalties', async (req): Promise<PenaltyListView> => {
    const user = requireUser(deps, req, access.readSupervision);
    let q = qb.selectFrom('enterprises').select(['id', 'name']).orderBy('id');
    if (user.enterpriseId !== null) q = q.where('id', '=', user.enterpriseId);
    return {
      enterprises: all(deps.db, q).map((e) => {
        const { state, events } = penaltyLadderOf(deps, e.id);
        return { id: e.id, name: e.name, standing: penaltyStandingOf(state), events: events.length };
      }),
    };
  });

  app.get('/api/supervision/penalties/:id', { schema: { params: enterpriseParams } }, async (req): Promise<PenaltyLadderView> => {
    const user = requireUser(deps, req, access.readSupervision);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const { state, events } = penaltyLadderOf(deps, e.id);
    return { enterprise: { id: e.id, name: e.name }, standing: penaltyStandingOf(state), events, models: modelsOf(deps, e.id), today: pilotDate(deps.clock(), defaultProfile) };
  });

  app.post('/api/supervision/penalties/:id/events', { schema: { params: enterpriseParams, body: penaltyEventBodySchema } }, async (req, reply) => {
    const user = requireUser(deps, req, access.decidePenalties);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    checkAgainstServer(deps, e.id, req.body, pilotDate(deps.clock(), defaultProfile));
    const recorded = recordPenaltyEvent(deps, e.id, eventOf(req.body), user.username);
    const view = penaltyLadderOf(deps, e.id).events.find((v) => v.id === recorded.id)!;
    const answer: RecordedPenaltyView = { event: view, standing: penaltyStandingOf(recorded.state) };
    return reply.code(201).send(answer);
  });
}
