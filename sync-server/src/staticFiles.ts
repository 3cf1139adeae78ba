/**
 * Serves the built PWA (dist/). Unknown paths without a file extension fall back to
 * index.html (client-side views); a missing asset is a 404, never index.html, so a
 * stale service worker cannot cache HTML under a .js name.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  // application/wasm is required by WebAssembly.instantiateStreaming.
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

function fileIfExists(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad path encoding');
    return;
  }
  const rootNorm = normalize(root + sep);
  const candidate = normalize(join(root, pathname));
  if (!candidate.startsWith(rootNorm) && candidate !== normalize(root)) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden');
    return;
  }
  let file = fileIfExists(candidate) ?? fileIfExists(join(candidate, 'index.html'));
  if (!file && extname(pathname) === '') file = fileIfExists(join(root, 'index.html'));
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  const ext = extname(file);
  const headers: Record<string, string> = { 'content-type': mimeTypes[ext] ?? 'application/octet-stream' };
  // The service worker and the HTML must be revalidated, or an update never arrives;
  // hashed assets under /assets/ never change.
  headers['cache-control'] = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
