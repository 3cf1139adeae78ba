/**
 * Batch certificates (检定证书): reading what a certificate shows, and issuing one.
 *
 * Issuing re-checks the domain's issuance decision (domain `batchIssuance`: cached
 * authorisation, pilot scope, enterprise standing, bench uncertainty ≤ MPE/5, a passed
 * meter) inside the same transaction that writes the certificate, so the certificate is
 * judged on exactly the data it is written with (docs/architecture.md invariant: "no
 * verification can be issued outside the authorisation's scope or validity, or while the
 * enterprise is suspended or revoked").
 *
 * A certificate is never edited (docs/rules.md R-RECORD, like the original record): it is written
 * once with add(). Withdrawing it writes a second, separate record with status
 * 'withdrawn' under the id `<certificate id>.withdrawn` (same batch, same verification
 * ids) and an audit entry with the reason; the issued record stays as it was. A batch has
 * at most one certificate in force; after a withdrawal a new one (next number) may be
 * issued. The issued record and a withdrawal are each queued for sync as a 'certificate'
 * outbox entry in the same transaction, so the server learns which records were certified.
 *
 * The certificate covers the conforming meters only; the batch's failed meters get a
 * 检定结果通知书 (notice of verification result, docs/rules.md R-ISSUE), stored in the same table with
 * `document: 'notice'`, numbered on its own (`<batch>-TZ01`), issued and withdrawn the
 * same way (audit entry + outbox entry in the writing transaction).
 *
 * The day of issue, and so every authorisation check made on it, is the pilot's civil
 * date of the instant (domain `pilotDate`, docs/rules.md R-DATE), never this PC's own.
 */
import { batchIssuance, defaultProfile, pilotDate, type BatchIssuance, type CertificateBlock, type CertificateBlockCode, type IsoDate, type RegulationProfile } from '../domain/index.ts';
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

export type CertificateErrorCode = 'issuance-blocked' | 'certificate-in-force' | 'notice-in-force' | 'unknown-certificate';

/** The domain's blocks that concern the passed meters only: they do not stop a notice for the failed ones. */
type PassedOnlyBlockCode = 'no-meters' | 'no-passed-meter' | 'no-issuable-meter';

export type NoticeBlockCode = Exclude<CertificateBlockCode, PassedOnlyBlockCode> | 'no-failed-meter';

/** Why a notice cannot be issued (the shape of the domain's CertificateBlock). */
export interface NoticeBlock {
  code: NoticeBlockCode;
  message: string;
  detail?: string;
}

/**
 * Why a certificate was not written. Its own class because StorageErrorCode has no
 * issuance codes yet; `blocks` carries every reason of the domain decision.
 */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  constructor(
    readonly code: CertificateErrorCode,
    message: string,
    readonly blocks: (CertificateBlock | NoticeBlock)[] = [],
  ) {
    super(message);
  }
}

