/**
 * GET /api/bench-configs (docs/bench-config.md; issue 14 item 1): the latest version of
 * each bench configuration the enterprise's bench PCs pushed, with who saved it and when.
 * Who may read follows identity/access.ts `readDevices` (the devices' own settings): an
 * enterprise admin their own enterprise's devices, whatever they ask (another enterprise
 * named is `403 forbidden`); the regulator, the institute and the admin every enterprise's,
 * or one's with `?enterpriseId=`.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { ApiApp, ServerPart } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/open.ts';
import { all, qb } from '../db/sql.ts';
import { access } from '../identity/access.ts';
import { enterpriseScope, requireUser } from '../identity/guards.ts';

export interface BenchConfigView {
  enterpriseId: string;
  deviceId: string;
  /** the label the device was enrolled with */
  deviceLabel: string | null;
  configId: string;
  version: number;
  name: string;
  /** the configuration as validated (format erjian.bench/1) */
  config: unknown;
  savedAt: string;
  savedBy: string;
  receivedAt: string;
}

/** The latest version of each (device, configuration), for one enterprise or all; by enterprise, device, id. */
export function latestBenchConfigs(db: Db, enterpriseId: string | null): BenchConfigView[] {
  let q = qb
    .selectFrom('bench_configs as c')
    .innerJoin('devices as d', 'd.device_id', 'c.device_id')
    .select(['d.enterprise_id', 'c.device_id', 'd.label', 'c.config_id', 'c.version', 'c.body', 'c.saved_at', 'c.saved_by', 'c.received_at'])
    .where(
      'c.version',
      '=',
      sql<number>`(SELECT MAX(l.version) FROM bench_configs l WHERE l.device_id = c.device_id AND l.config_id = c.config_id)`,
    )
    .orderBy('d.enterprise_id')
    .orderBy('c.device_id')
    .orderBy('c.config_id');
  if (enterpriseId !== null) q = q.where('d.enterprise_id', '=', enterpriseId);
  return all(db, q).map((r) => {
    const config = JSON.parse(r.body) as { name?: unknown };
    return {
      enterpriseId: r.enterprise_id,
      deviceId: r.device_id,
      deviceLabel: r.label,
      configId: r.config_id,
      version: r.version,
      name: typeof config.name === 'string' ? config.name : r.config_id,
      config,
      savedAt: r.saved_at,
      savedBy: r.saved_by,
      receivedAt: r.received_at,
    };
  });
}

export function benchConfigRoutes(app: ApiApp, deps: AppDeps): void {
  app.get(
    '/api/bench-configs',
    { schema: { querystring: z.strictObject({ enterpriseId: z.string().min(1).max(64).optional() }) } },
    (req) => {
      const user = requireUser(deps, req, access.readDevices);
      // An enterprise person is held to their own enterprise; a city-wide one may name one or none.
      const enterpriseId = user.enterpriseId !== null ? enterpriseScope(user, req.query.enterpriseId ?? null) : (req.query.enterpriseId ?? null);
      return { configs: latestBenchConfigs(deps.db, enterpriseId) };
    },
  );
}

export const benchConfigPart: ServerPart = (app, deps) => {
  benchConfigRoutes(app, deps);
};
