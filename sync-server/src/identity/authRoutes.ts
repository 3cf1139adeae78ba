/**
 * Sign-in for people (docs/sync.md "Access", "Sign-in"): POST /api/auth/login, POST
 * /api/auth/logout, GET /api/auth/me. The login route is rate limited per address by
 * @fastify/rate-limit and per username in the database (loginThrottle.ts).
 */
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import type { SessionView } from './api.ts';
import { loginBodySchema } from './api.ts';
import { checkCsrf, sessionOf } from './authenticate.ts';
import { checkNotLocked, clearFailures, recordFailure } from './loginThrottle.ts';
import { burnPasswordTime, verifyPassword } from './password.ts';
import { closeSession, openSession } from './sessions.ts';
import { findUserByName, userView } from './store.ts';

/** Per client address: enough for a person who mistypes, far too few to guess. */
export const loginRateLimit = { max: 10, timeWindow: 60_000 } as const;

export function authRoutes(app: ApiApp, deps: AppDeps): void {
  app.post('/api/auth/login', { schema: { body: loginBodySchema }, config: { rateLimit: loginRateLimit } }, async (req, reply): Promise<SessionView> => {
    const { username, password } = req.body;
    try {
      checkNotLocked(deps, username);
    } catch (err) {
      if (err instanceof HttpError) reply.header('retry-after', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
      throw err;
    }
    const user = findUserByName(deps, username);
    const ok = user && user.disabled_at === null ? await verifyPassword(password, user.password_hash) : (await burnPasswordTime(password), false);
    if (!ok || !user) {
      recordFailure(deps, username);
      req.log.info({ username }, 'sign-in failed');
      throw new HttpError(401, 'login-failed', 'wrong username or password');
    }
    clearFailures(deps, username);
    const { csrfToken, expiresAt } = openSession(deps, reply, user.id);
    req.log.info({ userId: user.id }, 'signed in');
    return { user: userView(user), csrfToken, expiresAt };
  });

  app.post('/api/auth/logout', async (req, reply) => {
    const session = sessionOf(deps, req);
    checkCsrf(req, session.csrfToken);
    closeSession(deps, reply, session.idHash);
    return { status: 'ok' as const };
  });

  app.get('/api/auth/me', async (req): Promise<SessionView> => {
    const session = sessionOf(deps, req);
    const row = findUserByName(deps, session.user.username);
    if (!row) throw new HttpError(401, 'not-signed-in', 'sign in again');
    return { user: userView(row), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  });
}
