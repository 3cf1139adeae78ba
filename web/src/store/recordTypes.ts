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
 * the bench was unplugged. Its finished runs stay; the meters are tested again in a new
 * session (nothing is silently resumed).
 */
export type SessionState = 'running' | 'ended' | 'interrupted';

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
  /** ECDSA P-256 / SHA-256 (base64) by the device over the canonical JSON of every other field */
  signature: string;
}

export type UnsignedVerification = Omit<VerificationRecord, 'signature'>;
