import { Workbox } from 'workbox-window';

/**
 * Registers the precaching service worker so the app reloads without a network.
 * Updates wait for the person (registerType 'prompt' in vite.config.ts): a new version
 * is never swapped in under a running session.
 */
export function registerServiceWorker(): Workbox | undefined {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return undefined;
  const wb = new Workbox('/sw.js');
  void wb.register();
  return wb;
}