function guardedError(err: unknown): Error {
  return err instanceof CertificateError ? err : toStorageError(err);
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

function documentInForce(records: readonly Certificate[], document: Certificate['document']): Certificate | null {
  const own = records.filter((c) => c.document === document);
  const withdrawn = new Set(own.filter((c) => c.status === 'withdrawn').map((c) => c.id.replace(/\.withdrawn$/, '')));
  return own.find((c) => c.status === 'issued' && !withdrawn.has(c.id)) ?? null;
}

/** The certificate in force for the batch: issued and not withdrawn (a notice is not a certificate). */
export function certificateInForce(certificates: readonly Certificate[]): Certificate | null {
  return documentInForce(certificates, undefined);
}

/** The batch's 检定结果通知书 in force: issued and not withdrawn. */
export function noticeInForce(certificates: readonly Certificate[]): Certificate | null {
  return documentInForce(certificates, 'notice');
}

/** The records a certificate issued now lists: the meters the decision lets issue (passed, authorised on their day). */
export function certifiedVerifications(data: Pick<CertificateData, 'verifications'>, decision: BatchIssuance): VerificationRecord[] {
  const issuable = new Set(decision.meters.filter((m) => m.issuable).map((m) => m.serial));
  return data.verifications.filter((v) => issuable.has(v.serial));
}

/**
 * May the batch's notice be issued? The failed meters were verified under the same
 * authorisation and on the same benches as the passed ones, so every block of the domain's
 * decision stands (no authorisation, status or scope on the day, enterprise standing, a
 * bench above MPE/5) except those about passed meters; and there must be a failed meter.
 */
export function noticeIssuance(data: Pick<CertificateData, 'verifications'>, decision: BatchIssuance): { allowed: true } | { allowed: false; blocks: NoticeBlock[] } {
  const passedOnly: readonly CertificateBlockCode[] = ['no-meters', 'no-passed-meter', 'no-issuable-meter'];
  const blocks: NoticeBlock[] = [];
  if (!decision.certificate.allowed) {
    for (const b of decision.certificate.blocks) {
      if (passedOnly.includes(b.code)) continue;
      blocks.push({ ...b, code: b.code as Exclude<CertificateBlockCode, PassedOnlyBlockCode> });
    }
  }
  if (!data.verifications.some((v) => !v.verdict.passed)) blocks.push({ code: 'no-failed-meter', message: 'no meter of the batch failed: there is nothing to notify' });
  return blocks.length === 0 ? { allowed: true } : { allowed: false, blocks };
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
      // the day of issue in Tai'an, whatever this PC's zone (docs/rules.md R-DATE)
      const decision = issuanceOf(data, pilotDate(at, profile), profile);
      if (!decision.certificate.allowed) {
        const blocks = decision.certificate.blocks;
        throw new CertificateError('issuance-blocked', `the certificate cannot be issued: ${blocks.map((b) => b.message).join('; ')}`, blocks);
      }
      const issuedCount = data.certificates.filter((c) => c.status === 'issued' && c.document === undefined).length;
      const certificate: Certificate = {
        id: `${input.batchId}-${String(issuedCount + 1).padStart(2, '0')}`,
        batchId: input.batchId,
        issuedAt: at.toISOString(),
        issuedBy: input.issuedBy,
        // the conforming meters it certifies; the failed ones go on the notice
        verificationIds: certifiedVerifications(data, decision).map((v) => v.id),
        status: 'issued',
      };
      await db.certificates.add(certificate);
      const issued = certificate.verificationIds.length;
      await db.audit.add(
        auditEntry(at, input.issuedBy, 'certificate.issued', certificate.id, {
          batchId: input.batchId,
          meters: data.verifications.length,
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

/** Issues the batch's 检定结果通知书 for its failed meters, or refuses with CertificateError and every reason. */
export async function issueNotice(db: ErjianDb, input: IssueCertificateInput, options: IssueOptions = {}): Promise<Certificate> {
  const at = (options.now ?? (() => new Date()))();
  const profile = options.profile ?? defaultProfile;
  const tables = [db.batches, db.meterTypes, db.verifications, db.sessions, db.enterprise, db.authorisations, db.certificates, db.audit, db.outbox];
  try {
    return await db.transaction('rw', tables, async () => {
      const data = await readCertificateData(db, input.batchId);
      const inForce = noticeInForce(data.certificates);
      if (inForce) throw new CertificateError('notice-in-force', `notice ${inForce.id} is in force for batch ${input.batchId}`);
      const issuance = issuanceOf(data, pilotDate(at, profile), profile);
      const decision = noticeIssuance(data, issuance);
      if (!decision.allowed) {
        throw new CertificateError('issuance-blocked', `the notice cannot be issued: ${decision.blocks.map((b) => b.message).join('; ')}`, decision.blocks);
      }
      const issuedCount = data.certificates.filter((c) => c.status === 'issued' && c.document === 'notice').length;
      const notice: Certificate = {
        id: `${input.batchId}-TZ${String(issuedCount + 1).padStart(2, '0')}`,
        batchId: input.batchId,
        issuedAt: at.toISOString(),
        issuedBy: input.issuedBy,
        verificationIds: data.verifications.filter((v) => !v.verdict.passed).map((v) => v.id),
        status: 'issued',
        document: 'notice',
      };
      await db.certificates.add(notice);
      await db.audit.add(
        auditEntry(at, input.issuedBy, 'notice.issued', notice.id, {
          batchId: input.batchId,
          failed: notice.verificationIds.length,
          authorisation: issuance.authorisation?.id ?? null,
          profile: { id: profile.id, version: profile.version },
          ...(input.software ? { software: input.software } : {}),
        }),
      );
      await db.outbox.add({ kind: 'certificate', recordId: notice.id, createdAt: at.toISOString(), attempts: 0 });
      return notice;
    });
  } catch (err) {
    throw guardedError(err);
  }
}

/** Withdraws a certificate (or a notice) in force: a new 'withdrawn' record and an audit entry; the issued record is untouched. */
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
