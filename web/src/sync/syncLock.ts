/**
 * One sync at a time, across the tabs of this PC: a Web Lock (`navigator.locks`) where the
 * browser has it; in one JavaScript realm without it (Node in tests), a flag. A second
 * sync asked for while one runs is refused (`busy`) rather than queued: the running one
 * already sends everything.
 */
import { SyncError } from './errors.ts';

export type SyncLock = <T>(work: () => Promise<T>) => Promise<T>;

const LOCK_NAME = 'erjian.sync';
let held = false;

/** The lock of a realm without Web Locks. */
export const inRealmLock: SyncLock = async (work) => {
  if (held) throw new SyncError('busy', 'a sync is already running');
  held = true;
  try {
    return await work();
  } finally {
    held = false;
  }
};

interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/** The Web Lock when there is one; otherwise the in-realm flag. */
export function defaultSyncLock(): SyncLock {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (!locks) return inRealmLock;
  return (work) =>
    locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (lock === null) throw new SyncError('busy', 'a sync is already running (this tab or another)');
      return work();
    });
}
