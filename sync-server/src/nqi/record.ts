/**
 * The record published for one passed meter (docs/nqi.md "The record"): the Annex-2 keys
 * (docs/rules.md R-PUBLIC), the record hash that ties it to the signed original record, the
 * enterprise's authorisation certificate number and the recall notice. Built key by key from
 * the row, never by spreading it, so a column added to `public_meters` cannot leak out.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../web/src/store/chain.ts';
import { annex2Keys } from '../../../web/src/sync/protocol.ts';
import type { Db } from '../db/open.ts';
import { all, qb } from '../db/sql.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import { annex2Of } from '../sync/annex2.ts';
import { recallFor } from '../lookup/publicMeter.ts';

/** The Annex-2 keys, in the pilot plan's order (one list, in the shared protocol module). */
export { annex2Keys };

/** The recall notice naming the meter (docs/recalls.md), or null. */
export interface NqiRecallNotice {
  id: string;
  issued_on: string;
  reason: string;
  action: string;
}

export interface NqiRecord {
  /** our verification id: the record's identity on our side */
  source_id: string;
  /** SHA-256 of the signed verification record (docs/records.md) */
  record_hash: string;
  enterprise_id: string;
  /** 授权证书编号 of the authorisation in force on the verification date, if the server holds it */
  authorisation_certificate_no: string | null;
  instrument_name: string;
  model: string;
  serial: string;
  accuracy_class: string;
  manufacturer: string;
  production_date: string;
  verification_date: string;
  valid_until: string | null;
  conclusion: '合格' | '不合格';
  institution: string;
  recall_notice: NqiRecallNotice | null;
  /** the verification this one replaces on the platform (a re-verification), or null */
  supersedes: string | null;
}

/** The keys reconciliation compares field by field (everything but `supersedes`, which is history). */
export const comparedKeys = [
  'source_id',
  'record_hash',
  'enterprise_id',
  'authorisation_certificate_no',
  ...annex2Keys,
  'recall_notice',
] as const satisfies readonly (keyof NqiRecord)[];

export function buildRecord(db: Db, row: PublicMeterRow, supersedes: string | null): NqiRecord {
  return {
    source_id: row.verification_id,
    record_hash: row.record_hash,
    enterprise_id: row.enterprise_id,
    authorisation_certificate_no: authorisationCertificateNo(db, row.enterprise_id, row.verification_date),
    ...annex2Of(row),
    recall_notice: recallNoticeFor(db, row),
    supersedes,
  };
}

/**
 * The certificate number of the enterprise's authorisation in force on `date` (issued on or
 * before it, not revoked by then; the latest issued wins), or null when the server holds
 * none (docs/rules.md R-AUTH). A body that does not parse counts as not in force.
 */
function authorisationCertificateNo(db: Db, enterpriseId: string, date: string): string | null {
  const rows = all(db, qb.selectFrom('authorisations').select(['certificate_no', 'body']).where('enterprise_id', '=', enterpriseId));
  let best: { no: string; issuedOn: string } | null = null;
  for (const r of rows) {
    let body: { issuedOn?: unknown; revokedOn?: unknown };
    try {
      body = JSON.parse(r.body) as typeof body;
    } catch {
      continue;
    }
    const issuedOn = typeof body.issuedOn === 'string' ? body.issuedOn : null;
    const revokedOn = typeof body.revokedOn === 'string' ? body.revokedOn : null;
    if (issuedOn === null || issuedOn > date || (revokedOn !== null && revokedOn <= date)) continue;
    if (best === null || issuedOn > best.issuedOn) best = { no: r.certificate_no, issuedOn };
  }
  return best?.no ?? null;
}

/**
 * The newest recall naming the meter's serial within its enterprise, whatever the meter's
 * progress in it: the very notice the public lookup shows (lookup/publicMeter.ts `recallFor`,
 * docs/recalls.md "NQI"). Defining a recall queues an update of each affected verification
 * (enqueueUpdate, reason 'recall'), so the platform record gets it.
 */
function recallNoticeFor(db: Db, row: PublicMeterRow): NqiRecallNotice | null {
  const notice = recallFor(db, row.enterprise_id, row.serial);
  return notice ? { id: notice.id, issued_on: notice.issuedOn, reason: notice.reason, action: notice.action } : null;
}

/** RFC 8785 canonical JSON (the store's, web/src/store/chain.ts): the same record is the same bytes on every run. */
export { canonicalJson };

/**
 * The Idempotency-Key of one request (docs/nqi.md "Idempotency"): the verification id and
 * the SHA-256 of what is sent. A retry after a lost answer is the same bytes, so the same
 * key, and the platform answers with the record it already made instead of making a second;
 * a genuine update (a re-verification, a recall notice) is different content, so a new key.
 */
export function idempotencyKey(verificationId: string, op: string, payload: unknown): string {
  const digest = createHash('sha256').update(`${op}\n${canonicalJson(payload)}`).digest('hex');
  return `${verificationId}.${digest.slice(0, 32)}`;
}
