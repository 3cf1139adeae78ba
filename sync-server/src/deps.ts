/**
 * What every part of the server is given. Time is an input (docs/architecture.md house
 * rules): nothing on the server reads the wall clock but through `clock`, so tests pin it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db/open.ts';
import type { ServerConfig } from './config.ts';
import type { SoftwareId } from '../../web/build/softwareId.ts';
import type { ProfileRef } from '../../web/build/profileRef.ts';
import type { ServerKey } from './identity/serverKey.ts';

export interface AppDeps {
  db: Db;
  config: ServerConfig;
  clock: () => Date;
  softwareId: Pick<SoftwareId, 'version' | 'sha256'>;
  profile: ProfileRef;
  startedAt: Date;
  log: FastifyBaseLogger;
  /** signs push receipts (identity/serverKey.ts) */
  serverKey: ServerKey;
}
