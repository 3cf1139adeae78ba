/**
 * `npm start` / `npm run serve`: the sync server on 127.0.0.1:8080, serving the built PWA,
 * with an embedded SQLite file under ./data. Flags and environment: config.ts
 * (--host, --port, --data, --dist, --public-url, --nqi-url, --first-admin, --no-demo, --institution).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, parseConfig } from './config.ts';
import { startServer } from './server.ts';
import { demoBanner } from './demo/demoPart.ts';

let config;
try {
  config = parseConfig(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(2);
}
if (!existsSync(join(config.staticRoot, 'index.html'))) {
  console.error(`No built app at ${config.staticRoot}. Run "npm run build" first (npm start does it for you).`);
  process.exit(2);
}

const running = await startServer({ config });
console.log(`erjian sync server: ${running.url}/  (database ${config.dbFile})`);
const banner = demoBanner(running.deps);
if (banner) console.log(banner);

const stop = (): void => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
