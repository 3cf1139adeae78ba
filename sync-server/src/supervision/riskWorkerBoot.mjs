// The risk worker's entry (docs/risk.md "Scan"): a worker thread does not inherit the
// TypeScript loader the server runs under (tsx), so it registers it, then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./riskWorker.ts');
