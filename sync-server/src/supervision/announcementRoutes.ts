/**
 * The public announcement (一公开; docs/authorisations.md "Public announcement": each
 * authorised unit's name, category, scope and validity, and the penalties the regulator made
 * public, e.g. a failed rectification — docs/rules.md R-PENALTY). Without a login:
 * - `GET /api/public/announcements` — exactly `publicAnnouncementsSchema`, statuses on the
 *   server's civil date in Tai'an, rate limited per address like the lookup;
 * - `GET /announcements` — the light page (web/announcements.html), never the operator app.
 */
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { all, qb } from '../db/sql.ts';
import { sendPublicPage } from '../lookup/lookupPage.ts';
import { authorisationSchema } from '../../../web/src/sync/protocol.ts';
import { authorisationStatus, authorisationValidity, type Authorisation } from '../../../web/src/domain/index.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { publicAnnouncementsSchema, type PublicAnnouncements, type PublicPenalty, type PublicUnit } from '../../../web/src/announcements/announcementSchema.ts';
import { serverToday } from './authorisationStore.ts';

/** A decision must reach the public soon; a minute of caching spares the server a crowd. */
export const announcementsCacheControl = 'public, max-age=60';

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** The published penalty events' public part: date, what, reason as published, 文号 — never who recorded it. */
function publicPenalty(body: string, eventDate: string, type: string): PublicPenalty {
  let e: Record<string, unknown> = {};
  try {
    e = JSON.parse(body) as Record<string, unknown>;
  } catch {
    // an unreadable body still shows its date and type from the row
  }
  return { date: str(e.date) ?? eventDate, type: str(e.type) ?? type, reason: str(e.reason) ?? '', reference: str(e.reference) };
}

export function publicAnnouncements(deps: AppDeps): PublicAnnouncements {
  const asOf = serverToday(deps);
  const units = new Map<string, PublicUnit>();
  const unit = (enterpriseId: string, name: string): PublicUnit => {
    const u = units.get(enterpriseId) ?? { enterpriseName: name, authorisations: [], penalties: [] };
    units.set(enterpriseId, u);
    return u;
  };
  const auths = all(
    deps.db,
    qb.selectFrom('authorisations').innerJoin('enterprises', 'enterprises.id', 'authorisations.enterprise_id').select(['authorisations.enterprise_id as enterpriseId', 'authorisations.body as body', 'enterprises.name as name']),
  );
  for (const row of auths) {
    const parsed = authorisationSchema.safeParse(JSON.parse(row.body));
    if (!parsed.success) continue;
    const a = parsed.data;
    const v = authorisationValidity(a, defaultProfile);
    unit(row.enterpriseId, row.name).authorisations.push({
      certificateNo: a.certificateNo,
      category: a.category ?? null,
      scope: { minDn: a.scope.minDn, maxDn: a.scope.maxDn, categories: [...a.scope.categories], models: [...(a.scope.models ?? [])] },
      validFrom: v.validFrom,
      validUntil: v.validUntil,
      status: authorisationStatus(a as Authorisation, asOf, defaultProfile),
      institute: a.institute ?? null,
    });
  }
  const penalties = all(
    deps.db,
    qb
      .selectFrom('penalty_events')
      .innerJoin('enterprises', 'enterprises.id', 'penalty_events.enterprise_id')
      .select(['penalty_events.enterprise_id as enterpriseId', 'penalty_events.body as body', 'penalty_events.event_date as eventDate', 'penalty_events.type as type', 'enterprises.name as name'])
      .where('penalty_events.published', '=', 1)
      .orderBy('penalty_events.event_date', 'desc')
      .orderBy('penalty_events.id', 'desc'),
  );
  for (const p of penalties) unit(p.enterpriseId, p.name).penalties.push(publicPenalty(p.body, p.eventDate, p.type));
  const rank = (s: string) => ['active', 'suspended', 'not-yet-valid', 'expired', 'revoked'].indexOf(s);
  const list = [...units.values()];
  for (const u of list) u.authorisations.sort((a, b) => rank(a.status) - rank(b.status) || b.validFrom.localeCompare(a.validFrom));
  list.sort((a, b) => a.enterpriseName.localeCompare(b.enterpriseName, 'zh-CN'));
  return { asOf, units: list };
}


export function announcementRoutes(app: ApiApp, deps: AppDeps): void {
  app.get(
    '/api/public/announcements',
    {
      schema: { response: { 200: publicAnnouncementsSchema } },
      config: { rateLimit: { max: deps.config.lookupRatePerMinute, timeWindow: 60_000 } },
      logLevel: 'warn',
    },
    (_req, reply) => {
      reply.header('cache-control', announcementsCacheControl);
      return publicAnnouncements(deps);
    },
  );
  for (const path of ['/announcements', '/announcements/']) {
    app.get(path, { logLevel: 'warn' }, (_req, reply) => sendPublicPage(deps.config.staticRoot, 'announcements.html', reply));
  }
}
