/**
 * Retry schedule of the NQI forwarder (docs/nqi.md "Retries"): exponential backoff with full
 * jitter — the n-th retry waits a uniform random time in [0, min(cap, base·2^(n−1))). Full
 * jitter spreads the retries of many records after an outage instead of sending them in
 * waves. The random source is injected (a seeded PRNG in tests) so a schedule is asserted.
 */
export interface BackoffPolicy {
  /** the first retry's ceiling (ms) */
  baseMs: number;
  /** no wait is longer than this (ms) */
  capMs: number;
  /** attempts before a record becomes a dead letter */
  maxAttempts: number;
}

/** About half a day of retries before a dead letter: an outage of hours needs no admin. */
export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, capMs: 30 * 60_000, maxAttempts: 24 };

/** The wait (ms) after the `attempts`-th failed attempt (1-based); `random` is uniform in [0, 1). */
export function backoffDelay(attempts: number, policy: Pick<BackoffPolicy, 'baseMs' | 'capMs'>, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.floor(random() * ceiling);
}
