// Placeholder until the identity part lands (being written now): refuses everything.
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import type { DevicePrincipal, UserPrincipal } from './guards.ts';
import type { Role } from './roles.ts';

export function authenticateDevice(_deps: AppDeps, _req: FastifyRequest): DevicePrincipal {
  throw new HttpError(401, 'unknown-device', 'device authentication is not written yet');
}

export function authenticateUser(_deps: AppDeps, _req: FastifyRequest, _anyOf: readonly Role[]): UserPrincipal {
  throw new HttpError(401, 'not-signed-in', 'user authentication is not written yet');
}

export function enterpriseScope(user: UserPrincipal, requested: string | null): string {
  if (user.enterpriseId !== null) {
    if (requested !== null && requested !== user.enterpriseId) throw new HttpError(403, 'forbidden', 'another enterprise');
    return user.enterpriseId;
  }
  if (requested === null) throw new HttpError(400, 'enterprise-required', 'name the enterprise');
  return requested;
}
