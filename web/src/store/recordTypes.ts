/**
 * The shapes of sessions, runs and verification records (schema v2). Every derived
 * figure carries what it was derived from — the raw-line range of the original record,
 * the regulation profile id + version and the software identification — so anyone can
 * recompute it and must get the same answer (docs/architecture.md invariants; docs/rules.md R-RECORD).
 */
import type { IsoDate, MeterRecord, MeterVerdict, Run, TestPoint } from '../domain/index.ts';

/** A contiguous range of one device's original record (inclusive at both ends). */
export interface RawLineRange {
  deviceId: string;
  fromSeq: number;
  toSeq: number;
  /**
   * the hash of line `toSeq` when the record was signed (format 2 verifications): binds the
   * cited lines' content to the signed record (docs/records.md "Verifications")
   */
  toHash?: string;
}

/** The bench a session talks to, as it identified itself (and as the operator chose it). */
export interface BenchIdentity {
  /** the bench's own id (asset number or serial), the key for a recall by bench */
  id: string;
  vendor?: string;
  model?: string;
  protocol?: string;
  /** how the bench measures the reference volume (WMB/1 `method=`: weighing, master, volumetric) */
  method?: string;
  /**
   * the bench's expanded relative uncertainty of Va (%), as it declared it (WMB/1 `u_rel=`);
   * it must be ≤ 1/5 of the meter's MPE (JJG 162-2019; docs/rules.md R-UNCERT) and is shown on the certificate
   */
  uRelPct?: number;
}

/**
 * `interrupted`: the session did not end normally — the tab crashed, the power failed,
 * the operator aborted. Its finished runs stay. A person either resumes it on the bench
 * (a signed `resumed` statement: it runs again, only what is still open) or closes it
 * with a reason (`closed`), and its meters are tested again in a new session; nothing is
 * silently resumed (sessionProgress.ts).
 */
export type SessionState = 'running' | 'ended' | 'interrupted' | 'closed';

export interface SessionRecord {
  id: string;
  /** the bench PC installation that ran the session */
  deviceId: string;
  bench: BenchIdentity;
  operator: string;
  startedAt: string;
  endedAt: string | null;
  state: SessionState;
  /** why it was interrupted, when it was */
  interruption: string | null;
  /** who closed an interrupted session, when, and why (state `closed`) */
  closure?: { reason: string; by: string; at: string };
  /**
   * 1: started before sessions were signed (docs/records.md "Format 1"). Later sessions are
   * this row (the state, for queries) plus their signed statements, which the row must match.
   */
  format?: 1;
}

/** A bench field as the driver read it, before interpretation. */
export type RawField = string | number | boolean | null;

/** One finished flow-test run of one meter, stored when the bench reports it complete. */
export interface StoredRun {
  id: string;
  sessionId: string;
  serial: string;
  /** the meter's position on the bench, when the bench has several */
  position: number | null;
  /**
   * The bench's id of the run (WMB/1 `RUN <id>`): the meters run together share it, so a
   * control chart can take the mean of one bench run. Absent on runs stored before it existed.
   */
  benchRunId?: string;
  point: TestPoint;
  /** the bench's fields as received (e.g. `{ vi: '12.345', w: '12.301', t: '20.1' }`) */
  raw: Record<string, RawField>;
  /** the run as the session interpreted it, the input of the domain's `evaluateRun` */
  run: Run;
  /** the lines of the original record this run was read from */
  rawLines: RawLineRange;
  /** the bench or the operator cut the run short: kept in the record, never counted */
  interrupted: boolean;
  completedAt: string;
}

/** Software identification stamped on every record (OIML D 31 §6.2.2; docs/architecture.md invariants). */
export interface SoftwareRef {
  version: string;
  /** lower-case hex SHA-256 of the legally relevant sources */
  sha256: string;
}

export interface ProfileRef {
  id: string;
  version: string;
}

/**
 * The verification of one meter: immutable once written (docs/rules.md R-RECORD:
 * "original records are immutable; corrections are new records that reference the old one"). A
 * re-verification is a new record whose `supersedes` names the one it replaces.
 */
export interface VerificationRecord {
  id: string;
  /** the device that signed it */
  deviceId: string;
  serial: string;
  batchId: string;
  sessionId: string;
  record: MeterRecord;
  verdict: MeterVerdict;
  /** 检定日期: the civil date of `createdAt` in `timeZone` (docs/rules.md R-DATE) */
  verificationDate: IsoDate;
  /** the pilot's time zone the dates are civil dates in (profile `timeZone`); absent on records made before profile 2019.2 */
  timeZone?: string;
  /** 有效期至, from the domain's `validUntil`; null for a meter that did not pass */
  validUntil: IsoDate | null;
  operator: string;
  profile: ProfileRef;
  software: SoftwareRef;
  /** where in the original record(s) the runs came from, one range per device */
  rawLines: RawLineRange[];
  createdAt: string;
  /** the id of the verification this one replaces, or null for a meter's first */
  supersedes: string | null;
  /** why the meter was verified again; required with `supersedes` */
  reason: string | null;
  /**
   * `erjian.verification/2` (docs/records.md "Verifications"): with `alg`, `kid`, `recordSeq`
   * and `prevRecordHash`, all signed. Absent on format-1 records, which carry `format: 1`.
   */
  type?: 'erjian.verification/2';
  alg?: 'ES256';
  kid?: string;
  recordSeq?: number;
  prevRecordHash?: string;
  /** 1: made before records were chained; checked as format 1 (docs/records.md "Format 1") */
  format?: 1;
  /** format 2: ES256, base64url r‖s over the canonical JSON of every other field; format 1: base64 over every other field but `format` */
  signature: string;
}

export type UnsignedVerification = Omit<VerificationRecord, 'signature'>;

/** A verification in the current format: typed, keyed, chained. */
export type ChainedVerification = VerificationRecord & Required<Pick<VerificationRecord, 'type' | 'alg' | 'kid' | 'recordSeq' | 'prevRecordHash'>>;
