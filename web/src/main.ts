/** Entry point of the PWA: the app shell, and the service worker for offline use. */
import './ui/app-shell.ts';
import { registerServiceWorker } from './ui/serviceWorker.ts';

registerServiceWorker();
