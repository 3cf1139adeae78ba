/**
 * What the certificate, the notice and the labels show, from the batch's data and the
 * domain's issuance decision (docs/rules.md R-ISSUE). No DOM.
 *
 * - The certificate (检定证书) lists the conforming meters: E at Q3/Q2/Q1 rounded half-even
 *   to 0.01 % (GB/T 8170) and 有效期至, the end of the meter's usage period from the domain
 *   (`validUntil`, stamped in its record) — whether or not issuing is blocked today; a
 *   blocked issue is said by the blocks, never inside a meter's data.
 * - The notice (检定结果通知书) lists the failed meters with each reason of their stored
 *   verdict (docs/rules.md R-ITEMS) and, for the indication error, the E of every valid run at the point and its MPE.
 * - "Today", and so every authorisation check made here, is the pilot's civil date of the
 *   instant (domain `pilotDate`, docs/rules.md R-DATE), never the browser's local date.
 * - The repeat rule printed is the one of the profile each record was made with
 *   (docs/rules.md R-REPEAT).
 */
import {
  authorisationValidity,
  decidingRunsOf,
  defaultProfile,
  pilotDate,
  pointError,
  roundHalfEven,
  type AuthorisationValidity,
  type BatchIssuance,
  type BenchJudgement,
  type IsoDate,
  type MeterBlockCode,
  type MeterVerdict,
  type RegulationProfile,
  type RepeatRule,
  type TestPoint,
  type VerdictReason,
} from '../../domain/index.ts';
import { benchesOf, certificateInForce, issuanceOf, noticeInForce, noticeIssuance, type CertificateData, type NoticeBlock } from '../../store/certificates.ts';
import { pointErrorPct, type BenchIdentity, type Certificate, type ProfileRef, type SoftwareRef, type VerificationRecord } from '../../store/index.ts';

export interface MeterRow {
  serial: string;
  passed: boolean;
  /** E (%) per point, rounded to 0.01; null where the point has no valid run */
  errors: Record<TestPoint, number | null>;
  verificationDate: IsoDate;
  /** 有效期至 of a passed meter: its usage period's last day (domain `validUntil`); null for a failed meter */
  validUntil: IsoDate | null;
  /** a label may be issued now (passed, authorised on its day, certificate not blocked) */
  issuable: boolean;
  model: string;
  block?: MeterBlockCode;
}

export interface BenchRow extends BenchJudgement {
  bench: BenchIdentity;
}

/** One reason a meter failed, with the figures that show it. */
export interface FailedItem {
  reason: VerdictReason;
  /** indication error: E (%) of each valid run at the point, in run order, rounded to 0.01 */
  errorsPct: number[];
  /** indication error: the MPE (%) the point was judged against (domain `pointError`) */
  mpePct: number | null;
  /** indication error decided by several runs together (two-of-three-mean): their mean E (%), rounded to 0.01 */
  meanPct: number | null;
}

export interface FailedRow {
  serial: string;
  verificationDate: IsoDate;
  items: FailedItem[];
}

/** The repeat rule of a profile the records were made with; null when that profile is not in this build. */
export interface RepeatRuleOf {
  profile: ProfileRef;
  rule: RepeatRule | null;
}

export type NoticeIssuance = { allowed: true } | { allowed: false; blocks: NoticeBlock[] };

export interface CertificateModel {
  data: CertificateData;
  issuance: BatchIssuance;
  validity: AuthorisationValidity | null;
  /** every meter of the batch, passed and failed */
  rows: MeterRow[];
  /**
   * the meters the certificate lists: the passed ones; once it may be issued (or is), only
   * those the decision lets issue — a draft that cannot be issued shows every passed meter
   * and says why in its blocks
   */
  certified: MeterRow[];
  /** passed meters the certificate cannot cover: the authorisation was not active on their verification date */
  excluded: MeterRow[];
  /** the meters the notice lists */
  failed: FailedRow[];
  benches: BenchRow[];
  counts: { total: number; passed: number; failed: number };
  dates: { first: IsoDate; last: IsoDate } | null;
  /** the failed meters' verification dates (the notice's) */
  failedDates: { first: IsoDate; last: IsoDate } | null;
  operators: string[];
  software: SoftwareRef[];
  profiles: ProfileRef[];
  repeatRules: RepeatRuleOf[];
  inForce: Certificate | null;
  /** the pilot's civil date of the certificate in force's issue */
  issuedOn: IsoDate | null;
  /** the certificate in force lists other records than the current certified ones (re-verified since) */
  changedSinceIssue: boolean;
  notice: Certificate | null;
  noticeIssuedOn: IsoDate | null;
  noticeIssuance: NoticeIssuance;
  /** the notice in force lists other records than the current failed ones */
  noticeChangedSinceIssue: boolean;
  today: IsoDate;
  /**
   * the legal metrology institute named on the documents, as the sync pull brought it
   * (docs/sync.md "Pull": `institution.name`); null before a pull — the line stays blank,
   * for the institute to fill in by hand
   */
  institution: string | null;
}

/** The profiles this build knows, to read the repeat rule a record was made with. */
export const KNOWN_PROFILES: readonly RegulationProfile[] = [defaultProfile];

function distinct<T>(items: readonly T[], key: (x: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const x of items) if (!seen.has(key(x))) seen.set(key(x), x);
  return [...seen.values()];
}

function rounded(x: number): number | null {
  return Number.isFinite(x) ? roundHalfEven(x, 2) : null;
}

