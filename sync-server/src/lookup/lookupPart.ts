/**
 * The public lookup (docs/lookup.md; docs/rules.md R-PUBLIC): what a meter label's QR code
 * opens. Two things, both without a login:
 * - `GET /api/public/meters/:serial` — exactly `publicMeterSchema` (the Annex-2 keys,
 *   `integrity`, `recall`), rate limited per client address so one phone never notices the
 *   limit and a scraper walking serial numbers does;
 * - `GET /lookup`, `GET /lookup/:serial` — the light lookup page (web/lookup.html), never
 *   the operator app.
 */
import { z } from 'zod';
import { apiErrorSchema, publicMeterSchema } from '../../../web/src/sync/protocol.ts';
import { normaliseSerial } from '../../../web/src/domain/serialNumber.ts';
import type { ServerPart } from '../app.ts';
import { apiError } from '../errors.ts';
import { findPublicMeter } from './publicMeter.ts';
import { sendPublicPage } from './lookupPage.ts';

/**
 * How long a browser or a proxy may reuse an answer. Short, because a meter synced a minute
 * after its owner scanned the label must show up, and a recall must reach the public soon.
 */
export const lookupCacheControl = {
  found: 'public, max-age=60',
  notFound: 'public, max-age=30',
} as const;

/** Search engines must not list meters: a serial is public to the one who holds the label, not a directory. */
const noIndex = 'noindex, nofollow';

export const lookupPart: ServerPart = (app, deps) => {
  app.get(
    '/api/public/meters/:serial',
    {
      schema: {
        params: z.object({ serial: z.string() }),
        response: { 200: publicMeterSchema, 404: apiErrorSchema },
      },
      config: { rateLimit: { max: deps.config.lookupRatePerMinute, timeWindow: 60_000 } },
      // Thousands of anonymous reads a second must not write two log lines each; failures still log.
      logLevel: 'warn',
    },
    (req, reply) => {
      // The label prints the serial as the record keeps it; a person may type it in full-width
      // or lower case: the one spelling is the app's (docs/rules.md R-IDENT).
      const serial = normaliseSerial(req.params.serial);
      const meter = findPublicMeter(deps.db, serial);
      reply.header('x-robots-tag', noIndex);
      if (!meter) {
        reply.code(404).header('cache-control', lookupCacheControl.notFound);
        return apiError('meter-not-found', `no verification information for the meter with serial number ${JSON.stringify(serial)}`);
      }
      reply.header('cache-control', lookupCacheControl.found);
      return meter;
    },
  );

  for (const path of ['/lookup', '/lookup/', '/lookup/:serial']) {
    app.get(path, { logLevel: 'warn' }, (_req, reply) => sendPublicPage(deps.config.staticRoot, 'lookup.html', reply.header('x-robots-tag', noIndex)));
  }
};
