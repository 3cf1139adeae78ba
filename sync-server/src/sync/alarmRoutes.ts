/**
 * GET /api/admin/sync/alarms (docs/sync.md "Alarms"): what the ingest raised for a person to
 * look at — a second content for a held line, checkpoint or record, a gap in a record chain,
 * meters left without a verification, two devices' records for one serial. City-wide people
 * (admin, regulator, institute) see every enterprise's, or one's with `?enterpriseId=`; an
 * enterprise admin only their own enterprise's devices, whatever they ask (docs/sync.md
 * "Access": another enterprise named is `403 forbidden`).
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { enterpriseScope, requireUser } from '../identity/guards.ts';
import type { Role } from '../identity/roles.ts';
import { listAlarms } from './alarms.ts';

/** Who reads alarms: the enterprise's admin for its own devices, the city-wide roles for all. */
export const readAlarms: readonly Role[] = ['enterprise-admin', 'institute', 'regulator', 'admin'];

/** A page of the newest alarms; the answer says how many there are in all. */
export const alarmLimit = { default: 200, max: 1000 } as const;

export function alarmRoutes(app: ApiApp, deps: AppDeps): void {
  app.get(
    '/api/admin/sync/alarms',
    {
      schema: {
        querystring: z.strictObject({
          enterpriseId: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(alarmLimit.max).default(alarmLimit.default),
        }),
      },
    },
    (req) => {
      const user = requireUser(deps, req, readAlarms);
      // An enterprise person is held to their own enterprise; a city-wide one may name one or none.
      const enterpriseId = user.enterpriseId !== null ? enterpriseScope(user, req.query.enterpriseId ?? null) : (req.query.enterpriseId ?? null);
      return listAlarms(deps.db, { enterpriseId, limit: req.query.limit });
    },
  );
}
