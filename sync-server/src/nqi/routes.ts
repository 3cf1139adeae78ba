/**
 * The NQI publication's API for city-wide people (docs/nqi.md "API"):
 * - GET  /api/regulator/nqi/reconciliation?from=&to=  — the reconciliation report (regulator, admin)
 * - GET  /api/admin/nqi/status                       — the outbox's counts (admin, regulator)
 * - GET  /api/admin/nqi/dead-letters                 — what did not go through (admin, regulator)
 * - POST /api/admin/nqi/dead-letters/retry           — requeue some or all of them (admin)
 * - POST /api/admin/nqi/republish                    — publish again records found missing (admin)
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { requireUser } from '../identity/guards.ts';
import { pilotDate } from '../../../web/src/domain/civilDate.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import type { NqiAdapter } from './adapter.ts';
import { listDeadLetters, outboxCounts, republish, retryDeadLetters } from './deadLetters.ts';
import type { Forwarder } from './forwarder.ts';
import { datesBetween, maxReportDays, PlatformUnavailableError, reconcile } from './reconcile.ts';

const isoDate = z.iso.date();

export function nqiRoutes(app: ApiApp, deps: AppDeps, nqi: { adapter: NqiAdapter; forwarder: Forwarder; platformUrl: string; embedded: boolean }): void {
  app.get('/api/regulator/nqi/reconciliation', { schema: { querystring: z.strictObject({ from: isoDate.optional(), to: isoDate.optional() }) } }, async (req) => {
    requireUser(deps, req, ['regulator', 'admin']);
    // Days are the pilot's civil dates (docs/rules.md R-DATE): "today" is Tai'an's today.
    const today = pilotDate(deps.clock(), defaultProfile);
    const to = req.query.to ?? today;
    const from = req.query.from ?? to;
    if (from > to) throw new HttpError(400, 'range-invalid', `from (${from}) is after to (${to})`);
    if (datesBetween(from, to).length > maxReportDays) throw new HttpError(400, 'range-too-long', `at most ${maxReportDays} days per report`);
    try {
      return await reconcile(deps.db, nqi.adapter, { from, to }, deps.clock());
    } catch (err) {
      if (err instanceof PlatformUnavailableError) throw new HttpError(502, 'nqi-unavailable', err.message, { date: err.date });
      throw err;
    }
  });

  app.get('/api/admin/nqi/status', (req) => {
    requireUser(deps, req, ['admin', 'regulator']);
    return { platform: { url: nqi.platformUrl, simulator: nqi.embedded }, outbox: outboxCounts(deps.db) };
  });

  app.get('/api/admin/nqi/dead-letters', (req) => {
    requireUser(deps, req, ['admin', 'regulator']);
    return { dead_letters: listDeadLetters(deps.db) };
  });

  app.post(
    '/api/admin/nqi/dead-letters/retry',
    { schema: { body: z.strictObject({ ids: z.union([z.array(z.number().int().positive()).max(10_000), z.literal('all')]) }) } },
    (req) => {
      const user = requireUser(deps, req, ['admin']);
      const requeued = retryDeadLetters(deps.db, req.body.ids === 'all' ? null : req.body.ids, deps.clock());
      req.log.info({ userId: user.userId, requeued }, 'NQI dead letters requeued');
      nqi.forwarder.kick();
      return { requeued };
    },
  );

  app.post('/api/admin/nqi/republish', { schema: { body: z.strictObject({ verification_ids: z.array(z.string().min(1).max(200)).min(1).max(10_000) }) } }, (req) => {
    const user = requireUser(deps, req, ['admin']);
    const queued = republish(deps.db, req.body.verification_ids, deps.clock());
    req.log.info({ userId: user.userId, queued }, 'NQI republication queued');
    nqi.forwarder.kick();
    return { queued };
  });
}
