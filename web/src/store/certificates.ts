/**
 * Batch certificates (检定证书): reading what a certificate shows, and issuing one.
 *
 * Issuing re-checks the domain's issuance decision (domain `batchIssuance`: cached
 * authorisation, pilot scope, enterprise standing, bench uncertainty ≤ MPE/5, a passed
 * meter) inside the same transaction that writes the certificate, so the certificate is
 * judged on exactly the data it is written with (architecture.md invariant: "no
 * verification can be issued outside the authorisation's scope or validity, or while the
 * enterprise is suspended or revoked").
 *
 * A certificate is never edited (domain.md §7, like the original record): it is written
 * once with add(). Withdrawing it writes a second, separate record with status
 * 'withdrawn' under the id `<certificate id>.withdrawn` (same batch, same verification
 * ids) and an audit entry with the reason; the issued record stays as it was. A batch has
 * at most one certificate in force; after a withdrawal a new one (next number) may be
 * issued. The issued record and a withdrawal are each queued for sync as a 'certificate'
 * outbox entry in the same transaction, so the server learns which records were certified.
 */
import { batchIssuance, defaultProfile, type BatchIssuance, type CertificateBlock, type IsoDate, type RegulationProfile } from '../domain/index.ts';
import { auditEntry } from './audit.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import { latestVerifications } from './latestVerifications.ts';
import type { SessionRecord, SoftwareRef, VerificationRecord } from './recordTypes.ts';
import type { Batch, CachedAuthorisation, CachedEnterprise, Certificate, MeterType } from './referenceTypes.ts';

/** Everything a batch certificate shows, read from this PC's database. */
export interface CertificateData {
  batch: Batch;
  meterType: MeterType;
  /** each meter's current verification (superseded ones left out), by serial number */
  verifications: VerificationRecord[];
  /** the sessions those were made in, by id (bench identity and uncertainty) */
  sessions: Map<string, SessionRecord>;
  enterprise: CachedEnterprise | null;
  authorisations: CachedAuthorisation[];
  /** the batch's certificate records, issued and withdrawn */
  certificates: Certificate[];
}

export type CertificateErrorCode = 'issuance-blocked' | 'certificate-in-force' | 'unknown-certificate';

/**
 * Why a certificate was not written. Its own class because StorageErrorCode has no
 * issuance codes yet; `blocks` carries every reason of the domain decision.
 */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  constructor(
    readonly code: CertificateErrorCode,
    message: string,
    readonly blocks: CertificateBlock[] = [],
  ) {
    super(message);
  }
}

function guardedError(err: unknown): Error {
  return err instanceof CertificateError ? err : toStorageError(err);
}

