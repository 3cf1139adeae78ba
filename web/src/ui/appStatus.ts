import type { DeviceNotices, LostDevice } from '../store/index.ts';

/**
 * Page-wide conditions the shell must show whatever screen is open: a new version waiting,
 * the database upgraded by another tab, and whether a verification session is running
 * (a new version is never applied under a running session), and data the browser evicted.
 */
export interface AppStatus {
  updateWaiting: boolean;
  dbReplaced: boolean;
  sessionRunning: boolean;
  /** devices this PC lost (database wiped, key lost) that no admin has acknowledged yet (store/deviceLifecycle.ts) */
  lostDevices: LostDevice[];
  /** the device's key is not the one enrolled, or nothing vouches for it (store/deviceTrust.ts) */
  keyProblem: DeviceNotices['trust'];
}

const status: AppStatus = { updateWaiting: false, dbReplaced: false, sessionRunning: false, lostDevices: [], keyProblem: null };
const target = new EventTarget();

export function appStatus(): Readonly<AppStatus> {
  return status;
}

export function setAppStatus(patch: Partial<AppStatus>): void {
  Object.assign(status, patch);
  target.dispatchEvent(new Event('change'));
}

export function onAppStatus(listener: () => void): () => void {
  target.addEventListener('change', listener);
  return () => target.removeEventListener('change', listener);
}
