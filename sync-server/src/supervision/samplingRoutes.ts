/**
 * The HTTP side of 双随机 sampling (docs/sampling.md "API"). The regulator publishes seeds,
 * draws and concludes; the drawn inspectors of the institute record results; the enterprise
 * sees its own samplings once drawn; anyone sees every sampling's seeds and draw, without
 * a login, to reproduce it.
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { access } from '../identity/access.ts';
import { enterpriseScope, requireUser, type UserPrincipal } from '../identity/guards.ts';
import { existingEnterprise } from '../identity/store.ts';
import {
  batchesForSampling,
  concludeSampling,
  createSampling,
  drawSampling,
  listSamplings,
  meterTypeOfSampling,
  proposeSeed,
  recordResults,
  samplingDetail,
  samplingRow,
} from './samplingStore.ts';

const idParams = z.object({ id: z.string().min(1).max(100) });
const seedText = z.string().max(200);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The sampling a person may see: city-wide people every one; an enterprise's people their own once drawn; the institute drawn ones. */
function visible(user: UserPrincipal, s: { enterprise_id: string; status: string }): boolean {
  if (user.enterpriseId !== null) return user.enterpriseId === s.enterprise_id && s.status !== 'seed-published';
  if (user.roles.includes('regulator') || user.roles.includes('admin')) return true;
  return s.status !== 'seed-published';
}

export function samplingRoutes(app: ApiApp, deps: AppDeps): void {
  app.get(
    '/api/public/samplings',
    { config: { rateLimit: { max: deps.config.lookupRatePerMinute, timeWindow: 60_000 } }, logLevel: 'warn' },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=30');
      return { samplings: listSamplings(deps) };
    },
  );

  app.get(
    '/api/public/samplings/:id',
    { schema: { params: idParams }, config: { rateLimit: { max: deps.config.lookupRatePerMinute, timeWindow: 60_000 } }, logLevel: 'warn' },
    async (req, reply) => {
      const s = samplingRow(deps, req.params.id);
      reply.header('cache-control', 'public, max-age=30');
      const found = listSamplings(deps, { enterpriseId: s.enterprise_id }).find((x) => x.id === s.id);
      return found;
    },
  );

  app.get('/api/samplings/seed-proposal', async (req) => {
    requireUser(deps, req, access.manageSamplings);
    return { seed: proposeSeed(), inspectorSeed: proposeSeed() };
  });

  app.get('/api/samplings', { schema: { querystring: z.object({ enterpriseId: z.string().min(1).optional() }) } }, async (req) => {
    const user = requireUser(deps, req, access.readSamplings);
    const enterpriseId = user.enterpriseId ?? req.query.enterpriseId;
    const list = listSamplings(deps, { enterpriseId }).filter((s) => visible(user, { enterprise_id: s.enterpriseId, status: s.status }));
    return { samplings: list };
  });

  app.post(
    '/api/samplings',
    { schema: { body: z.strictObject({ enterpriseId: z.string().min(1), title: z.string().min(1).max(200), seed: seedText.optional(), inspectorSeed: seedText.optional() }) } },
    async (req, reply) => {
      const user = requireUser(deps, req, access.manageSamplings);
      const row = createSampling(deps, user, req.body);
      reply.code(201);
      return samplingDetail(deps, row.id, { withNextRung: true });
    },
  );

  app.get('/api/samplings/:id', { schema: { params: idParams } }, async (req) => {
    const user = requireUser(deps, req, access.readSamplings);
    const s = samplingRow(deps, req.params.id);
    if (!visible(user, s)) throw new HttpError(404, 'sampling-not-found', `no sampling ${req.params.id}`);
    return samplingDetail(deps, s.id, { withNextRung: user.roles.includes('regulator') });
  });

  app.get('/api/samplings/:id/meter-type', { schema: { params: idParams } }, async (req) => {
    const user = requireUser(deps, req, access.readSamplings);
    const s = samplingRow(deps, req.params.id);
    if (!visible(user, s)) throw new HttpError(404, 'sampling-not-found', `no sampling ${req.params.id}`);
    return { meterType: meterTypeOfSampling(deps, s) };
  });

  app.get('/api/enterprises/:id/sampling-batches', { schema: { params: z.object({ id: z.string().min(1) }) } }, async (req) => {
    const user = requireUser(deps, req, access.manageSamplings);
    const e = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    return { batches: batchesForSampling(deps, e.id) };
  });

  app.post(
    '/api/samplings/:id/draw',
    {
      schema: {
        params: idParams,
        body: z.strictObject({ batchId: z.string().min(1), n: z.number().int().min(1).max(10_000).optional(), inspectors: z.number().int().min(1).max(20).optional() }),
      },
    },
    async (req) => {
      const user = requireUser(deps, req, access.manageSamplings);
      await drawSampling(deps, user, req.params.id, req.body);
      return samplingDetail(deps, req.params.id, { withNextRung: true });
    },
  );

  app.post(
    '/api/samplings/:id/results',
    {
      schema: {
        params: idParams,
        body: z.strictObject({
          source: z.enum(['entered', 'imported']),
          lines: z.string().min(1).max(200_000),
          correctionOf: z.number().int().positive().optional(),
          correctionReason: z.string().max(1000).optional(),
        }),
      },
    },
    async (req, reply) => {
      const user = requireUser(deps, req, access.recordSamplingResults);
      const results = recordResults(deps, user, req.params.id, req.body);
      reply.code(201);
      return { results };
    },
  );

  app.post(
    '/api/samplings/:id/conclude',
    {
      schema: {
        params: idParams,
        body: z.strictObject({ decidedBy: z.string().max(200), reference: z.string().max(200).optional(), note: z.string().max(1000).optional(), rectificationDeadline: isoDate.optional() }),
      },
    },
    async (req) => {
      const user = requireUser(deps, req, access.manageSamplings);
      return concludeSampling(deps, user, req.params.id, req.body);
    },
  );
}
