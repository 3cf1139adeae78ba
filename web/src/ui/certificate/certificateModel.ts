/**
 * What the certificate and the labels show, from the batch's data and the domain's
 * issuance decision: one row per meter (E at Q3/Q2/Q1 rounded half-even to 0.01 %,
 * GB/T 8170; 有效期至 only for an issued meter), the benches with their MPE/5 judgement,
 * counts, dates, and the software and profile the records were made with. No DOM.
 */
import { authorisationValidity, defaultProfile, roundHalfEven, type AuthorisationValidity, type BatchIssuance, type BenchJudgement, type IsoDate, type MeterBlockCode, type RegulationProfile, type TestPoint } from '../../domain/index.ts';
import { benchesOf, certificateInForce, issuanceOf, localIsoDate, type CertificateData } from '../../store/certificates.ts';
import { pointErrorPct, type BenchIdentity, type Certificate, type ProfileRef, type SoftwareRef } from '../../store/index.ts';

export interface MeterRow {
  serial: string;
  passed: boolean;
  /** E (%) per point, rounded to 0.01; null where the point has no valid run */
  errors: Record<TestPoint, number | null>;
  verificationDate: IsoDate;
  /** only for a meter that may be issued */
  validUntil: IsoDate | null;
  model: string;
  block?: MeterBlockCode;
}

export interface BenchRow extends BenchJudgement {
  bench: BenchIdentity;
}

export interface CertificateModel {
  data: CertificateData;
  issuance: BatchIssuance;
  validity: AuthorisationValidity | null;
  rows: MeterRow[];
  benches: BenchRow[];
  counts: { total: number; passed: number; failed: number };
  dates: { first: IsoDate; last: IsoDate } | null;
  operators: string[];
  software: SoftwareRef[];
  profiles: ProfileRef[];
  inForce: Certificate | null;
  /** the certificate in force lists other records than the current ones (re-verified since) */
  changedSinceIssue: boolean;
  today: IsoDate;
}

function distinct<T>(items: readonly T[], key: (x: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const x of items) if (!seen.has(key(x))) seen.set(key(x), x);
  return [...seen.values()];
}

function rounded(x: number): number | null {
  return Number.isFinite(x) ? roundHalfEven(x, 2) : null;
}

export function certificateModel(data: CertificateData, now: Date = new Date(), profile: RegulationProfile = defaultProfile): CertificateModel {
  const today = localIsoDate(now);
  const issuance = issuanceOf(data, today, profile);
  const blocks = new Map(issuance.meters.map((m) => [m.serial, m]));
  const rows = data.verifications.map((v): MeterRow => {
    const m = blocks.get(v.serial);
    const row: MeterRow = {
      serial: v.serial,
      passed: v.verdict.passed,
      errors: { Q3: rounded(pointErrorPct(v.verdict, 'Q3')), Q2: rounded(pointErrorPct(v.verdict, 'Q2')), Q1: rounded(pointErrorPct(v.verdict, 'Q1')) },
      verificationDate: v.verificationDate,
      validUntil: m?.issuable === true ? v.validUntil : null,
      model: data.meterType.model,
    };
    return m?.block === undefined ? row : { ...row, block: m.block };
  });
  // issuanceOf judges benchesOf(data) in this order, one judgement per bench
  const benches = benchesOf(data).flatMap((bench, i) => {
    const j = issuance.benches[i];
    return j === undefined ? [] : [{ ...j, bench }];
  });
  const dates = data.verifications.map((v) => v.verificationDate).sort();
  const passed = rows.filter((r) => r.passed).length;
  const inForce = certificateInForce(data.certificates);
  const current = new Set(data.verifications.map((v) => v.id));
  return {
    data,
    issuance,
    validity: issuance.authorisation === null ? null : authorisationValidity(issuance.authorisation, profile),
    rows,
    benches,
    counts: { total: rows.length, passed, failed: rows.length - passed },
    dates: dates.length === 0 ? null : { first: dates[0]!, last: dates[dates.length - 1]! },
    operators: distinct(data.verifications.map((v) => v.operator), (o) => o),
    software: distinct(data.verifications.map((v) => v.software), (s) => `${s.version} ${s.sha256}`),
    profiles: distinct(data.verifications.map((v) => v.profile), (p) => `${p.id}@${p.version}`),
    inForce,
    changedSinceIssue: inForce !== null && (inForce.verificationIds.length !== current.size || inForce.verificationIds.some((id) => !current.has(id))),
    today,
  };
}
