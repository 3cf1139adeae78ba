/**
 * The identity part of the server (docs/sync.md "Access"): people and their sessions,
 * enterprises, devices and their enrolment, the reference data a PC pulls; the first admin
 * from the configuration, and the demo when it is on.
 */
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { demoPart } from '../demo/demoPart.ts';
import { authRoutes } from './authRoutes.ts';
import { deviceRoutes } from './deviceRoutes.ts';
import { peopleRoutes } from './peopleRoutes.ts';
import { referenceRoutes } from './referenceRoutes.ts';
import { countUsers, createUser } from './store.ts';

/** `--first-admin name:password` (ERJIAN_FIRST_ADMIN): made only when there is no user at all. */
export async function ensureFirstAdmin(deps: AppDeps): Promise<void> {
  const spec = deps.config.firstAdmin;
  if (spec === null || countUsers(deps) > 0) return;
  const colon = spec.indexOf(':');
  const username = colon > 0 ? spec.slice(0, colon) : '';
  const password = colon > 0 ? spec.slice(colon + 1) : '';
  if (!username || password.length < 8) throw new Error('--first-admin must be name:password with a password of at least 8 characters');
  await createUser(deps, { username, displayName: username, password, roles: ['admin'], enterpriseId: null });
  deps.log.info({ username }, 'first admin created');
}

export async function identityPart(app: ApiApp, deps: AppDeps): Promise<void> {
  await ensureFirstAdmin(deps);
  authRoutes(app, deps);
  peopleRoutes(app, deps);
  deviceRoutes(app, deps);
  referenceRoutes(app, deps);
  await demoPart(app, deps);
}
