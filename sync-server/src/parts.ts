/** The parts of the server, in the order they are registered. */
import type { ServerPart } from './app.ts';

export const serverParts: readonly ServerPart[] = [];
