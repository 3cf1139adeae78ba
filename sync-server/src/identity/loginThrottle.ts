/**
 * Failed logins per username, in the database (docs/sync.md "Access", "Sign-in"): on top of
 * the per-address limit of the login route, so that guessing one person's password from
 * many addresses is slowed down too. Times from the injected clock.
 */
import type { AppDeps } from '../deps.ts';
import { first, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';

export const loginThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

/** 429 `login-locked` with the seconds to wait (the route sets Retry-After from `details`). */
export function checkNotLocked(deps: AppDeps, username: string): void {
  const row = first(deps.db, qb.selectFrom('login_throttle').selectAll().where('username', '=', username));
  if (!row?.locked_until) return;
  const waitMs = Date.parse(row.locked_until) - deps.clock().getTime();
  if (waitMs > 0) {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new HttpError(429, 'login-locked', `too many failed sign-ins for this name: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

export function recordFailure(deps: AppDeps, username: string): void {
  const now = deps.clock();
  // Forget counts that no longer matter, so names tried once (or made up) do not pile up.
  const stale = new Date(now.getTime() - Math.max(loginThrottleRule.windowMs, loginThrottleRule.lockMs)).toISOString();
  run(deps.db, qb.deleteFrom('login_throttle').where('first_failure_at', '<', stale).where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())])));
  const row = first(deps.db, qb.selectFrom('login_throttle').selectAll().where('username', '=', username));
  const fresh = !row || now.getTime() - Date.parse(row.first_failure_at) > loginThrottleRule.windowMs || row.locked_until !== null;
  const failures = fresh ? 1 : row.failures + 1;
  const values = {
    failures,
    first_failure_at: fresh ? now.toISOString() : row.first_failure_at,
    locked_until: failures >= loginThrottleRule.maxFailures ? new Date(now.getTime() + loginThrottleRule.lockMs).toISOString() : null,
  };
  if (row) run(deps.db, qb.updateTable('login_throttle').set(values).where('username', '=', username));
  else run(deps.db, qb.insertInto('login_throttle').values({ username, ...values }));
}

export function clearFailures(deps: AppDeps, username: string): void {
  run(deps.db, qb.deleteFrom('login_throttle').where('username', '=', username));
}
