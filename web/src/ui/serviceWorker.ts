import { Workbox } from 'workbox-window';
import { appStatus, setAppStatus } from './appStatus.ts';

let wb: Workbox | undefined;

/**
 * Registers the precaching service worker so the app reloads without a network.
 * Updates wait for the person (registerType 'prompt' in vite.config.ts): the shell shows
 * a prompt, and a new version is never swapped in under a running session.
 */
export function registerServiceWorker(): Workbox | undefined {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return undefined;
  wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => setAppStatus({ updateWaiting: true }));
  void wb.register();
  return wb;
}

/** Applies the waiting version and reloads — refused while a session runs. */
export function applyUpdate(): boolean {
  if (!wb || appStatus().sessionRunning) return false;
  wb.addEventListener('controlling', () => location.reload());
  wb.messageSkipWaiting();
  return true;
}
