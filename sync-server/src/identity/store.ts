/** Rows of the identity tables, read and written (synchronously, db/sql.ts), and their API views. */
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { all, first, qb, run } from '../db/sql.ts';
import type { DeviceRow, EnterpriseRow, UserRow } from '../db/tables/identity.ts';
import { HttpError } from '../errors.ts';
import type { DeviceView, EnterpriseView, UserView } from './api.ts';
import { readStoredStanding } from '../../../web/src/sync/standing.ts';
import { hashPassword } from './password.ts';
import { cityRoles, type Role } from './roles.ts';

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    enterpriseId: row.enterprise_id,
    roles: JSON.parse(row.roles) as Role[],
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

export function enterpriseView(row: EnterpriseRow): EnterpriseView {
  // the column holds the ladder's body (supervision/penaltyStore.ts) or, on older rows, a plain string
  return { id: row.id, name: row.name, standing: readStoredStanding(row.standing).standing, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function deviceView(row: DeviceRow): DeviceView {
  return {
    deviceId: row.device_id,
    enterpriseId: row.enterprise_id,
    kid: row.kid,
    label: row.label,
    status: row.status,
    enrolledAt: row.enrolled_at,
    enrolledBy: row.enrolled_by,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
    lastSeenAt: row.last_seen_at,
  };
}

export function findEnterprise(deps: AppDeps, id: string): EnterpriseRow | undefined {
  return first(deps.db, qb.selectFrom('enterprises').selectAll().where('id', '=', id));
}

/** The enterprise named in a path, or 404: checked after the scope, so nothing leaks across enterprises. */
export function existingEnterprise(deps: AppDeps, id: string): EnterpriseRow {
  const row = findEnterprise(deps, id);
  if (!row) throw new HttpError(404, 'not-found', `no enterprise ${id}`);
  return row;
}

export function insertEnterprise(deps: AppDeps, e: { id: string; name: string; standing?: EnterpriseView['standing'] }): EnterpriseRow {
  const now = deps.clock().toISOString();
  const row: EnterpriseRow = { id: e.id, name: e.name, standing: JSON.stringify(e.standing ?? 'normal'), created_at: now, updated_at: now };
  run(deps.db, qb.insertInto('enterprises').values(row));
  return row;
}

export function countUsers(deps: AppDeps): number {
  return first(deps.db, qb.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
}

export function findUserByName(deps: AppDeps, username: string): UserRow | undefined {
  return first(deps.db, qb.selectFrom('users').selectAll().where('username', '=', username));
}

export function listUsers(deps: AppDeps, enterpriseId: string | null): UserRow[] {
  let q = qb.selectFrom('users').selectAll().orderBy('username');
  if (enterpriseId !== null) q = q.where('enterprise_id', '=', enterpriseId);
  return all(deps.db, q);
}

/**
 * City-wide roles have no enterprise; enterprise roles need one. A person is one or the
 * other, never both (docs/sync.md "Access", "Roles").
 */
export function checkRolesFit(roles: readonly Role[], enterpriseId: string | null): void {
  const city = roles.filter((r) => cityRoles.includes(r));
  if (city.length > 0 && (enterpriseId !== null || city.length !== roles.length)) {
    throw new HttpError(400, 'roles-invalid', 'institute, regulator and admin are city-wide: no enterprise, no enterprise role');
  }
  if (city.length === 0 && enterpriseId === null) throw new HttpError(400, 'roles-invalid', 'an enterprise role needs an enterprise');
}

export async function createUser(
  deps: AppDeps,
  u: { username: string; displayName: string; password: string; roles: readonly Role[]; enterpriseId: string | null },
): Promise<UserRow> {
  checkRolesFit(u.roles, u.enterpriseId);
  const row: UserRow = {
    id: randomUUID(),
    enterprise_id: u.enterpriseId,
    username: u.username,
    display_name: u.displayName,
    password_hash: await hashPassword(u.password),
    roles: JSON.stringify([...new Set(u.roles)]),
    created_at: deps.clock().toISOString(),
    disabled_at: null,
  };
  if (findUserByName(deps, u.username)) throw new HttpError(409, 'username-taken', `the username ${u.username} is taken`);
  run(deps.db, qb.insertInto('users').values(row));
  return row;
}

export function findDevice(deps: AppDeps, deviceId: string): DeviceRow | undefined {
  return first(deps.db, qb.selectFrom('devices').selectAll().where('device_id', '=', deviceId));
}

export function listDevices(deps: AppDeps, enterpriseId: string): DeviceRow[] {
  return all(deps.db, qb.selectFrom('devices').selectAll().where('enterprise_id', '=', enterpriseId).orderBy('enrolled_at', 'desc'));
}
