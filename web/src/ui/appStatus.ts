/**
 * Page-wide conditions the shell must show whatever screen is open: a new version waiting,
 * the database upgraded by another tab, and whether a verification session is running
 * (a new version is never applied under a running session).
 */
export interface AppStatus {
  updateWaiting: boolean;
  dbReplaced: boolean;
  sessionRunning: boolean;
}

const status: AppStatus = { updateWaiting: false, dbReplaced: false, sessionRunning: false };
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
