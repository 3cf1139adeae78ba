/**
 * The penalty ladder's API shapes (docs/penalties.md "API"): the request schema the routes
 * validate with, and the answers the regulator's screen (web/src/ui/supervision/reg-penalties.ts)
 * reads. The web imports the types only.
 */
import { z } from 'zod';
import type { EnterpriseStanding, PenaltyEvent } from '../../../web/src/domain/penaltyLadder.ts';
import type { PenaltyStanding } from '../../../web/src/domain/penaltyStanding.ts';

const isoDate = z.iso.date();
const text = z.string().trim().min(1).max(500);
const key = z.string().trim().min(1).max(200);

/** What every decision says: when, why, who decided, and its 文号 (the bench PC shows it). */
const decision = { date: isoDate, reason: text, decidedBy: z.string().trim().min(1).max(200), reference: key };

/**
 * A decision the regulator records. A non-conforming sampling normally comes from the
 * sampling workflow (samplingStore.ts); recorded here it names the sampling by its id.
 */
export const penaltyEventBodySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('non-conforming-sampling'), ...decision, samplingId: key, model: key, batchId: key.optional(), rectificationDeadline: isoDate.optional() }),
  z.strictObject({ type: z.literal('rectification-passed'), ...decision, model: key.optional() }),
  z.strictObject({ type: z.literal('rectification-failed'), ...decision }),
  z.strictObject({ type: z.literal('authorisation-revoked'), ...decision }),
  z.strictObject({ type: z.literal('new-authorisation'), ...decision, authorisationId: key }),
]);
export type PenaltyEventBody = z.infer<typeof penaltyEventBodySchema>;

/** One recorded event with the step it made and who recorded it when. */
export interface PenaltyEventView {
  id: number;
  event: PenaltyEvent;
  from: EnterpriseStanding;
  to: EnterpriseStanding;
  /** non-conforming samplings counted after it */
  nonConformingSamplings: number;
  /** shown on the public announcement page (一公开) */
  published: boolean;
  recordedBy: string;
  /** the recorder's display name, when the person is known */
  recordedByName: string;
  recordedAt: string;
}

export interface PenaltyLadderView {
  enterprise: { id: string; name: string };
  standing: PenaltyStanding;
  /** oldest first */
  events: PenaltyEventView[];
  /** the enterprise's registered meter types (规格型号): the models a decision can name */
  models: string[];
  /** the server's civil date in Tai'an: decisions are dated on or before it */
  today: string;
}

export interface PenaltyListView {
  enterprises: Array<{ id: string; name: string; standing: PenaltyStanding; events: number }>;
}

export interface RecordedPenaltyView {
  event: PenaltyEventView;
  standing: PenaltyStanding;
}
