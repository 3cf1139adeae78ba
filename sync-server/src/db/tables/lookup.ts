/** Kysely row types of the lookup tables (migration 005_lookup.ts). */

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
