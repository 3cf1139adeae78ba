/**
 * The regulator's authorisation register (docs/authorisations.md; docs/rules.md R-AUTH:
 * certificate for 3 years, renewal in the 6 months before expiry): registration, status
 * changes (suspend / reinstate / revoke), amendments, the enterprise's renewal requests and
 * their grant or refusal. Every decision is an `authorisation_events` row with its reason, who
 * decided, the civil date and the 文号; every change of the body goes through
 * `putAuthorisation`, so bench PCs pull it (docs/sync.md "Pull").
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { first, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { access } from '../identity/access.ts';
import { enterpriseScope, requireUser, type UserPrincipal } from '../identity/guards.ts';
import { existingEnterprise } from '../identity/store.ts';
import { compareIsoDate } from '../../../web/src/domain/index.ts';
import {
  amendBodySchema,
  grantBodySchema,
  refuseBodySchema,
  registerBodySchema,
  renewalRequestBodySchema,
  statusChangeBodySchema,
  type AuthorisationBody,
} from '../../../web/src/ui/supervision/authorisationProtocol.ts';
import {
  applyStatusChange,
  authorisationView,
  authorisationViews,
  checkCertificateNoFree,
  checkExpiry,
  checkScope,
  readAuthorisation,
  readRenewalRequest,
  recordEvent,
  renewalView,
  saveAuthorisation,
  serverToday,
  type Decision,
} from './authorisationStore.ts';

const idParam = z.object({ id: z.string().min(1).max(200) });

function displayName(deps: AppDeps, user: UserPrincipal): string {
  return first(deps.db, qb.selectFrom('users').select('display_name').where('id', '=', user.userId))?.display_name ?? user.username;
}

/** The decision's fields with their defaults; 400 `decided-in-future` for a date after the server's today. */
function decision(deps: AppDeps, user: UserPrincipal, d: { reason?: string | undefined; decidedBy?: string | undefined; decidedOn?: string | undefined; reference?: string | undefined }, defaultReason: string): Decision {
  const today = serverToday(deps);
  const decidedOn = d.decidedOn ?? today;
  if (compareIsoDate(decidedOn, today) > 0) throw new HttpError(400, 'decided-in-future', `the decision date ${decidedOn} is after today (${today}, Tai'an)`);
  return { reason: d.reason ?? defaultReason, decidedBy: d.decidedBy ?? displayName(deps, user), decidedOn, reference: d.reference ?? null };
}

function newAuthorisationId(deps: AppDeps, wanted: string | undefined): string {
  const id = wanted ?? `auth-${crypto.randomUUID()}`;
  if (first(deps.db, qb.selectFrom('authorisations').select('id').where('id', '=', id))) throw new HttpError(409, 'exists', `authorisation ${id} already exists`);
  return id;
}

/** The optional fields of the body, only when given (older bodies stay valid without them). */
function withOptional(base: AuthorisationBody, extra: { category?: string | undefined; expiresOn?: string | undefined; institute?: string | undefined }): AuthorisationBody {
  return {
    ...base,
    ...(extra.category !== undefined ? { category: extra.category } : {}),
    ...(extra.expiresOn !== undefined ? { expiresOn: extra.expiresOn } : {}),
    ...(extra.institute !== undefined ? { institute: extra.institute } : {}),
  };
}

