/**
 * Who is asking. Every non-public route calls one of these first (docs/sync.md "Access"):
 * a device with its bearer token, or a person with a session cookie (+ the CSRF header on
 * writes). Both throw HttpError (401 / 403) with a stable reason.
 */
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import type { PublicKeyJwk } from '../../../web/src/sync/protocol.ts';
import type { Role } from './roles.ts';
import { authenticateDevice, authenticateUser } from './authenticate.ts';

export interface DevicePrincipal {
  deviceId: string;
  enterpriseId: string;
  /** the key enrolled for the device: the ONLY key its records are checked with */
  kid: string;
  publicKeyJwk: PublicKeyJwk;
}

export interface UserPrincipal {
  userId: string;
  username: string;
  /** null for city-wide people (institute, regulator, admin) */
  enterpriseId: string | null;
  roles: readonly Role[];
}

/** `Authorization: Bearer <device token>`; 401 `unknown-device`, 403 `device-revoked`. */
export function requireDevice(deps: AppDeps, req: FastifyRequest): DevicePrincipal {
  return authenticateDevice(deps, req);
}

/**
 * The session cookie; on a write (not GET/HEAD) also the `x-csrf-token` header. 401
 * `not-signed-in`, 403 `csrf` or `forbidden` (none of `anyOf`). An empty `anyOf` lets any
 * signed-in person through.
 */
export function requireUser(deps: AppDeps, req: FastifyRequest, anyOf: readonly Role[]): UserPrincipal {
  return authenticateUser(deps, req, anyOf);
}

/**
 * The enterprise a person may act on: their own; city-wide roles name one explicitly.
 * 403 `forbidden` when an enterprise person names another enterprise.
 */
export { enterpriseScope } from './authenticate.ts';
