import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';

/** Placeholder: filled by its owner (issue 13). */
export function penaltyRoutes(_app: ApiApp, _deps: AppDeps): void {}
