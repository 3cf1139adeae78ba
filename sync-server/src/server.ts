/**
 * Starts the sync server: opens the database, wires the parts, listens. Used by `npm start`
 * (main.ts), by the tests (port 0) and by the load benchmarks.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { AddressInfo } from 'node:net';
import { buildApp, type ServerPart } from './app.ts';
import type { ServerConfig } from './config.ts';
import { openDb, type Db } from './db/open.ts';
import type { AppDeps } from './deps.ts';
import { computeSoftwareId } from '../../web/build/softwareId.ts';
import { defaultProfileRef } from '../../web/build/profileRef.ts';
import { serverParts } from './parts.ts';
import { loadServerKey } from './identity/serverKey.ts';

export interface StartOptions {
  config: ServerConfig;
  clock?: () => Date;
  /** default: every part (parts.ts) */
  parts?: readonly ServerPart[];
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  deps: AppDeps;
  close(): Promise<void>;
}

export async function startServer({ config, clock = () => new Date(), parts = serverParts }: StartOptions): Promise<RunningServer> {
  const db = openDb(config.dbFile);
  const log = pino({ level: config.logLevel });
  const serverKey = await loadServerKey(config.dbFile === ':memory:' ? null : config.dataDir);
  const deps: AppDeps = { db, config, clock, softwareId: computeSoftwareId(), profile: defaultProfileRef(), startedAt: clock(), log, serverKey };
  const { app } = await buildApp({ deps, parts });
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    app,
    db,
    deps,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}
