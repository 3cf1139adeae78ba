/**
 * Reference data kept on the bench PC (schema v2): the enterprise and its authorisation
 * (cached from the server, docs/architecture.md flow 5 "pull reference data"), the meter types
 * of the nameplates, production batches and the meters in them, and certificates.
 *
 * The authorisation is stored in exactly the shape the domain's `canIssue` takes, so the
 * check runs on the cached copy offline with the same rules code as on the server
 * (docs/architecture.md invariants: "the same rules code runs in the browser and on the server").
 */
import type { AccuracyClass, Authorisation, EnterpriseStanding, IsoDate, PenaltyStanding, SerialFormat } from '../domain/index.ts';

/**
 * The enterprise as last pulled from the server; `standing` is its place on the penalty
 * ladder, with the ladder's details (docs/penalties.md): the models a non-conforming sampling
 * blocked, the rectification's deadline, the decision behind the standing and its 文号. The
 * details are absent on a copy cached before they were pulled (read as: none known).
 */
export interface CachedEnterprise extends Partial<Omit<PenaltyStanding, 'standing'>> {
  id: string;
  name: string;
  standing: EnterpriseStanding;
  /** when this copy was pulled (ISO instant): the UI shows how old the cache is */
  fetchedAt: string;
}

/** The domain `Authorisation` (canIssue input) as last pulled from the server. */
export type CachedAuthorisation = Authorisation & { fetchedAt: string };

/**
 * A meter type as the type approval / nameplate states it (docs/rules.md R-METER: "never guessed").
 * The `Meter` of every verification of a batch must equal these fields.
 */
export interface MeterType {
  /** specification / model (规格型号), the key */
  model: string;
  /** instrument name (计量器具名称) */
  name: string;
  dn: number;
  q3M3h: number;
  r: number;
  accuracyClass: AccuracyClass;
  deltaL: number;
  mapMpa: number;
  manufacturer: string;
  /**
   * the type's own serial-number format, checked when a meter is mounted; without it
   * only the characters and length every serial number must have (docs/rules.md R-IDENT)
   */
  serialFormat?: SerialFormat;
}

/**
 * A production batch: the unit of batch statistics, sampling and certificates
 * (docs/rules.md R-BIAS, R-SAMPLING, R-ISSUE).
 */
export interface Batch {
  id: string;
  meterTypeModel: string;
  productionDate: IsoDate;
  createdBy: string;
  createdAt: string;
}

/** A meter, known by its serial number, belongs to one batch for its whole life. */
export interface MeterEntry {
  serial: string;
  batchId: string;
  meterTypeModel: string;
  productionDate: IsoDate;
}

export type CertificateStatus = 'draft' | 'issued' | 'withdrawn';

/**
 * A batch document: a 检定证书 (certificate) for (part of) a batch, listing the passed
 * meters' verification records it covers, or a 检定结果通知书 (notice of verification
 * result) listing the failed meters' records (JJG 162-2019 检定结果的处理: a conforming
 * meter gets a certificate, a non-conforming one a notice).
 */
export interface Certificate {
  id: string;
  batchId: string;
  issuedAt: string | null;
  issuedBy: string | null;
  verificationIds: string[];
  status: CertificateStatus;
  /** 'notice' for a 检定结果通知书; absent for a certificate (every record written before notices existed) */
  document?: 'notice';
  /**
   * `erjian.certificate/1` (docs/records.md "Certificates"): the issuing device, its key and
   * the record chain link, signed. Absent on format-1 certificates, which carry `format: 1`.
   */
  type?: 'erjian.certificate/1';
  alg?: 'ES256';
  kid?: string;
  deviceId?: string;
  recordSeq?: number;
  prevRecordHash?: string;
  /** the reason given for a withdrawal (signed with it) */
  reason?: string;
  format?: 1;
  signature?: string;
}
