/** Kysely row types of the nqi tables (migration 004_nqi.ts; docs/nqi.md). */
import type { Generated } from 'kysely';

export type NqiOutboxReason = 'publish' | 'recall' | 'republish';
export type NqiOutboxState = 'pending' | 'sent' | 'dead' | 'skipped';
export type NqiOp = 'create' | 'update' | 'withdraw';

/** One publication to do: a verification to send (or withdraw) on the NQI platform. */
export interface NqiOutboxRow {
  id: number;
  verification_id: string;
  reason: NqiOutboxReason;
  state: NqiOutboxState;
  attempts: number;
  /** ISO instant from the injected clock */
  next_attempt_at: string;
  enqueued_at: string;
  /** frozen at the first attempt (with platform_id, idempotency_key, body) */
  op: NqiOp | null;
  platform_id: string | null;
  idempotency_key: string | null;
  /** the JSON record sent (docs/nqi.md "The record") */
  body: string | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
  done_at: string | null;
  dead_reason: 'refused' | 'exhausted' | null;
}

/** What the platform acknowledged for a verification. */
export interface NqiRecordRow {
  verification_id: string;
  platform_id: string;
  status: 'active' | 'withdrawn';
  idempotency_key: string;
  revision: number;
  acknowledged_at: string;
}

export interface NqiTables {
  nqi_outbox: Omit<NqiOutboxRow, 'id'> & { id: Generated<number> };
  nqi_records: NqiRecordRow;
}
