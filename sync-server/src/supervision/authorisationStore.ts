/**
 * The authorisation register's reads and writes (docs/authorisations.md): the authorisation
 * body (what bench PCs pull, written only through `putAuthorisation` so the pull cursor
 * moves), its dated events, and the renewal requests. Views are computed on the server's
 * civil date in Tai'an (docs/rules.md R-DATE).
 */
import type { AppDeps } from '../deps.ts';
import { all, first, insertId, qb } from '../db/sql.ts';
import type { Selectable } from 'kysely';
import type { AuthorisationEventKind, AuthorisationEventRow, RenewalRequestRow } from '../db/tables/supervision.ts';
import { HttpError } from '../errors.ts';
import { putAuthorisation } from '../identity/reference.ts';
import { authorisationSchema } from '../../../web/src/sync/protocol.ts';
import { compareIsoDate, expiryProblem, pilotDate, renewalOutlook, type Authorisation } from '../../../web/src/domain/index.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import type {
  AuthorisationBody,
  AuthorisationEventView,
  AuthorisationView,
  RenewalRequestView,
} from '../../../web/src/ui/supervision/authorisationProtocol.ts';

/** The server's civil date (Asia/Shanghai): what "today" means for statuses and decisions. */
export function serverToday(deps: AppDeps): string {
  return pilotDate(deps.clock(), defaultProfile);
}

export function readAuthorisation(deps: AppDeps, id: string): AuthorisationBody {
  const row = first(deps.db, qb.selectFrom('authorisations').select('body').where('id', '=', id));
  if (!row) throw new HttpError(404, 'authorisation-not-found', `no authorisation ${JSON.stringify(id)}`);
  const parsed = authorisationSchema.safeParse(JSON.parse(row.body));
  if (!parsed.success) throw new HttpError(500, 'authorisation-unreadable', `the stored authorisation ${id} does not match the schema`);
  return parsed.data;
}

/** 400 `expiry-before-issue` / `expiry-not-validity-period` with the expected date in `details`. */
export function checkExpiry(issuedOn: string, expiresOn: string): void {
  const p = expiryProblem(issuedOn, expiresOn, defaultProfile);
  if (p === null) return;
  const message =
    p.code === 'expiry-before-issue'
      ? `the expiry ${expiresOn} is not after the issue date ${issuedOn}`
      : `the expiry ${expiresOn} is not ${p.years} years after the issue date ${issuedOn} (expected ${p.expected})`;
  throw new HttpError(400, p.code, message, { expected: p.expected });
}

/** 400 `scope-invalid` (min above max) or `scope-outside-pilot` (the pilot is DN15–DN40 cold potable water meters only). */
export function checkScope(scope: AuthorisationBody['scope']): void {
  if (scope.minDn > scope.maxDn) throw new HttpError(400, 'scope-invalid', `DN${scope.minDn} is above DN${scope.maxDn}`);
  const pilot = defaultProfile.pilotScope.value;
  const outside = scope.categories.filter((c) => !pilot.categories.includes(c));
  if (outside.length > 0) throw new HttpError(400, 'scope-outside-pilot', `the pilot covers ${pilot.categories.join(', ')} only, not ${outside.join(', ')}`, { categories: pilot.categories });
  if (scope.minDn < pilot.minDn || scope.maxDn > pilot.maxDn) {
    throw new HttpError(400, 'scope-outside-pilot', `the pilot covers DN${pilot.minDn}–DN${pilot.maxDn}; DN${scope.minDn}–DN${scope.maxDn} is outside it`, { minDn: pilot.minDn, maxDn: pilot.maxDn });
  }
}

/** 409 `certificate-no-taken` when another authorisation already holds this number. */
export function checkCertificateNoFree(deps: AppDeps, certificateNo: string, exceptId: string | null): void {
  const other = first(deps.db, qb.selectFrom('authorisations').select('id').where('certificate_no', '=', certificateNo));
  if (other && other.id !== exceptId) throw new HttpError(409, 'certificate-no-taken', `certificate ${certificateNo} is already registered`);
}

export interface Decision {
  reason: string;
  decidedBy: string;
  decidedOn: string;
  reference: string | null;
}

