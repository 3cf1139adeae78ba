/**
 * Devices (docs/sync.md "Access", "Enrolment"): enrolment codes and the device list for an
 * enterprise's admin, revocation, and the enrolment itself (POST /api/devices/enrol, no
 * session: the one-time code is the credential, rate limited per address).
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { all, qb } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { enrolRequestSchema, enrolResponseSchema } from '../../../web/src/sync/protocol.ts';
import { access } from './access.ts';
import { enterpriseParams, revokeBodySchema, type EnrolmentCodeListItem } from './api.ts';
import { enrolDevice, makeEnrolmentCode, revokeDevice } from './enrolment.ts';
import { enterpriseScope, requireUser } from './guards.ts';
import { deviceView, existingEnterprise, findDevice, listDevices } from './store.ts';

/** Per client address. 31^8 codes cannot be guessed at this rate; a load test enrols 20 PCs at once. */
export const enrolRateLimit = { max: 60, timeWindow: 60_000 } as const;

export function deviceRoutes(app: ApiApp, deps: AppDeps): void {
  app.post('/api/enterprises/:id/enrolment-codes', { schema: { params: enterpriseParams } }, async (req, reply) => {
    const user = requireUser(deps, req, access.manageDevices);
    const enterprise = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const made = makeEnrolmentCode(deps, enterprise.id, user.userId);
    req.log.info({ enterpriseId: enterprise.id, by: user.userId }, 'enrolment code made');
    return reply.code(201).send(made);
  });

  app.get('/api/enterprises/:id/enrolment-codes', { schema: { params: enterpriseParams } }, async (req) => {
    const user = requireUser(deps, req, access.manageDevices);
    const enterprise = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    const rows = all(deps.db, qb.selectFrom('enrolment_codes').selectAll().where('enterprise_id', '=', enterprise.id).orderBy('created_at', 'desc').limit(100));
    const codes: EnrolmentCodeListItem[] = rows.map((r) => ({ createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at, usedByDevice: r.used_by_device }));
    return { codes };
  });

  app.get('/api/enterprises/:id/devices', { schema: { params: enterpriseParams } }, async (req) => {
    const user = requireUser(deps, req, access.readDevices);
    const enterprise = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    return { devices: listDevices(deps, enterprise.id).map(deviceView) };
  });

  app.post('/api/devices/:deviceId/revoke', { schema: { params: z.strictObject({ deviceId: z.string().min(1).max(64) }), body: revokeBodySchema } }, async (req) => {
    const user = requireUser(deps, req, access.manageDevices);
    const device = findDevice(deps, req.params.deviceId);
    if (!device) throw new HttpError(404, 'not-found', 'no such device');
    enterpriseScope(user, device.enterprise_id);
    revokeDevice(deps, device.device_id, req.body.reason);
    req.log.warn({ deviceId: device.device_id, by: user.userId, reason: req.body.reason }, 'device revoked');
    const after = findDevice(deps, device.device_id);
    if (!after) throw new HttpError(404, 'not-found', 'no such device');
    return deviceView(after);
  });

  app.post(
    '/api/devices/enrol',
    { schema: { body: enrolRequestSchema, response: { 200: enrolResponseSchema } }, config: { rateLimit: enrolRateLimit } },
    async (req) => enrolDevice(deps, req.body),
  );
}
