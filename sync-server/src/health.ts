/** GET /api/health: is the server up, which software and which schema is it running. */
import type { AppDeps } from './deps.ts';
import { schemaVersion } from './db/open.ts';

export function healthBody(deps: Pick<AppDeps, 'db' | 'softwareId' | 'profile' | 'startedAt'>) {
  const ok = deps.db.prepare('SELECT 1 AS one').get() as { one: number } | undefined;
  return {
    status: ok?.one === 1 ? 'ok' : 'degraded',
    software: { name: 'erjian', version: deps.softwareId.version, sha256: deps.softwareId.sha256 },
    profile: deps.profile,
    db: { engine: 'sqlite', schemaVersion: schemaVersion(deps.db) },
    startedAt: deps.startedAt.toISOString(),
  };
}
