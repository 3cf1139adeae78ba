/**
 * Risk early warning (docs/risk.md "API"):
 * - GET  /api/risk/alerts[?enterpriseId=&kind=&open=true&limit=]  — alerts, newest first (readRisk)
 * - POST /api/risk/alerts/:alertId/acknowledge {note}              — the regulator has looked (acknowledgeRisk)
 * - POST /api/risk/scan {enterpriseId?}                            — scan now (acknowledgeRisk: the regulator)
 * - GET  /api/risk/raw-lines?deviceId=&fromSeq=&toSeq=             — the raw lines an alert cites, with a few
 *                                                                    lines of context, capped (readRisk)
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { RISK_KINDS } from '../../../web/src/domain/risk/index.ts';
import { first, all, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { access } from '../identity/access.ts';
import { enterpriseScope, requireUser } from '../identity/guards.ts';
import { listAlerts, scanRisk } from './riskScan.ts';

/** Cited lines returned at most per request; an alert's refs are a few runs' lines, far below it. */
export const RAW_LINES_MAX = 200;
/** Lines shown before and after the cited ones, so a reader sees what led to them. */
export const RAW_LINES_CONTEXT = 3;

const enterpriseIdSchema = z.string().min(1).max(64);

export function riskRoutes(app: ApiApp, deps: AppDeps): void {
  app.get(
    '/api/risk/alerts',
    {
      schema: {
        querystring: z.strictObject({
          enterpriseId: enterpriseIdSchema.optional(),
          kind: z.enum(RISK_KINDS as [string, ...string[]]).optional(),
          open: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
    },
    (req) => {
      const user = requireUser(deps, req, access.readRisk);
      const requested = req.query.enterpriseId ?? null;
      const enterpriseId = user.enterpriseId === null && requested === null ? null : enterpriseScope(user, requested);
      return { alerts: listAlerts(deps, { enterpriseId, ...(req.query.kind === undefined ? {} : { kind: req.query.kind }), open: req.query.open === 'true', limit: req.query.limit ?? 200 }) };
    },
  );

  app.post(
    '/api/risk/alerts/:alertId/acknowledge',
    { schema: { params: z.strictObject({ alertId: z.coerce.number().int().positive() }), body: z.strictObject({ note: z.string().trim().min(1).max(1000) }) } },
    (req) => {
      const user = requireUser(deps, req, access.acknowledgeRisk);
      const alert = first(deps.db, qb.selectFrom('risk_alerts').select(['id', 'enterprise_id', 'acknowledged_at']).where('id', '=', req.params.alertId));
      if (!alert) throw new HttpError(404, 'not-found', `no risk alert ${req.params.alertId}`);
      enterpriseScope(user, alert.enterprise_id);
      if (alert.acknowledged_at !== null) throw new HttpError(409, 'already-acknowledged', `risk alert ${alert.id} was acknowledged at ${alert.acknowledged_at}`);
      const at = deps.clock().toISOString();
      run(deps.db, qb.updateTable('risk_alerts').set({ acknowledged_at: at, acknowledged_by: user.username, acknowledged_note: req.body.note }).where('id', '=', alert.id).where('acknowledged_at', 'is', null));
      req.log.info({ userId: user.userId, alertId: alert.id }, 'risk alert acknowledged');
      return listAlerts(deps, { enterpriseId: alert.enterprise_id, id: alert.id, limit: 1 })[0];
    },
  );

  app.post('/api/risk/scan', { schema: { body: z.strictObject({ enterpriseId: enterpriseIdSchema.optional() }) } }, (req) => {
    const user = requireUser(deps, req, access.acknowledgeRisk);
    const enterpriseId = req.body.enterpriseId === undefined ? undefined : enterpriseScope(user, req.body.enterpriseId);
    const r = scanRisk(deps, enterpriseId);
    req.log.info({ userId: user.userId, ...r }, 'risk scan');
    return r;
  });

  app.get(
    '/api/risk/raw-lines',
    { schema: { querystring: z.strictObject({ deviceId: z.string().min(1).max(128), fromSeq: z.coerce.number().int().positive(), toSeq: z.coerce.number().int().positive() }) } },
    (req) => {
      const user = requireUser(deps, req, access.readRisk);
      const { deviceId, fromSeq } = req.query;
      if (req.query.toSeq < fromSeq) throw new HttpError(400, 'bad-range', `toSeq ${req.query.toSeq} is before fromSeq ${fromSeq}`);
      const device = first(deps.db, qb.selectFrom('devices').select(['enterprise_id', 'label']).where('device_id', '=', deviceId));
      if (!device) throw new HttpError(404, 'not-found', `no device ${deviceId}`);
      enterpriseScope(user, device.enterprise_id);
      const toSeq = Math.min(req.query.toSeq, fromSeq + RAW_LINES_MAX - 1);
      const rows = all(
        deps.db,
        qb
          .selectFrom('sync_lines')
          .select(['seq', 'session_id', 'direction', 'text', 'received_at', 'stored_at'])
          .where('device_id', '=', deviceId)
          .where('seq', '>=', Math.max(1, fromSeq - RAW_LINES_CONTEXT))
          .where('seq', '<=', toSeq + RAW_LINES_CONTEXT)
          .orderBy('seq'),
      );
      return {
        deviceId,
        deviceLabel: device.label,
        enterpriseId: device.enterprise_id,
        fromSeq,
        toSeq,
        truncated: toSeq < req.query.toSeq,
        lines: rows.map((r) => ({ seq: r.seq, sessionId: r.session_id, direction: r.direction, text: r.text, receivedAt: r.received_at, storedAt: r.stored_at, cited: r.seq >= fromSeq && r.seq <= toSeq })),
      };
    },
  );
}
