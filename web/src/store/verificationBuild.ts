/**
 * Builds and signs a verification record from what the session hands over, refusing
 * anything that is not re-derivable: the verdict must recompute, unchanged, from the
 * meter record with the named profile (docs/architecture.md invariant "everything derived can
 * be recomputed from raw data and the profile version, and recomputing gives the same
 * answer"). The server runs the same `meterVerdict` on the same record when it syncs.
 *
 * Pure apart from the clock, randomUUID and WebCrypto — no database access — so it runs
 * before the write transaction (an IndexedDB transaction cannot wait for WebCrypto).
 */
import {
  DomainError,
  isoDate,
  meterVerdict,
  pilotDate,
  validUntil,
  type IsoDate,
  type MeterRecord,
  type MeterVerdict,
  type RegulationProfile,
} from '../domain/index.ts';
import { canonicalJson } from './chain.ts';
import { StorageError } from './errors.ts';
import type { RawLineRange, SoftwareRef, UnsignedVerification, VerificationRecord } from './recordTypes.ts';
import { checkFormat1, checkSigned, trustedKey, type Envelope } from './signing.ts';

export interface VerificationInput {
  serial: string;
  batchId: string;
  sessionId: string;
  record: MeterRecord;
  /** the verdict the operator was shown; it must equal the recomputed one */
  verdict: MeterVerdict;
  /**
   * 检定日期; by default the civil date of the record's own `createdAt` in the profile's
   * time zone (docs/rules.md R-DATE). Given explicitly only to re-record a verification
   * made earlier (e.g. an import): then it must not lie after that civil date.
   */
  verificationDate?: IsoDate;
  operator: string;
  /** the profile the verdict was made with; its id + version are stamped on the record */
  profile: RegulationProfile;
  software: SoftwareRef;
  rawLines: readonly RawLineRange[];
  /** for a re-verification: the id of the meter's current record */
  supersedes?: string | null;
  /** why the meter is verified again (required with `supersedes`) */
  reason?: string | null;
}

function invalid(message: string, cause?: unknown): StorageError {
  return new StorageError('invalid-record', message, cause);
}

function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} must be a non-empty string`);
  return value;
}

function requireRanges(ranges: readonly RawLineRange[], deviceId: string): RawLineRange[] {
  if (!Array.isArray(ranges) || ranges.length === 0) {
    throw invalid('rawLines must name at least one range of the original record the runs came from');
  }
  return ranges.map((r, i) => {
    requireText(`rawLines[${i}].deviceId`, r.deviceId);
    // A device signs for its own lines only: another's it cannot bind by hash nor vouch for (docs/records.md "Verifications").
    if (r.deviceId !== deviceId) throw new StorageError('raw-lines-foreign', `rawLines[${i}] names lines of device ${r.deviceId}; a record of ${deviceId} cites its own lines`);
    if (!Number.isInteger(r.fromSeq) || !Number.isInteger(r.toSeq) || r.fromSeq < 1 || r.toSeq < r.fromSeq) {
      throw invalid(`rawLines[${i}] must be whole sequence numbers with 1 ≤ fromSeq ≤ toSeq, got ${r.fromSeq}…${r.toSeq}`);
    }
    return { deviceId: r.deviceId, fromSeq: r.fromSeq, toSeq: r.toSeq };
  });
}

function canonical(field: string, value: unknown): string {
  try {
    return canonicalJson(value);
  } catch (err) {
    throw invalid(`${field} is not JSON-safe (NaN, Infinity or a cycle?)`, err);
  }
}

/** Recomputes the verdict; refuses the input unless it is the same, field for field. */
function recomputedVerdict(input: VerificationInput): MeterVerdict {
  let verdict: MeterVerdict;
  try {
    verdict = meterVerdict(input.record, input.profile);
  } catch (err) {
    if (err instanceof DomainError) throw invalid(`the meter record cannot be evaluated: ${err.message}`, err);
    throw err;
  }
  if (canonical('verdict', input.verdict) !== canonical('recomputed verdict', verdict)) {
    throw new StorageError(
      'verdict-mismatch',
      `the verdict of meter ${input.serial} does not recompute from its record with profile ${input.profile.id} ${input.profile.version}`,
    );
  }
  return verdict;
}

/** A verification before its envelope and chain link (recordVerification.ts adds them, then signs). */
export type VerificationBody = Omit<UnsignedVerification, 'type' | 'alg' | 'kid' | 'recordSeq' | 'prevRecordHash' | 'format'>;

/**
 * Validates the input and returns the record to chain and sign (canonical JSON
 * round-tripped). The cited ranges get their `toHash` when the record is written.
 */
export function buildVerification(input: VerificationInput, deviceId: string, now: Date): VerificationBody {
  requireText('serial', input.serial);
  requireText('batchId', input.batchId);
  requireText('sessionId', input.sessionId);
  requireText('operator', input.operator);
  requireText('software.version', input.software?.version);
  if (!/^[0-9a-f]{64}$/.test(input.software.sha256)) throw invalid('software.sha256 must be 64 lower-case hex digits');
  const today = pilotDate(now, input.profile);
  let date: IsoDate;
  try {
    date = input.verificationDate === undefined ? today : isoDate(input.verificationDate, 'verificationDate');
  } catch (err) {
    throw invalid(`verificationDate must be a calendar date YYYY-MM-DD, got ${JSON.stringify(input.verificationDate)}`, err);
  }
  if (date > today) throw invalid(`verificationDate ${date} lies after the day the record is made (${today} in ${input.profile.timeZone.value})`);
  const supersedes = input.supersedes ?? null;
  const reason = input.reason ?? null;
  if (supersedes !== null) {
    requireText('supersedes', supersedes);
    requireText('reason (why the meter is verified again)', reason);
  }
  const verdict = recomputedVerdict(input);
  const record: VerificationBody = {
    id: crypto.randomUUID(),
    deviceId,
    serial: input.serial,
    batchId: input.batchId,
    sessionId: input.sessionId,
    record: input.record,
    verdict,
    verificationDate: date,
    timeZone: input.profile.timeZone.value,
    validUntil: verdict.passed ? validUntil(date, input.record.meter, input.profile) : null,
    operator: input.operator,
    profile: { id: input.profile.id, version: input.profile.version },
    software: { version: input.software.version, sha256: input.software.sha256 },
    rawLines: requireRanges(input.rawLines, deviceId),
    createdAt: now.toISOString(),
    supersedes,
    reason,
  };
  // What is stored is exactly what is signed: undefined fields dropped, -0 as 0.
  return JSON.parse(canonical('record', record)) as VerificationBody;
}

/**
 * Checks a stored record's signature against a public key (server, auditor): a format-2
 * record as `erjian.verification/2` signed by that key's kid; a format-1 record as it was
 * signed (docs/records.md "Format 1").
 */
export async function verifyVerificationSignature(record: VerificationRecord, publicKeyJwk: JsonWebKey): Promise<boolean> {
  const key = await trustedKey(publicKeyJwk);
  if (record.type === undefined) return checkFormat1(record, key);
  return (await checkSigned(record as VerificationRecord & Envelope, key, 'erjian.verification/2')) === null;
}
