/**
 * The Web Lock a running session holds, so that another tab's start-up does not take this
 * live session for one a crash left behind (store/sessions.ts markInterruptedSessions). One
 * holder, one lock: taking a second one while the first is held is refused, and `release`
 * is safe to call any number of times (issue 10 item 10: one teardown path).
 */
import { BenchError } from '../../bench/index.ts';
import { sessionLockName } from '../../store/index.ts';

export class SessionLock {
  private releaseHeld: (() => void) | null = null;
  private name: string | null = null;

  get held(): string | null {
    return this.name;
  }

  /**
   * Resolves once the lock is granted (at once where the browser has no Web Locks); refuses
   * when another window holds it — that window runs the session.
   */
  async acquire(sessionId: string): Promise<void> {
    if (this.name !== null) throw new BenchError('session-state', `the session lock ${this.name} is still held: end that session first`);
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    const name = sessionLockName(sessionId);
    if (!locks) {
      this.name = name;
      return;
    }
    await new Promise<void>((granted, refused) => {
      locks
        .request(name, { ifAvailable: true }, (lock) => {
          if (lock === null) {
            refused(new BenchError('session-in-other-window', `session ${sessionId} is being run in another window`));
            return undefined;
          }
          this.name = name;
          granted();
          return new Promise<void>((release) => (this.releaseHeld = release));
        })
        .catch(refused);
    });
  }

  release(): void {
    this.releaseHeld?.();
    this.releaseHeld = null;
    this.name = null;
  }
}
