// ════════════════════════════════════════════════════════════════════════════════════
// TO EVERY ENGINEER WORKING IN PARALLEL ON ISSUE 12: read /work/main/PARALLEL-WORK.md NOW
// (working rules: no git commands that change anything — the lead commits; targeted tests
// only, never `npm test` or `npm run build`; the 05:05 UTC deadline and what to report).
// The lead removes this notice.
// ════════════════════════════════════════════════════════════════════════════════════
/** The parts of the server, in the order they are registered. */
import type { ServerPart } from './app.ts';
import { identityPart } from './identity/part.ts';
import { lookupPart } from './lookup/lookupPart.ts';
import { nqiPart } from './nqi/part.ts';
import { syncPart } from './sync/part.ts';

export const serverParts: readonly ServerPart[] = [identityPart, syncPart, nqiPart(), lookupPart];