/** The calendar day of `at` on this PC (the day written on the certificate). */
export function localIsoDate(at: Date): IsoDate {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

async function readCertificateData(db: ErjianDb, batchId: string): Promise<CertificateData> {
  const batch = await db.batches.get(batchId);
  if (!batch) throw new StorageError('unknown-batch', `batch ${batchId} is not on this device`);
  const meterType = await db.meterTypes.get(batch.meterTypeModel);
  if (!meterType) throw new StorageError('unknown-meter-type', `meter type ${batch.meterTypeModel} is not on this device`);
  // listed by serial number, as a person looks a meter up on the printed list
  const verifications = (await latestVerifications(db, batchId)).sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
  const sessionIds = [...new Set(verifications.map((v) => v.sessionId))];
  const sessions = new Map<string, SessionRecord>();
  for (const s of await db.sessions.bulkGet(sessionIds)) if (s) sessions.set(s.id, s);
  const enterprise = (await db.enterprise.toCollection().first()) ?? null;
  const authorisations = await db.authorisations.toArray();
  const certificates = await db.certificates.where('batchId').equals(batchId).toArray();
  return { batch, meterType, verifications, sessions, enterprise, authorisations, certificates };
}

/** Reads what the certificate of `batchId` shows. */
export async function loadCertificateData(db: ErjianDb, batchId: string): Promise<CertificateData> {
  try {
    return await db.transaction('r', [db.batches, db.meterTypes, db.verifications, db.sessions, db.enterprise, db.authorisations, db.certificates], () =>
      readCertificateData(db, batchId),
    );
  } catch (err) {
    throw guardedError(err);
  }
}

/** The distinct benches (id + declared uncertainty) of the sessions that verified the batch. */
export function benchesOf(data: Pick<CertificateData, 'verifications' | 'sessions'>): SessionRecord['bench'][] {
  const seen = new Map<string, SessionRecord['bench']>();
  for (const v of data.verifications) {
    const bench = data.sessions.get(v.sessionId)?.bench ?? { id: `session ${v.sessionId}` };
    const key = `${bench.id}\u0000${bench.uRelPct ?? ''}`;
    if (!seen.has(key)) seen.set(key, bench);
  }
  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The domain's issuance decision on this data, on `onDate`. */
export function issuanceOf(data: CertificateData, onDate: IsoDate, profile: RegulationProfile = defaultProfile): BatchIssuance {
  return batchIssuance(
    {
      onDate,
      meterType: { dn: data.meterType.dn, accuracyClass: data.meterType.accuracyClass },
      enterprise: data.enterprise === null ? null : { id: data.enterprise.id, standing: data.enterprise.standing },
      authorisations: data.authorisations,
      benches: benchesOf(data).map((b) => ({ id: b.id, uRelPct: b.uRelPct ?? null })),
      meters: data.verifications.map((v) => ({ serial: v.serial, passed: v.verdict.passed, verificationDate: v.verificationDate })),
    },
    profile,
  );
}

/** The certificate in force for the batch: issued and not withdrawn. */
export function certificateInForce(certificates: readonly Certificate[]): Certificate | null {
  const withdrawn = new Set(certificates.filter((c) => c.status === 'withdrawn').map((c) => c.id.replace(/\.withdrawn$/, '')));
  return certificates.find((c) => c.status === 'issued' && !withdrawn.has(c.id)) ?? null;
}

export interface IssueCertificateInput {
  batchId: string;
  /** the approver who issues it (批准人) */
  issuedBy: string;
  /** stamped into the audit entry (OIML D 31: software id on every certificate) */
  software?: SoftwareRef;
}

export interface IssueOptions {
  now?: () => Date;
  profile?: RegulationProfile;
}

/** Issues the batch certificate, or refuses with CertificateError('issuance-blocked') and every reason. */
export async function issueCertificate(db: ErjianDb, input: IssueCertificateInput, options: IssueOptions = {}): Promise<Certificate> {
  const at = (options.now ?? (() => new Date()))();
  const profile = options.profile ?? defaultProfile;
  const tables = [db.batches, db.meterTypes, db.verifications, db.sessions, db.enterprise, db.authorisations, db.certificates, db.audit, db.outbox];
  try {
    return await db.transaction('rw', tables, async () => {
      const data = await readCertificateData(db, input.batchId);
      const inForce = certificateInForce(data.certificates);
      if (inForce) throw new CertificateError('certificate-in-force', `certificate ${inForce.id} is in force for batch ${input.batchId}`);
      const decision = issuanceOf(data, localIsoDate(at), profile);
      if (!decision.certificate.allowed) {
        const blocks = decision.certificate.blocks;
        throw new CertificateError('issuance-blocked', `the certificate cannot be issued: ${blocks.map((b) => b.message).join('; ')}`, blocks);
      }
      const issuedCount = data.certificates.filter((c) => c.status === 'issued').length;
      const certificate: Certificate = {
        id: `${input.batchId}-${String(issuedCount + 1).padStart(2, '0')}`,
        batchId: input.batchId,
        issuedAt: at.toISOString(),
        issuedBy: input.issuedBy,
        // every record listed on the certificate, passed and failed; which ones were issued
        // (labelled, published) follows from each record's verdict and date
        verificationIds: data.verifications.map((v) => v.id),
        status: 'issued',
      };
      await db.certificates.add(certificate);
      const issued = decision.meters.filter((m) => m.issuable).length;
      await db.audit.add(
        auditEntry(at, input.issuedBy, 'certificate.issued', certificate.id, {
          batchId: input.batchId,
          meters: certificate.verificationIds.length,
          issued,
          authorisation: decision.authorisation?.id ?? null,
          profile: { id: profile.id, version: profile.version },
          ...(input.software ? { software: input.software } : {}),
        }),
      );
      await db.outbox.add({ kind: 'certificate', recordId: certificate.id, createdAt: at.toISOString(), attempts: 0 });
      return certificate;
    });
  } catch (err) {
    throw guardedError(err);
  }
}

/** Withdraws a certificate in force: a new 'withdrawn' record and an audit entry; the issued record is untouched. */
export async function withdrawCertificate(
  db: ErjianDb,
  input: { certificateId: string; by: string; reason: string },
  options: Pick<IssueOptions, 'now'> = {},
): Promise<Certificate> {
  const at = (options.now ?? (() => new Date()))();
  try {
    return await db.transaction('rw', [db.certificates, db.audit, db.outbox], async () => {
      const issued = await db.certificates.get(input.certificateId);
      if (!issued || issued.status !== 'issued') throw new CertificateError('unknown-certificate', `no issued certificate ${input.certificateId}`);
      const withdrawal: Certificate = { ...issued, id: `${issued.id}.withdrawn`, issuedAt: at.toISOString(), issuedBy: input.by, status: 'withdrawn' };
      // add(): a second withdrawal of the same certificate fails on the key (ConstraintError).
      await db.certificates.add(withdrawal);
      await db.audit.add(auditEntry(at, input.by, 'certificate.withdrawn', issued.id, { reason: input.reason }));
      await db.outbox.add({ kind: 'certificate', recordId: withdrawal.id, createdAt: at.toISOString(), attempts: 0 });
      return withdrawal;
    });
  } catch (err) {
    throw guardedError(err);
  }
}
