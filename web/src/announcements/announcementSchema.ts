/**
 * The public announcement (一公开; docs/authorisations.md "Public announcement"): each
 * authorised unit with its certificate, scope, validity and status, and the penalties the
 * regulator published. Exactly these fields: no internal ids, no accounts, no people's names.
 * The server answers through this schema; the page imports only its type (it stays light).
 */
import { z } from 'zod';

const isoDate = z.iso.date();

export const publicStatuses = ['not-yet-valid', 'active', 'suspended', 'expired', 'revoked'] as const;

export const publicAuthorisationSchema = z.strictObject({
  certificateNo: z.string(),
  category: z.string().nullable(),
  scope: z.strictObject({ minDn: z.number(), maxDn: z.number(), categories: z.array(z.string()), models: z.array(z.string()) }),
  validFrom: isoDate,
  validUntil: isoDate,
  status: z.enum(publicStatuses),
  /** the supervising legal metrology institute */
  institute: z.string().nullable(),
});

export const publicPenaltySchema = z.strictObject({
  date: isoDate,
  /** the ladder's event type (domain PenaltyEvent.type) */
  type: z.string(),
  /** what happened, as the regulator published it */
  reason: z.string(),
  /** 文号 */
  reference: z.string().nullable(),
});

export const publicUnitSchema = z.strictObject({
  enterpriseName: z.string(),
  authorisations: z.array(publicAuthorisationSchema),
  penalties: z.array(publicPenaltySchema),
});

export const publicAnnouncementsSchema = z.strictObject({
  /** the server's civil date in Tai'an: the statuses are on this date */
  asOf: isoDate,
  units: z.array(publicUnitSchema),
});

export type PublicAnnouncements = z.infer<typeof publicAnnouncementsSchema>;
export type PublicUnit = z.infer<typeof publicUnitSchema>;
export type PublicAuthorisation = z.infer<typeof publicAuthorisationSchema>;
export type PublicPenalty = z.infer<typeof publicPenaltySchema>;
