/**
 * The sync server's HTTP front: the API under /api/, the built PWA for everything else.
 * Thin by design (docs/architecture.md, house rules: Actual's sync server): validate, store, answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDb, type Db } from './db.ts';
import { health } from './health.ts';
import { serveStatic } from './staticFiles.ts';
import { computeSoftwareId } from '../../web/build/softwareId.ts';
import { defaultProfileRef } from '../../web/build/profileRef.ts';
import { sendError } from './errors.ts';

export interface ServerOptions {
  host: string;
  port: number;
  /** the SQLite file, or ':memory:' */
  dbFile: string;
  /** the built PWA (dist/) */
  staticRoot: string;
}

export interface RunningServer {
  url: string;
  server: Server;
  db: Db;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = openDb(options.dbFile);
  const deps = { db, softwareId: computeSoftwareId(), profile: defaultProfileRef(), startedAt: new Date() };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (path.startsWith('/api/')) {
        if (path === '/api/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(deps, res);
        return sendError(res, 404, 'not-found', `no API route ${req.method ?? ''} ${path}`);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendError(res, 405, 'method-not-allowed', `${req.method ?? ''} is not allowed on ${path}`);
      }
      serveStatic(options.staticRoot, req, res);
    } catch (err) {
      sendError(res, 500, 'internal', err instanceof Error ? err.message : String(err));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    server,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