export function recordEvent(
  deps: AppDeps,
  e: { authorisationId: string; enterpriseId: string; kind: AuthorisationEventKind; decision: Decision; details: Record<string, unknown>; recordedBy: string },
): number {
  return insertId(
    deps.db,
    qb.insertInto('authorisation_events').values({
      authorisation_id: e.authorisationId,
      enterprise_id: e.enterpriseId,
      kind: e.kind,
      decided_on: e.decision.decidedOn,
      reason: e.decision.reason,
      decided_by: e.decision.decidedBy,
      reference: e.decision.reference,
      details: JSON.stringify(e.details),
      recorded_by: e.recordedBy,
      recorded_at: deps.clock().toISOString(),
    }),
  );
}

/** Why a status change cannot apply to an authorisation: the HTTP status and reason code the routes answer with. */
export interface StatusChangeRefusal {
  status: 400 | 409;
  reason: string;
  message: string;
}

/**
 * The authorisation after a suspension, reinstatement or revocation on `on` — or why it
 * cannot apply. One rule for the regulator's decisions (authorisationRoutes) and the ladder's
 * (ladderToRegister), so both change the register alike.
 */
export function statusChange(auth: AuthorisationBody, action: 'suspend' | 'reinstate' | 'revoke', on: string, reason: string, reference: string | null): { ok: true; body: AuthorisationBody } | ({ ok: false } & StatusChangeRefusal) {
  const refuse = (status: 400 | 409, code: string, message: string) => ({ ok: false as const, status, reason: code, message });
  if (auth.revokedOn !== undefined) return refuse(409, 'already-revoked', `authorisation ${auth.id} was revoked on ${auth.revokedOn}; a revocation is final`);
  if (compareIsoDate(on, auth.issuedOn) < 0) return refuse(400, 'date-before-issue', `${on} is before the issue date ${auth.issuedOn}`);
  const suspensions = [...(auth.suspensions ?? [])];
  const open = suspensions.findIndex((s) => s.until === undefined);
  switch (action) {
    case 'suspend':
      if (open >= 0) return refuse(409, 'already-suspended', `authorisation ${auth.id} is suspended since ${suspensions[open]?.from}`);
      if (suspensions.some((s) => s.until !== undefined && compareIsoDate(on, s.until) < 0)) return refuse(400, 'date-before-last-reinstatement', `${on} is inside an earlier suspension`);
      return { ok: true, body: { ...auth, suspensions: [...suspensions, { from: on, reason, ...(reference === null ? {} : { reference }) }] } };
    case 'reinstate': {
      const s = suspensions[open];
      if (open < 0 || s === undefined) return refuse(409, 'not-suspended', `authorisation ${auth.id} is not suspended`);
      if (compareIsoDate(on, s.from) <= 0) return refuse(400, 'date-before-suspension', `the reinstatement ${on} must be after the suspension's start ${s.from}`);
      suspensions[open] = { ...s, until: on };
      return { ok: true, body: { ...auth, suspensions } };
    }
    case 'revoke':
      return { ok: true, body: { ...auth, revokedOn: on, ...(reference === null ? {} : { revokedReference: reference }) } };
  }
}

/** `statusChange`, refused as the routes answer. @throws HttpError with the refusal's status and reason */
export function applyStatusChange(auth: AuthorisationBody, action: 'suspend' | 'reinstate' | 'revoke', on: string, reason: string, reference: string | null): AuthorisationBody {
  const r = statusChange(auth, action, on, reason, reference);
  if (!r.ok) throw new HttpError(r.status, r.reason, r.message);
  return r.body;
}

/** Writes the body (the pull cursor moves, so bench PCs receive it) after checking it parses. */
export function saveAuthorisation(deps: AppDeps, body: AuthorisationBody): void {
  putAuthorisation(deps, authorisationSchema.parse(body));
}

function eventView(r: Selectable<AuthorisationEventRow>): AuthorisationEventView {
  return {
    id: r.id,
    kind: r.kind,
    decidedOn: r.decided_on,
    reason: r.reason,
    decidedBy: r.decided_by,
    reference: r.reference,
    details: JSON.parse(r.details) as Record<string, unknown>,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  };
}

