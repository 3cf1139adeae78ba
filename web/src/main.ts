/** Entry point of the PWA: the app shell, persistent storage, crash recovery and the service worker. */
import './ui/app-shell.ts';
import { appStore } from './ui/appStore.ts';
import { registerServiceWorker } from './ui/serviceWorker.ts';
import { requestPersistence } from './ui/storageStatus.ts';

// Ask once at start: the original record must not be evicted (the About panel shows the answer).
void requestPersistence();
// Opening the store at start marks sessions a crash left running as interrupted, before
// anyone looks at them (store/sessions.ts markInterruptedSessions).
void appStore().catch((err: unknown) => console.error('the database could not be opened', err));
registerServiceWorker();
