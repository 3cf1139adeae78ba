/**
 * Browser sessions (docs/sync.md "Access"): a random id in an HttpOnly, SameSite=Strict
 * cookie, kept on the server as its SHA-256 with an expiry from the injected clock, and a
 * per-session synchronizer token for CSRF.
 */
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { qb, run } from '../db/sql.ts';
import { randomToken, sha256Hex } from './secrets.ts';

/** A working day: a session ends 12 h after sign-in, whatever happens in between. */
export const sessionLifetimeMs = 12 * 3600_000;

export const sessionCookie = { name: 'erjian_session' } as const;

function cookieOptions(deps: AppDeps, maxAgeSeconds: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    // Secure only when the server is reached over https: the demo on http://127.0.0.1 must work.
    secure: deps.config.publicBaseUrl.startsWith('https:'),
    maxAge: maxAgeSeconds,
  };
}

export function openSession(deps: AppDeps, reply: FastifyReply, userId: string): { csrfToken: string; expiresAt: string } {
  const id = randomToken();
  const csrfToken = randomToken();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs).toISOString();
  // ended sessions go at the next sign-in of anyone: the table holds only live ones (and a day's worth)
  run(deps.db, qb.deleteFrom('web_sessions').where('expires_at', '<=', now.toISOString()));
  run(
    deps.db,
    qb.insertInto('web_sessions').values({ id_hash: sha256Hex(id), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt }),
  );
  reply.setCookie(sessionCookie.name, id, cookieOptions(deps, sessionLifetimeMs / 1000));
  return { csrfToken, expiresAt };
}

export function closeSession(deps: AppDeps, reply: FastifyReply, idHash: string): void {
  run(deps.db, qb.deleteFrom('web_sessions').where('id_hash', '=', idHash));
  reply.clearCookie(sessionCookie.name, { ...cookieOptions(deps, 0), maxAge: undefined });
}

/** Every session of a person ends (disabled, password changed). */
export function closeSessionsOf(deps: AppDeps, userId: string): void {
  run(deps.db, qb.deleteFrom('web_sessions').where('user_id', '=', userId));
}
