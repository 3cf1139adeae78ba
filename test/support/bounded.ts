/**
 * Every wait in a test has a bound of its own and says what did not happen: a busy CI
 * machine then fails with "device-lost after the bench process died did not happen within
 * 10000 ms", not with the runner's anonymous test timeout (or never).
 */

export class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not happen within ${ms} ms`);
    this.name = 'WaitTimeoutError';
  }
}

/** Resolves with `promise`, or rejects with WaitTimeoutError naming `what` after `ms`. */
export function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A promise made from `executor`, bounded as `within` is. */
export function until<T>(what: string, ms: number, executor: (resolve: (value: T) => void, reject: (reason: unknown) => void) => void): Promise<T> {
  return within(what, ms, new Promise<T>(executor));
}
