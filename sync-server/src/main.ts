/**
 * `npm start` / `npm run serve`: the sync server on 127.0.0.1, serving the built PWA,
 * with an embedded SQLite file under ./data.
 *
 *   --host H      listen address (default 127.0.0.1)
 *   --port N      port (default 8080, or $PORT)
 *   --data DIR    folder of the SQLite file (default ./data)
 *   --dist DIR    the built PWA (default ./dist)
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './server.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    data: { type: 'string', default: 'data' },
    dist: { type: 'string', default: 'dist' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer 0–65535, got ${values.port}`);
  process.exit(2);
}
const staticRoot = resolve(values.dist);
if (!existsSync(join(staticRoot, 'index.html'))) {
  console.error(`No built app at ${staticRoot}. Run "npm run build" first (npm start does it for you).`);
  process.exit(2);
}

const running = await startServer({ host: values.host, port, dbFile: join(resolve(values.data), 'erjian.sqlite'), staticRoot });
console.log(`erjian sync server: ${running.url}/  (database ${join(values.data, 'erjian.sqlite')})`);

const stop = (): void => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
