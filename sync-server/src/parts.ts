/** The parts of the server, in the order they are registered. */
import type { ServerPart } from './app.ts';
import { benchConfigPart } from './benchConfigs/benchConfigRoutes.ts';
import { identityPart } from './identity/part.ts';
import { lookupPart } from './lookup/lookupPart.ts';
import { nqiPart } from './nqi/part.ts';
import { supervisionPart } from './supervision/part.ts';
import { syncPart } from './sync/part.ts';

export const serverParts: readonly ServerPart[] = [identityPart, syncPart, nqiPart(), lookupPart, supervisionPart, benchConfigPart];
