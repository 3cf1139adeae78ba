/** GET /api/health: is the server up, which software and which schema is it running. */
import type { ServerResponse } from 'node:http';
import type { Db } from './db.ts';
import { schemaVersion } from './db.ts';
import type { SoftwareId } from '../../web/build/softwareId.ts';
import type { ProfileRef } from '../../web/build/profileRef.ts';

export interface HealthDeps {
  db: Db;
  softwareId: Pick<SoftwareId, 'version' | 'sha256'>;
  profile: ProfileRef;
  startedAt: Date;
}

export function health(deps: HealthDeps, res: ServerResponse): void {
  const ok = deps.db.prepare('SELECT 1 AS one').get() as { one: number } | undefined;
  const body = {
    status: ok?.one === 1 ? 'ok' : 'degraded',
    software: { name: 'erjian', version: deps.softwareId.version, sha256: deps.softwareId.sha256 },
    profile: deps.profile,
    db: { engine: 'sqlite', schemaVersion: schemaVersion(deps.db) },
    startedAt: deps.startedAt.toISOString(),
  };
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
