/** Kysely row types of the supervision tables (migration 006_supervision.ts). */
import type { Generated } from 'kysely';

export type AuthorisationEventKind = 'registered' | 'renewed' | 'suspended' | 'reinstated' | 'revoked' | 'amended';

export interface AuthorisationEventRow {
  id: Generated<number>;
  authorisation_id: string;
  enterprise_id: string;
  kind: AuthorisationEventKind;
  /** civil date of the decision (YYYY-MM-DD, Asia/Shanghai) */
  decided_on: string;
  reason: string;
  decided_by: string;
  reference: string | null;
  /** JSON: what changed (e.g. the suspension's dates) */
  details: string;
  recorded_by: string;
  recorded_at: string;
}

export interface RenewalRequestRow {
  id: string;
  authorisation_id: string;
  enterprise_id: string;
  requested_by: string;
  requested_at: string;
  note: string;
  status: 'open' | 'granted' | 'refused';
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface PenaltyEventRow {
  id: Generated<number>;
  enterprise_id: string;
  /** the domain's PenaltyEvent as JSON */
  body: string;
  type: string;
  event_date: string;
  published: number;
  recorded_by: string;
  recorded_at: string;
}

export type SamplingStatus = 'seed-published' | 'drawn' | 'concluded';

export interface SamplingRow {
  id: string;
  enterprise_id: string;
  title: string;
  seed: string;
  inspector_seed: string;
  seed_published_at: string;
  published_by: string;
  batch_id: string | null;
  candidates: string | null;
  inspector_candidates: string | null;
  size_basis: 'gbt2828-II' | 'regulator' | null;
  n: number | null;
  selection: string | null;
  inspectors: string | null;
  drawn_at: string | null;
  drawn_by: string | null;
  status: SamplingStatus;
  conclusion: 'conforming' | 'non-conforming' | null;
  concluded_at: string | null;
  concluded_by: string | null;
  penalty_event_id: number | null;
}

export interface SamplingResultRow {
  id: Generated<number>;
  sampling_id: string;
  serial: string;
  source: 'entered' | 'imported';
  input: string;
  verdict: string;
  passed: number;
  profile_id: string;
  profile_version: string;
  correction_of: number | null;
  correction_reason: string | null;
  entered_by: string;
  entered_at: string;
}

export interface RecallMeterEventRow {
  id: Generated<number>;
  recall_id: string;
  serial: string;
  status: 'affected' | 'recalled' | 'replaced';
  note: string;
  by: string;
  at: string;
}

export interface RiskAlertRow {
  id: Generated<number>;
  enterprise_id: string;
  kind: string;
  dedupe_key: string;
  subject: string;
  message: string;
  evidence: string;
  raw_refs: string;
  detected_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_note: string | null;
}

export interface SupervisionTables {
  authorisation_events: AuthorisationEventRow;
  renewal_requests: RenewalRequestRow;
  penalty_events: PenaltyEventRow;
  samplings: SamplingRow;
  sampling_results: SamplingResultRow;
  recall_meter_events: RecallMeterEventRow;
  risk_alerts: RiskAlertRow;
}
