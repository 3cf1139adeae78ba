/**
 * The authorisation register's API (docs/authorisations.md "API"): the request bodies as zod
 * schemas, shared by the sync server (validation) and the screens (types), and the views the
 * server answers with. One home, so the two cannot drift.
 */
import { z } from 'zod';
import type { authorisationSchema } from '../../sync/protocol.ts';
import type { AuthorisationStatus } from '../../domain/authorisation.ts';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

/** Who decided, when, why and under which document (文号): every decision carries it. */
export const decisionSchema = z.strictObject({
  reason: text(500),
  /** the person (or the body) who decided; default: the signed-in regulator's display name */
  decidedBy: text(100).optional(),
  /** the civil date of the decision (Asia/Shanghai); default: the server's today, never later */
  decidedOn: isoDate.optional(),
  /** 文号 */
  reference: text(100).optional(),
});

export const scopeSchema = z.strictObject({
  minDn: z.number().int().positive(),
  maxDn: z.number().int().positive(),
  categories: z.array(text(100)).min(1).max(10),
  models: z.array(text(60)).max(50).optional(),
});

/** What the certificate prints (the id is internal; made by the server when absent). */
export const certificateSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/).optional(),
  certificateNo: text(100),
  category: text(100),
  scope: scopeSchema,
  issuedOn: isoDate,
  expiresOn: isoDate,
  institute: text(200),
});

export const registerBodySchema = certificateSchema.extend({
  enterpriseId: z.string().min(1).max(200),
  decision: decisionSchema.partial({ reason: true }).optional(),
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

export const statusActions = ['suspend', 'reinstate', 'revoke'] as const;
export type StatusAction = (typeof statusActions)[number];

/** Suspend / reinstate / revoke: the 文号 is required, the effective date defaults to the decision's. */
export const statusChangeBodySchema = decisionSchema.extend({
  action: z.enum(statusActions),
  reference: text(100),
  /** suspended from / reinstated on / revoked from (civil date); default: decidedOn */
  effectiveOn: isoDate.optional(),
});
export type StatusChangeBody = z.infer<typeof statusChangeBodySchema>;

/** A correction of what the register holds (a typing error, a scope changed by decision). */
export const amendBodySchema = decisionSchema.extend({
  certificateNo: text(100).optional(),
  category: text(100).optional(),
  scope: scopeSchema.optional(),
  issuedOn: isoDate.optional(),
  expiresOn: isoDate.optional(),
  institute: text(200).optional(),
});
export type AmendBody = z.infer<typeof amendBodySchema>;

export const renewalRequestBodySchema = z.strictObject({ note: z.string().trim().max(500).default('') });

/** A grant is a new certificate: a new authorisation (docs/authorisations.md "Renewal"). */
export const grantBodySchema = decisionSchema.extend({
  id: certificateSchema.shape.id,
  certificateNo: text(100),
  issuedOn: isoDate,
  expiresOn: isoDate,
  category: text(100).optional(),
  scope: scopeSchema.optional(),
  institute: text(200).optional(),
});
export type GrantBody = z.infer<typeof grantBodySchema>;

export const refuseBodySchema = decisionSchema;
export type RefuseBody = z.infer<typeof refuseBodySchema>;

export type AuthorisationBody = z.infer<typeof authorisationSchema>;

export type AuthorisationEventKind = 'registered' | 'renewed' | 'suspended' | 'reinstated' | 'revoked' | 'amended';

export interface AuthorisationEventView {
  id: number;
  kind: AuthorisationEventKind;
  decidedOn: string;
  reason: string;
  decidedBy: string;
  reference: string | null;
  /** what changed, e.g. `{ effectiveOn }`, `{ before, after }`, `{ renewalRequestId, newAuthorisationId }` */
  details: Record<string, unknown>;
  /** the account that recorded it */
  recordedBy: string;
  recordedAt: string;
}

export interface RenewalRequestView {
  id: string;
  authorisationId: string;
  enterpriseId: string;
  requestedBy: string;
  requestedAt: string;
  note: string;
  status: 'open' | 'granted' | 'refused';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface AuthorisationView {
  authorisation: AuthorisationBody;
  enterpriseName: string;
  status: AuthorisationStatus;
  validFrom: string;
  validUntil: string;
  renewalOpensOn: string;
  daysUntilWindowOpens: number;
  daysUntilExpiry: number;
  windowOpen: boolean;
  /** the enterprise admin may ask for renewal today (and none is open yet) */
  canRequestRenewal: boolean;
  /** renewed: the authorisation that follows this one */
  renewedBy: string | null;
  events: AuthorisationEventView[];
  renewalRequests: RenewalRequestView[];
}

export interface AuthorisationListResponse {
  /** the server's civil date (Asia/Shanghai) the statuses are on */
  today: string;
  authorisations: AuthorisationView[];
}

export interface GrantResponse {
  request: RenewalRequestView;
  authorisation: AuthorisationView;
}
