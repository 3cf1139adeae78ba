/** Kysely row types of the lookup tables (migration 005_lookup.ts). */
import type { Generated } from 'kysely';

/** A recall notice (docs/lookup.md "Recalls"). */
export interface RecallRow {
  id: string;
  enterprise_id: string;
  /** the civil date the notice was issued (YYYY-MM-DD, Asia/Shanghai) */
  issued_on: string;
  /** why: shown to the public */
  reason: string;
  /** what the owner should do: shown to the public */
  action: string;
  /** server time the notice was stored (ISO instant) */
  created_at: string;
  /** JSON: what defines the recall — {kind:'bench', benchId, from, to} | {kind:'batch', batchId} | {kind:'model', model} (migration 006) */
  scope: Generated<string>;
  /** who defined it (migration 006) */
  created_by: Generated<string>;
}

export type RecallMeterStatus = 'affected' | 'recalled' | 'replaced';

/** A serial a recall names, and how far the recall has got for it. */
export interface RecallMeterRow {
  recall_id: string;
  serial: string;
  status: RecallMeterStatus;
}

export interface LookupTables {
  recalls: RecallRow;
  recall_meters: RecallMeterRow;
}