function span(dates: IsoDate[]): { first: IsoDate; last: IsoDate } | null {
  const sorted = [...dates].sort();
  return sorted.length === 0 ? null : { first: sorted[0]!, last: sorted[sorted.length - 1]! };
}

/**
 * The figures behind one reason of a stored verdict (the verdict itself is never
 * recomputed here): for the indication error, every valid run's E at the point, and the
 * point's error as the repeat rule decided it (domain `pointError`, docs/rules.md R-REPEAT):
 * its MPE, and the mean when several runs decided together.
 */
export function failedItem(reason: VerdictReason, verdict: MeterVerdict): FailedItem {
  const none = { reason, errorsPct: [], mpePct: null, meanPct: null };
  if (reason.item !== 'indication-error' || reason.point === undefined) return none;
  const point = verdict.points[reason.point];
  const errorsPct = point.runIndices.flatMap((i) => {
    const run = verdict.runs[i];
    const e = run !== undefined && run.valid ? rounded(run.errorPct) : null;
    return e === null ? [] : [e];
  });
  const reported = pointError(verdict, reason.point);
  return {
    reason,
    errorsPct,
    mpePct: reported === null ? null : reported.mpePct,
    meanPct: reported !== null && decidingRunsOf(point).length > 1 ? rounded(reported.errorPct) : null,
  };
}

function failedRow(v: VerificationRecord): FailedRow {
  return { serial: v.serial, verificationDate: v.verificationDate, items: v.verdict.reasons.map((r) => failedItem(r, v.verdict)) };
}

/**
 * A document still says what the records say when every record it names is still current
 * and every record it should list is named. (A certificate issued before notices existed
 * also names the failed meters' current records: that is not a change.)
 */
function unchanged(ids: readonly string[], current: readonly VerificationRecord[], listed: readonly VerificationRecord[]): boolean {
  const named = new Set(ids);
  const now = new Set(current.map((v) => v.id));
  return ids.every((id) => now.has(id)) && listed.every((v) => named.has(v.id));
}

export function certificateModel(
  data: CertificateData,
  now: Date = new Date(),
  profile: RegulationProfile = defaultProfile,
  known: readonly RegulationProfile[] = KNOWN_PROFILES,
): CertificateModel {
  // Tai'an's date of the instant, not this PC's (docs/rules.md R-DATE)
  const today = pilotDate(now, profile);
  const issuance = issuanceOf(data, today, profile);
  const blocks = new Map(issuance.meters.map((m) => [m.serial, m]));
  const rows = data.verifications.map((v): MeterRow => {
    const m = blocks.get(v.serial);
    const row: MeterRow = {
      serial: v.serial,
      passed: v.verdict.passed,
      errors: { Q3: rounded(pointErrorPct(v.verdict, 'Q3')), Q2: rounded(pointErrorPct(v.verdict, 'Q2')), Q1: rounded(pointErrorPct(v.verdict, 'Q1')) },
      verificationDate: v.verificationDate,
      validUntil: v.verdict.passed ? v.validUntil : null,
      issuable: m?.issuable === true,
      model: data.meterType.model,
    };
    return m?.block === undefined ? row : { ...row, block: m.block };
  });
  const ownBlock = (r: MeterRow) => r.block !== undefined && r.block !== 'certificate-blocked';
  const inForce = certificateInForce(data.certificates);
  // Only a certificate that is (or may be) issued is final about which meters it covers.
  const final = issuance.certificate.allowed || inForce !== null;
  const certified = rows.filter((r) => r.passed && !(final && ownBlock(r)));
  const certifiedIds = new Set(certified.map((r) => r.serial));
  const failedRecords = data.verifications.filter((v) => !v.verdict.passed);
  // issuanceOf judges benchesOf(data) in this order, one judgement per bench
  const benches = benchesOf(data).flatMap((bench, i) => {
    const j = issuance.benches[i];
    return j === undefined ? [] : [{ ...j, bench }];
  });
  const passed = rows.filter((r) => r.passed).length;
  const notice = noticeInForce(data.certificates);
  const profiles = distinct(data.verifications.map((v) => v.profile), (p) => `${p.id}@${p.version}`);
  const issuedDay = (c: Certificate | null) => (c?.issuedAt ? pilotDate(new Date(c.issuedAt), profile) : null);
  return {
    data,
    issuance,
    validity: issuance.authorisation === null ? null : authorisationValidity(issuance.authorisation, profile),
    rows,
    certified,
    excluded: rows.filter((r) => r.passed && ownBlock(r)),
    failed: failedRecords.map(failedRow),
    benches,
    counts: { total: rows.length, passed, failed: rows.length - passed },
    dates: span(data.verifications.map((v) => v.verificationDate)),
    failedDates: span(failedRecords.map((v) => v.verificationDate)),
    operators: distinct(data.verifications.map((v) => v.operator), (o) => o),
    software: distinct(data.verifications.map((v) => v.software), (s) => `${s.version} ${s.sha256}`),
    profiles,
    repeatRules: profiles.map((p) => ({ profile: p, rule: known.find((k) => k.id === p.id && k.version === p.version)?.repeatRule.value ?? null })),
    inForce,
    issuedOn: issuedDay(inForce),
    changedSinceIssue: inForce !== null && !unchanged(inForce.verificationIds, data.verifications, data.verifications.filter((v) => certifiedIds.has(v.serial))),
    notice,
    noticeIssuedOn: issuedDay(notice),
    noticeIssuance: noticeIssuance(data, issuance),
    noticeChangedSinceIssue: notice !== null && !unchanged(notice.verificationIds, data.verifications, failedRecords),
    today,
    institution: null,
  };
}