export function authorisationRoutes(app: ApiApp, deps: AppDeps): void {
  /** The register: city-wide people see every enterprise (or one, `?enterpriseId=`); enterprise people their own. */
  app.get('/api/supervision/authorisations', { schema: { querystring: z.object({ enterpriseId: z.string().min(1).max(200).optional() }) } }, async (req) => {
    const user = requireUser(deps, req, access.readSupervision);
    const wanted = req.query.enterpriseId ?? null;
    const enterpriseId = user.enterpriseId !== null || wanted !== null ? enterpriseScope(user, wanted) : undefined;
    return { today: serverToday(deps), authorisations: authorisationViews(deps, enterpriseId === undefined ? {} : { enterpriseId }) };
  });

  app.post('/api/supervision/authorisations', { schema: { body: registerBodySchema } }, async (req, reply) => {
    const user = requireUser(deps, req, access.decideAuthorisations);
    const b = req.body;
    const e = existingEnterprise(deps, b.enterpriseId);
    checkExpiry(b.issuedOn, b.expiresOn);
    checkScope(b.scope);
    const d = decision(deps, user, b.decision ?? {}, '登记授权证书');
    let id = '';
    deps.db.transaction(() => {
      id = newAuthorisationId(deps, b.id);
      checkCertificateNoFree(deps, b.certificateNo, null);
      const body = withOptional({ id, enterpriseId: e.id, certificateNo: b.certificateNo, issuedOn: b.issuedOn, scope: b.scope }, b);
      saveAuthorisation(deps, body);
      recordEvent(deps, { authorisationId: id, enterpriseId: e.id, kind: 'registered', decision: d, details: { certificate: body }, recordedBy: user.username });
    })();
    reply.code(201);
    return authorisationView(deps, id);
  });

  app.post('/api/supervision/authorisations/:id/status', { schema: { params: idParam, body: statusChangeBodySchema } }, async (req) => {
    const user = requireUser(deps, req, access.decideAuthorisations);
    const d = decision(deps, user, req.body, '');
    const on = req.body.effectiveOn ?? d.decidedOn;
    const kind = ({ suspend: 'suspended', reinstate: 'reinstated', revoke: 'revoked' } as const)[req.body.action];
    deps.db.transaction(() => {
      const auth = readAuthorisation(deps, req.params.id);
      const next = applyStatusChange(auth, req.body.action, on, d.reason, d.reference);
      saveAuthorisation(deps, next);
      recordEvent(deps, { authorisationId: auth.id, enterpriseId: auth.enterpriseId, kind, decision: d, details: { effectiveOn: on }, recordedBy: user.username });
    })();
    return authorisationView(deps, req.params.id);
  });

  app.post('/api/supervision/authorisations/:id/amend', { schema: { params: idParam, body: amendBodySchema } }, async (req) => {
    const user = requireUser(deps, req, access.decideAuthorisations);
    const b = req.body;
    const d = decision(deps, user, b, '');
    deps.db.transaction(() => {
      const before = readAuthorisation(deps, req.params.id);
      const after = withOptional(
        { ...before, certificateNo: b.certificateNo ?? before.certificateNo, issuedOn: b.issuedOn ?? before.issuedOn, scope: b.scope ?? before.scope },
        b,
      );
      if (after.expiresOn !== undefined) checkExpiry(after.issuedOn, after.expiresOn);
      checkScope(after.scope);
      if (after.certificateNo !== before.certificateNo) checkCertificateNoFree(deps, after.certificateNo, before.id);
      saveAuthorisation(deps, after);
      recordEvent(deps, { authorisationId: before.id, enterpriseId: before.enterpriseId, kind: 'amended', decision: d, details: { before, after }, recordedBy: user.username });
    })();
    return authorisationView(deps, req.params.id);
  });

  /** The enterprise admin asks for renewal: only while `canRequestRenewal` on the server's today, one open request at a time. */
  app.post('/api/supervision/authorisations/:id/renewal-requests', { schema: { params: idParam, body: renewalRequestBodySchema } }, async (req, reply) => {
    const user = requireUser(deps, req, access.requestRenewal);
    const view = authorisationView(deps, req.params.id);
    enterpriseScope(user, view.authorisation.enterpriseId);
    if (view.renewedBy !== null) throw new HttpError(409, 'already-renewed', `authorisation ${view.authorisation.id} was already renewed`);
    if (view.renewalRequests.some((r) => r.status === 'open')) throw new HttpError(409, 'renewal-already-requested', 'a renewal request is already waiting for the regulator');
    if (view.status !== 'active') {
      throw new HttpError(409, `renewal-not-allowed-${view.status}`, `renewal cannot be requested for an authorisation that is ${view.status}`, { status: view.status });
    }
    if (!view.windowOpen) {
      throw new HttpError(409, 'renewal-window-not-open', `renewal can be requested from ${view.renewalOpensOn} (in ${view.daysUntilWindowOpens} days)`, { renewalOpensOn: view.renewalOpensOn });
    }
    const row = {
      id: `renewal-${crypto.randomUUID()}`,
      authorisation_id: view.authorisation.id,
      enterprise_id: view.authorisation.enterpriseId,
      requested_by: user.username,
      requested_at: deps.clock().toISOString(),
      note: req.body.note,
      status: 'open' as const,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
    };
    run(deps.db, qb.insertInto('renewal_requests').values(row));
    reply.code(201);
    return renewalView(row);
  });

  /**
   * A grant is a new certificate, hence a new authorisation (its own number and dates); the
   * old one keeps its history and its validity for the records verified under it.
   */
  app.post('/api/supervision/renewal-requests/:id/grant', { schema: { params: idParam, body: grantBodySchema } }, async (req) => {
    const user = requireUser(deps, req, access.decideAuthorisations);
    const b = req.body;
    const d = decision(deps, user, b, '');
    checkExpiry(b.issuedOn, b.expiresOn);
    const today = serverToday(deps);
    let newId = '';
    deps.db.transaction(() => {
      const request = readRenewalRequest(deps, req.params.id);
      if (request.status !== 'open') throw new HttpError(409, 'renewal-request-decided', `the request was already ${request.status}`);
      const old = readAuthorisation(deps, request.authorisation_id);
      if (old.revokedOn !== undefined) throw new HttpError(409, 'already-revoked', `authorisation ${old.id} was revoked on ${old.revokedOn}`);
      if (compareIsoDate(b.issuedOn, old.issuedOn) <= 0) throw new HttpError(400, 'renewal-issued-before-old', `the new certificate must be issued after ${old.issuedOn}`);
      // Bench PCs take the latest-issued authorisation as the one in force (docs/authorisations.md "Renewal"):
      // a new one dated in the future would block issuance until that day.
      if (compareIsoDate(b.issuedOn, today) > 0) throw new HttpError(400, 'renewal-issued-in-future', `the new certificate's issue date ${b.issuedOn} is after today (${today})`);
      const scope = b.scope ?? old.scope;
      checkScope(scope);
      newId = newAuthorisationId(deps, b.id);
      // an extension may keep the old certificate's number (延长有效期); no other may be taken
      checkCertificateNoFree(deps, b.certificateNo, old.id);
      const body = withOptional(
        { id: newId, enterpriseId: old.enterpriseId, certificateNo: b.certificateNo, issuedOn: b.issuedOn, scope },
        { category: b.category ?? old.category, expiresOn: b.expiresOn, institute: b.institute ?? old.institute },
      );
      saveAuthorisation(deps, body);
      recordEvent(deps, { authorisationId: old.id, enterpriseId: old.enterpriseId, kind: 'renewed', decision: d, details: { renewalRequestId: request.id, newAuthorisationId: newId, newCertificateNo: b.certificateNo }, recordedBy: user.username });
      recordEvent(deps, { authorisationId: newId, enterpriseId: old.enterpriseId, kind: 'registered', decision: d, details: { renewalOf: old.id, renewalRequestId: request.id, certificate: body }, recordedBy: user.username });
      run(deps.db, qb.updateTable('renewal_requests').set({ status: 'granted', decided_by: d.decidedBy, decided_at: deps.clock().toISOString(), decision_reason: d.reason }).where('id', '=', request.id));
    })();
    return { request: renewalView(readRenewalRequest(deps, req.params.id)), authorisation: authorisationView(deps, newId) };
  });

  app.post('/api/supervision/renewal-requests/:id/refuse', { schema: { params: idParam, body: refuseBodySchema } }, async (req) => {
    const user = requireUser(deps, req, access.decideAuthorisations);
    const d = decision(deps, user, req.body, '');
    deps.db.transaction(() => {
      const request = readRenewalRequest(deps, req.params.id);
      if (request.status !== 'open') throw new HttpError(409, 'renewal-request-decided', `the request was already ${request.status}`);
      run(deps.db, qb.updateTable('renewal_requests').set({ status: 'refused', decided_by: d.decidedBy, decided_at: deps.clock().toISOString(), decision_reason: d.reason }).where('id', '=', request.id));
    })();
    return renewalView(readRenewalRequest(deps, req.params.id));
  });
}

