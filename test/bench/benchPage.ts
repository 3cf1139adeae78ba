/**
 * The browser half of the benchmarks: bundle one page entry with Vite into a folder and
 * serve it on 127.0.0.1 (ephemeral port) with the sync server's own static handler, so
 * the .wasm gets application/wasm exactly as in the app.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'vite';
import { serveStatic } from '../../sync-server/src/staticFiles.ts';
import { projectRoot } from '../../web/build/softwareId.ts';

/** Bundles `entry` (relative to the project root) as page.js + index.html titled `title`. */
export async function bundleBenchPage(entry: string, outDir: string, title: string): Promise<void> {
  await build({
    configFile: false,
    root: projectRoot,
    base: './',
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      rolldownOptions: { input: join(projectRoot, entry), output: { entryFileNames: 'page.js', format: 'es' } },
    },
  });
  writeFileSync(join(outDir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>${title}</title><script type="module" src="./page.js"></script>`);
}

export function serveBenchPage(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => serveStatic(dir, req, res));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }));
  });
}
