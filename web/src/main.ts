/** Entry point of the PWA: the app shell, persistent storage, and the service worker for offline use. */
import './ui/app-shell.ts';
import { registerServiceWorker } from './ui/serviceWorker.ts';
import { requestPersistence } from './ui/storageStatus.ts';

// Ask once at start: the original record must not be evicted (the About panel shows the answer).
void requestPersistence();
registerServiceWorker();
