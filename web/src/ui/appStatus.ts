/**
 * Page-wide conditions the shell must show whatever screen is open: a new version waiting,
 * the database upgraded by another tab, and whether a verification session is running
 * (a new version is never applied under a running session), and data the browser evicted.
 */
export interface AppStatus {
  updateWaiting: boolean;
  dbReplaced: boolean;
  sessionRunning: boolean;
  /** the device whose database the browser threw away (ui/evictionCheck.ts), if it did */
  lostDeviceId: string | null;
}

const status: AppStatus = { updateWaiting: false, dbReplaced: false, sessionRunning: false, lostDeviceId: null };
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
