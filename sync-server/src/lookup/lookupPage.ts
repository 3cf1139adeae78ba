/**
 * Sends the built lookup page (dist/lookup.html, the second Vite entry) for every
 * `/lookup…` path: the page reads the serial from its own URL. It is read per request, so
 * a rebuilt dist/ is served without a restart, like the rest of the static files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';

/**
 * The page runs only its own script and talks only to this origin's API: no inline script,
 * no framing (a lookup page inside another site's frame could be dressed up as a forgery).
 */
export const lookupPageCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function sendLookupPage(staticRoot: string, reply: FastifyReply): Promise<FastifyReply> {
  let html: Buffer;
  try {
    html = await readFile(join(staticRoot, 'lookup.html'));
  } catch {
    return reply.code(404).type('text/plain; charset=utf-8').send('the lookup page is not built (dist/lookup.html): run `npm run build`');
  }
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('content-security-policy', lookupPageCsp)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .send(html);
}
