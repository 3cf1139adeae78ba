/**
 * Sends a built public page — the lookup (dist/lookup.html) for every `/lookup…` path (the
 * page reads the serial from its own URL), the announcements (dist/announcements.html) — read
 * per request, so a rebuilt dist/ is served without a restart, like the rest of the static
 * files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';

/**
 * The page runs only its own script and talks only to this origin's API: no inline script,
 * no framing (a lookup page inside another site's frame could be dressed up as a forgery).
 */
export const publicPageCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function sendPublicPage(staticRoot: string, file: 'lookup.html' | 'announcements.html', reply: FastifyReply): Promise<FastifyReply> {
  let html: Buffer;
  try {
    html = await readFile(join(staticRoot, file));
  } catch {
    return reply.code(404).type('text/plain; charset=utf-8').send(`the page is not built (dist/${file}): run \`npm run build\``);
  }
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('content-security-policy', publicPageCsp)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .send(html);
}