export function renewalView(r: RenewalRequestRow): RenewalRequestView {
  return {
    id: r.id,
    authorisationId: r.authorisation_id,
    enterpriseId: r.enterprise_id,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    note: r.note,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
  };
}

export function readRenewalRequest(deps: AppDeps, id: string): RenewalRequestRow {
  const row = first(deps.db, qb.selectFrom('renewal_requests').selectAll().where('id', '=', id));
  if (!row) throw new HttpError(404, 'renewal-request-not-found', `no renewal request ${JSON.stringify(id)}`);
  return row;
}

/** The register's view of some authorisations (one enterprise's, or all), newest issue first. */
export function authorisationViews(deps: AppDeps, filter: { enterpriseId?: string; ids?: readonly string[] }): AuthorisationView[] {
  let q = qb
    .selectFrom('authorisations')
    .innerJoin('enterprises', 'enterprises.id', 'authorisations.enterprise_id')
    .select(['authorisations.id as id', 'authorisations.body as body', 'enterprises.name as enterpriseName']);
  if (filter.enterpriseId !== undefined) q = q.where('authorisations.enterprise_id', '=', filter.enterpriseId);
  if (filter.ids !== undefined) q = q.where('authorisations.id', 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
  const rows = all(deps.db, q);
  const ids = rows.map((r) => r.id);
  const events = ids.length === 0 ? [] : all(deps.db, qb.selectFrom('authorisation_events').selectAll().where('authorisation_id', 'in', ids).orderBy('id'));
  const requests = ids.length === 0 ? [] : all(deps.db, qb.selectFrom('renewal_requests').selectAll().where('authorisation_id', 'in', ids).orderBy('requested_at'));
  const today = serverToday(deps);
  const views: AuthorisationView[] = [];
  for (const r of rows) {
    const parsed = authorisationSchema.safeParse(JSON.parse(r.body));
    if (!parsed.success) {
      deps.log.error({ authorisationId: r.id }, 'stored authorisation does not match the schema: left out of the register view');
      continue;
    }
    const auth = parsed.data;
    const outlook = renewalOutlook(auth as Authorisation, today, defaultProfile);
    const own = events.filter((e) => e.authorisation_id === r.id).map(eventView);
    const ownRequests = requests.filter((q) => q.authorisation_id === r.id).map(renewalView);
    const renewed = own.find((e) => e.kind === 'renewed');
    views.push({
      authorisation: auth,
      enterpriseName: r.enterpriseName,
      status: outlook.status,
      validFrom: outlook.validFrom,
      validUntil: outlook.validUntil,
      renewalOpensOn: outlook.renewalOpensOn,
      daysUntilWindowOpens: outlook.daysUntilWindowOpens,
      daysUntilExpiry: outlook.daysUntilExpiry,
      windowOpen: outlook.windowOpen,
      canRequestRenewal: outlook.canRequest && renewed === undefined && !ownRequests.some((q) => q.status === 'open'),
      renewedBy: typeof renewed?.details.newAuthorisationId === 'string' ? renewed.details.newAuthorisationId : null,
      events: own,
      renewalRequests: ownRequests,
    });
  }
  return views.sort((a, b) => a.enterpriseName.localeCompare(b.enterpriseName, 'zh-CN') || b.validFrom.localeCompare(a.validFrom) || a.authorisation.id.localeCompare(b.authorisation.id));
}

export function authorisationView(deps: AppDeps, id: string): AuthorisationView {
  const v = authorisationViews(deps, { ids: [id] })[0];
  if (!v) throw new HttpError(404, 'authorisation-not-found', `no authorisation ${JSON.stringify(id)}`);
  return v;
}

/** An authorisation put in by a seed (the demo), with its 'registered' event so the register's history starts with it. */
export function seedAuthorisation(deps: AppDeps, body: AuthorisationBody, decidedBy: string): void {
  saveAuthorisation(deps, body);
  recordEvent(deps, {
    authorisationId: body.id,
    enterpriseId: body.enterpriseId,
    kind: 'registered',
    decision: { reason: '登记授权证书', decidedBy, decidedOn: body.issuedOn, reference: null },
    details: { certificate: body },
    recordedBy: 'seed',
  });
}
