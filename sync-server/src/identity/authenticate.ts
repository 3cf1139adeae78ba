/**
 * Who is asking (docs/sync.md "Access"): a device by its bearer token, a person by the
 * session cookie and, on every write, the session's CSRF token in `x-csrf-token`. Tokens
 * and session ids are looked up by their SHA-256 only. Synchronous on purpose: a guard
 * never yields, so it runs inside nothing that could interleave.
 */
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { first, qb, run } from '../db/sql.ts';
import type { PublicKeyJwk } from '../../../web/src/sync/protocol.ts';
import type { DevicePrincipal, UserPrincipal } from './guards.ts';
import type { Role } from './roles.ts';
import { sameSecret, sha256Hex } from './secrets.ts';
import { sessionCookie } from './sessions.ts';

/** `last_seen_at` is written at most this often per device (ms), not on every request. */
const lastSeenResolutionMs = 60_000;

function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+([A-Za-z0-9_-]{16,200})\s*$/.exec(header);
  return m?.[1] ?? null;
}

export function authenticateDevice(deps: AppDeps, req: FastifyRequest): DevicePrincipal {
  const token = bearerToken(req);
  if (token === null) throw new HttpError(401, 'unknown-device', 'send the device token as Authorization: Bearer <token>');
  const row = first(deps.db, qb.selectFrom('devices').selectAll().where('token_hash', '=', sha256Hex(token)));
  if (!row) throw new HttpError(401, 'unknown-device', 'no device has this token');
  if (row.status !== 'active') throw new HttpError(403, 'device-revoked', `device ${row.device_id} was revoked: nothing it sends is taken`);
  const now = deps.clock();
  if (row.last_seen_at === null || now.getTime() - Date.parse(row.last_seen_at) >= lastSeenResolutionMs) {
    run(deps.db, qb.updateTable('devices').set({ last_seen_at: now.toISOString() }).where('device_id', '=', row.device_id));
  }
  return {
    deviceId: row.device_id,
    enterpriseId: row.enterprise_id,
    kid: row.kid,
    publicKeyJwk: JSON.parse(row.public_key_jwk) as PublicKeyJwk,
  };
}

/** The signed-in person and their session's CSRF token (for /api/auth/me), or a 401. */
export function sessionOf(deps: AppDeps, req: FastifyRequest): { user: UserPrincipal; csrfToken: string; expiresAt: string; idHash: string } {
  const id = req.cookies[sessionCookie.name];
  if (!id) throw new HttpError(401, 'not-signed-in', 'sign in first');
  const idHash = sha256Hex(id);
  const row = first(
    deps.db,
    qb
      .selectFrom('web_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.csrf_token', 's.expires_at', 'u.id', 'u.username', 'u.enterprise_id', 'u.roles', 'u.disabled_at'])
      .where('s.id_hash', '=', idHash),
  );
  if (!row || row.disabled_at !== null || Date.parse(row.expires_at) <= deps.clock().getTime()) {
    throw new HttpError(401, 'not-signed-in', 'the session has ended: sign in again');
  }
  return {
    user: { userId: row.id, username: row.username, enterpriseId: row.enterprise_id, roles: JSON.parse(row.roles) as Role[] },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    idHash,
  };
}

/** A write must carry the session's CSRF token: a cross-site form cannot read it. */
export function checkCsrf(req: FastifyRequest, csrfToken: string): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !sameSecret(sent, csrfToken)) {
    throw new HttpError(403, 'csrf', 'a write needs the x-csrf-token header of the session');
  }
}

export function authenticateUser(deps: AppDeps, req: FastifyRequest, anyOf: readonly Role[]): UserPrincipal {
  const { user, csrfToken } = sessionOf(deps, req);
  checkCsrf(req, csrfToken);
  if (anyOf.length > 0 && !user.roles.some((r) => anyOf.includes(r))) {
    throw new HttpError(403, 'forbidden', `needs one of the roles ${anyOf.join(', ')}`);
  }
  return user;
}

export function enterpriseScope(user: UserPrincipal, requested: string | null): string {
  if (user.enterpriseId !== null) {
    if (requested !== null && requested !== user.enterpriseId) throw new HttpError(403, 'forbidden', 'another enterprise');
    return user.enterpriseId;
  }
  if (requested === null) throw new HttpError(400, 'enterprise-required', 'name the enterprise');
  return requested;
}
