/**
 * The recall API's shapes (docs/recalls.md): the request schemas the routes validate with,
 * and the answers the screens (web/src/ui/supervision/admin-recalls.ts, reg-recalls.ts)
 * read. The web imports the types only.
 */
import { z } from 'zod';

const isoDate = z.iso.date();
const key = z.string().trim().min(1).max(200);

/**
 * What defines a recall (docs/recalls.md "Scope"). A bench window is two Tai'an civil dates,
 * both included, matched against the verification date of each record whose session ran on
 * the bench.
 */
export const recallScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bench'), benchId: key, from: isoDate, to: isoDate }),
  z.strictObject({ kind: z.literal('batch'), batchId: key }),
  z.strictObject({ kind: z.literal('model'), model: key }),
]);
export type RecallScope = z.infer<typeof recallScopeSchema>;

export const recallPreviewBodySchema = z.strictObject({ scope: recallScopeSchema });

export const recallDefineBodySchema = z.strictObject({
  scope: recallScopeSchema,
  /** why: shown to the public on the lookup page and sent to the NQI platform */
  reason: z.string().trim().min(2).max(500),
  /** what the owner should do: shown to the public */
  action: z.string().trim().min(2).max(500),
});

export const recallMarkBodySchema = z.strictObject({
  /** 'affected' is accepted by the schema and always refused: a mark never goes back */
  status: z.enum(['affected', 'recalled', 'replaced']),
  note: z.string().trim().max(500).default(''),
});

export type RecallMeterStatus = 'affected' | 'recalled' | 'replaced';

/** One meter a recall would name or names: its current passed verification. */
export interface RecallCandidate {
  serial: string;
  verificationId: string;
  batchId: string;
  model: string;
  /** civil date (Asia/Shanghai) */
  verificationDate: string;
}

export interface RecallPreview {
  enterpriseId: string;
  scope: RecallScope;
  /** every meter the scope names */
  count: number;
  /** the first `previewListLimit` of them, by serial */
  meters: RecallCandidate[];
}

export const previewListLimit = 500;

export interface RecallProgress {
  affected: number;
  recalled: number;
  replaced: number;
  total: number;
}

export interface RecallSummary {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  issuedOn: string;
  reason: string;
  action: string;
  scope: RecallScope;
  createdAt: string;
  createdBy: { id: string; name: string };
  progress: RecallProgress;
}

export interface RecallMeterEventView {
  status: RecallMeterStatus;
  note: string;
  by: { id: string; name: string };
  /** server time (ISO instant) */
  at: string;
}

export interface RecallMeterView {
  serial: string;
  status: RecallMeterStatus;
  /** oldest first; the first is the listing at the recall's definition */
  history: RecallMeterEventView[];
}

/** Which of a recall's meters one answer holds: a status, a part of the serial, a page. */
export const recallDetailQuerySchema = z.strictObject({
  status: z.enum(['affected', 'recalled', 'replaced']).optional(),
  /** a part of the serial (case as printed) */
  serial: z.string().trim().min(1).max(64).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RecallDetailQuery = z.infer<typeof recallDetailQuerySchema>;

export interface RecallDetail extends RecallSummary {
  /** this page of the meters that match the query, by serial */
  meters: RecallMeterView[];
  /** how many meters match the query (all pages) */
  page: { offset: number; limit: number; matching: number };
}

/** What a recall can be defined by, for the screens' pickers: what the enterprise's current passed records name. */
export interface RecallScopeChoices {
  benches: { id: string; name: string }[];
  batches: { id: string; model: string; meters: number }[];
  models: { model: string; meters: number }[];
}
