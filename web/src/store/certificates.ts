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
 * ids, the reason) and an audit entry with the reason; the issued record stays as it was.
 * Each is signed and chained per device (`erjian.certificate/1`, docs/records.md
 * "Certificates"), and a number is never given twice, not even after a withdrawal. A batch has
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
import {
  batchIssuance,
  defaultProfile,
  pilotDate,
  type BatchIssuance,
  type CertificateBlock,
  type CertificateBlockCode,
  type EnterpriseStandingInput,
  type IsoDate,
  type RegulationProfile,
} from '../domain/index.ts';
import type { Table } from 'dexie';
import { auditEntry } from './audit.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import { latestVerifications } from './latestVerifications.ts';
import { appendChained } from './recordChain.ts';
import { signingDevice } from './sessionStatements.ts';
import type { SessionRecord, SoftwareRef, VerificationRecord } from './recordTypes.ts';
import type { Batch, CachedAuthorisation, CachedEnterprise, Certificate, MeterType } from './referenceTypes.ts';
import type { AuditEntry } from './types.ts';

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

/** Why a notice cannot be issued (the shape of the domain's CertificateBlock, with its decision when a decision blocks it). */
export interface NoticeBlock extends Pick<CertificateBlock, 'decision' | 'model' | 'deadline'> {
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

/** The cached enterprise as the domain's issuance decision takes it (the ladder's details when pulled). */
function enterpriseStandingOf(e: CachedEnterprise): { id: string } & EnterpriseStandingInput {
  return {
    id: e.id,
    standing: e.standing,
    ...(e.blockedModels === undefined ? {} : { blockedModels: e.blockedModels }),
    ...(e.lastDecision === undefined ? {} : { lastDecision: e.lastDecision }),
    ...(e.rectificationDeadline === undefined ? {} : { rectificationDeadline: e.rectificationDeadline }),
  };
}

/** The domain's issuance decision on this data, on `onDate`. */
export function issuanceOf(data: CertificateData, onDate: IsoDate, profile: RegulationProfile = defaultProfile): BatchIssuance {
  return batchIssuance(
    {
      onDate,
      // the model: a model blocked by a non-conforming sampling gets no certificate (docs/rules.md R-PENALTY)
      meterType: { dn: data.meterType.dn, accuracyClass: data.meterType.accuracyClass, model: data.meterType.model },
      enterprise: data.enterprise === null ? null : enterpriseStandingOf(data.enterprise),
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

/**
 * The next number of a batch's certificate (`<batch>-NN`) or notice (`<batch>-TZNN`): one
 * past every number of the batch on this PC, and past any number the record chain has ever
 * held — a number is never given twice, not even after its record was withdrawn or its row
 * removed (docs/records.md "Certificates"). Inside a transaction over certificates and the chain.
 */
async function nextDocumentId(db: ErjianDb, batchId: string, records: readonly Certificate[], document: Certificate['document']): Promise<string> {
  const prefix = document === 'notice' ? `${batchId}-TZ` : `${batchId}-`;
  let n = 0;
  for (const c of records) {
    const tail = c.id.replace(/\.withdrawn$/, '').slice(prefix.length);
    if (c.id.startsWith(prefix) && /^\d+$/.test(tail)) n = Math.max(n, Number(tail));
  }
  for (;;) {
    const id = `${prefix}${String(++n).padStart(2, '0')}`;
    if ((await db.recordChain.where('recordId').anyOf(id, `${id}.withdrawn`).count()) === 0) return id;
  }
}

type CertificateBody = Omit<Certificate, 'type' | 'alg' | 'kid' | 'deviceId' | 'recordSeq' | 'prevRecordHash' | 'format' | 'signature'>;

/**
 * Writes a batch document signed and chained (`erjian.certificate/1`) with its audit and
 * outbox entries. `build` decides inside the transaction, twice (recordChain.ts): it refuses
 * with CertificateError or returns the document and its audit entry.
 */
async function writeDocument(
  db: ErjianDb,
  build: () => Promise<{ body: CertificateBody; audit: AuditEntry }>,
  tables: Table[],
): Promise<Certificate> {
  const device = await signingDevice(db);
  let audit: AuditEntry | null = null;
  return appendChained(db, device, {
    tables: [...tables, db.certificates, db.audit, db.outbox],
    build: async () => {
      const made = await build();
      audit = made.audit;
      return [{ type: 'erjian.certificate/1' as const, id: made.body.id, body: { ...made.body } }];
    },
    write: async ([r]) => {
      const document = r!.record as unknown as Certificate;
      // add(): a second record with the same id (a second withdrawal) fails on the key (ConstraintError).
      await db.certificates.add(document);
      await db.audit.add(audit!);
      await db.outbox.add({ kind: 'certificate', recordId: document.id, createdAt: document.issuedAt ?? audit!.at, attempts: 0 });
      return document;
    },
  });
}

/** Issues the batch certificate, or refuses with CertificateError('issuance-blocked') and every reason. */
export async function issueCertificate(db: ErjianDb, input: IssueCertificateInput, options: IssueOptions = {}): Promise<Certificate> {
  const at = (options.now ?? (() => new Date()))();
  const profile = options.profile ?? defaultProfile;
  const tables = [db.batches, db.meterTypes, db.verifications, db.sessions, db.enterprise, db.authorisations];
  try {
    return await writeDocument(
      db,
      async () => {
        const data = await readCertificateData(db, input.batchId);
        const inForce = certificateInForce(data.certificates);
        if (inForce) throw new CertificateError('certificate-in-force', `certificate ${inForce.id} is in force for batch ${input.batchId}`);
        // the day of issue in Tai'an, whatever this PC's zone (docs/rules.md R-DATE)
        const decision = issuanceOf(data, pilotDate(at, profile), profile);
        if (!decision.certificate.allowed) {
          const blocks = decision.certificate.blocks;
          throw new CertificateError('issuance-blocked', `the certificate cannot be issued: ${blocks.map((b) => b.message).join('; ')}`, blocks);
        }
        const body: CertificateBody = {
          id: await nextDocumentId(db, input.batchId, data.certificates, undefined),
          batchId: input.batchId,
          issuedAt: at.toISOString(),
          issuedBy: input.issuedBy,
          // the conforming meters it certifies; the failed ones go on the notice
          verificationIds: certifiedVerifications(data, decision).map((v) => v.id),
          status: 'issued',
        };
        const audit = auditEntry(at, input.issuedBy, 'certificate.issued', body.id, {
          batchId: input.batchId,
          meters: data.verifications.length,
          issued: body.verificationIds.length,
          authorisation: decision.authorisation?.id ?? null,
          profile: { id: profile.id, version: profile.version },
          ...(input.software ? { software: input.software } : {}),
        });
        return { body, audit };
      },
      tables,
    );
  } catch (err) {
    throw guardedError(err);
  }
}

/** Issues the batch's 检定结果通知书 for its failed meters, or refuses with CertificateError and every reason. */
export async function issueNotice(db: ErjianDb, input: IssueCertificateInput, options: IssueOptions = {}): Promise<Certificate> {
  const at = (options.now ?? (() => new Date()))();
  const profile = options.profile ?? defaultProfile;
  const tables = [db.batches, db.meterTypes, db.verifications, db.sessions, db.enterprise, db.authorisations];
  try {
    return await writeDocument(
      db,
      async () => {
        const data = await readCertificateData(db, input.batchId);
        const inForce = noticeInForce(data.certificates);
        if (inForce) throw new CertificateError('notice-in-force', `notice ${inForce.id} is in force for batch ${input.batchId}`);
        const issuance = issuanceOf(data, pilotDate(at, profile), profile);
        const decision = noticeIssuance(data, issuance);
        if (!decision.allowed) {
          throw new CertificateError('issuance-blocked', `the notice cannot be issued: ${decision.blocks.map((b) => b.message).join('; ')}`, decision.blocks);
        }
        const body: CertificateBody = {
          id: await nextDocumentId(db, input.batchId, data.certificates, 'notice'),
          batchId: input.batchId,
          issuedAt: at.toISOString(),
          issuedBy: input.issuedBy,
          verificationIds: data.verifications.filter((v) => !v.verdict.passed).map((v) => v.id),
          status: 'issued',
          document: 'notice',
        };
        const audit = auditEntry(at, input.issuedBy, 'notice.issued', body.id, {
          batchId: input.batchId,
          failed: body.verificationIds.length,
          authorisation: issuance.authorisation?.id ?? null,
          profile: { id: profile.id, version: profile.version },
          ...(input.software ? { software: input.software } : {}),
        });
        return { body, audit };
      },
      tables,
    );
  } catch (err) {
    throw guardedError(err);
  }
}

/** Withdraws a certificate (or a notice) in force: a new 'withdrawn' record, signed with the reason, and an audit entry; the issued record is untouched. */
export async function withdrawCertificate(
  db: ErjianDb,
  input: { certificateId: string; by: string; reason: string },
  options: Pick<IssueOptions, 'now'> = {},
): Promise<Certificate> {
  const at = (options.now ?? (() => new Date()))();
  try {
    return await writeDocument(
      db,
      async () => {
        const issued = await db.certificates.get(input.certificateId);
        if (!issued || issued.status !== 'issued') throw new CertificateError('unknown-certificate', `no issued certificate ${input.certificateId}`);
        const body: CertificateBody = {
          id: `${issued.id}.withdrawn`,
          batchId: issued.batchId,
          issuedAt: at.toISOString(),
          issuedBy: input.by,
          verificationIds: issued.verificationIds,
          status: 'withdrawn',
          reason: input.reason,
          ...(issued.document ? { document: issued.document } : {}),
        };
        return { body, audit: auditEntry(at, input.by, 'certificate.withdrawn', issued.id, { reason: input.reason }) };
      },
      [],
    );
  } catch (err) {
    throw guardedError(err);
  }
}
