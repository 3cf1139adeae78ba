/**
 * May a batch certificate (检定证书) and the meters' labels be issued? (docs/architecture.md
 * invariant: "no verification can be issued outside the authorisation's scope or
 * validity, or while the enterprise is suspended or revoked"; pilot plan §scope;
 * docs/rules.md R-UNCERT, bench uncertainty ≤ MPE/5; R-ISSUE, "only passed meters are
 * published").
 *
 * The certificate is blocked — with every reason, so a person can fix all at once —
 * when no authorisation is cached on this PC, when `canIssue` refuses on the day of
 * issue (status, scope, pilot scope, enterprise standing, the batch's model blocked by a
 * non-conforming sampling: docs/rules.md R-PENALTY), when a bench that verified
 * the batch has no declared uncertainty or one above MPE/5, or when no meter of the
 * batch may be issued. A meter may be issued (gets a 有效期至 and a label) only if it
 * passed, is inside the pilot's scope, and the authorisation was active on its
 * verification date; the others are still listed on the certificate with their result,
 * and no valid-until. Passing (合格, conformity to JJG 162) and being issuable under the
 * pilot are two results: a DN50 meter can pass and still not be issued
 * (`outside-pilot-scope`, docs/rules.md R-SCOPE).
 *
 * Pure: the store reads the cached data and the UI shows the decision; both call this.
 */
import { authorisationStatus, type Authorisation, type AuthorisationStatus } from './authorisation.ts';
import { judgeBenchUncertainty, type BenchUncertaintyJudgement } from './benchUncertainty.ts';
import { isoDate, type IsoDate } from './calendarDate.ts';
import { canIssue, type EnterpriseStandingInput, type IssueRefusal, type IssueRefusalCode } from './canIssue.ts';
import { isInPilotScope } from './pilotScope.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { AccuracyClass } from './types.ts';

export type CertificateBlockCode =
  | 'no-enterprise'
  | 'no-authorisation'
  | Exclude<IssueRefusalCode, 'meter-not-passed'>
  | 'bench-uncertainty-missing'
  | 'bench-uncertainty-too-large'
  | 'no-meters'
  | 'no-passed-meter'
  | 'no-issuable-meter';

export interface CertificateBlock extends Pick<IssueRefusal, 'decision' | 'model' | 'deadline'> {
  code: CertificateBlockCode;
  /** for people who read English logs; the UI words it from `code`, `detail` and the decision */
  message: string;
  /** the bench id, authorisation id, … the block concerns */
  detail?: string;
}

export type MeterBlockCode =
  | 'meter-not-passed'
  /** 合格, but the meter type is outside the pilot's scope (docs/rules.md R-SCOPE) */
  | 'outside-pilot-scope'
  | `authorisation-${Exclude<AuthorisationStatus, 'active'>}-on-verification-date`
  | 'certificate-blocked';

export interface MeterIssuance {
  serial: string;
  /** a label and a 有效期至 may be given */
  issuable: boolean;
  /** why not, when not */
  block?: MeterBlockCode;
}

export interface BenchJudgement extends BenchUncertaintyJudgement {
  benchId: string;
}

export interface BatchIssuanceInput {
  /** the day of issue */
  onDate: IsoDate;
  /** the batch's meter type (nameplate); `model` is checked against the models the penalty ladder blocks */
  meterType: { dn: number; accuracyClass: AccuracyClass; category?: string; model?: string };
  /** the enterprise and its place on the penalty ladder as cached (`blockedModels`, `lastDecision` when known) */
  enterprise: ({ id: string } & EnterpriseStandingInput) | null;
  /** every authorisation cached on this PC; the enterprise's newest one is used */
  authorisations: readonly Authorisation[];
  /** the benches that verified the batch's current records */
  benches: readonly { id: string; uRelPct?: number | null }[];
  /** each meter's current verification */
  meters: readonly { serial: string; passed: boolean; verificationDate: IsoDate }[];
}

export interface BatchIssuance {
  certificate: { allowed: true } | { allowed: false; blocks: CertificateBlock[] };
  /** the batch's meter type is inside the pilot's scope (DN15–DN40 cold potable water meters) */
  inPilotScope: boolean;
  authorisation: Authorisation | null;
  benches: BenchJudgement[];
  meters: MeterIssuance[];
}

/** The enterprise's authorisation: the newest by issue date (a renewal replaces the old one). */
export function currentAuthorisation(enterpriseId: string | null, authorisations: readonly Authorisation[]): Authorisation | null {
  const own = authorisations.filter((a) => enterpriseId === null || a.enterpriseId === enterpriseId);
  return own.reduce<Authorisation | null>((best, a) => (best === null || a.issuedOn > best.issuedOn ? a : best), null);
}

function standingOf(e: EnterpriseStandingInput): EnterpriseStandingInput {
  return {
    standing: e.standing,
    ...(e.blockedModels === undefined ? {} : { blockedModels: e.blockedModels }),
    ...(e.lastDecision === undefined ? {} : { lastDecision: e.lastDecision }),
    ...(e.rectificationDeadline === undefined ? {} : { rectificationDeadline: e.rectificationDeadline }),
  };
}

function authorisationBlocks(input: BatchIssuanceInput, auth: Authorisation | null, profile: RegulationProfile): CertificateBlock[] {
  const blocks: CertificateBlock[] = [];
  if (input.enterprise === null) blocks.push({ code: 'no-enterprise', message: 'no enterprise is cached on this PC: sync with the server' });
  if (auth === null) {
    blocks.push({ code: 'no-authorisation', message: 'no authorisation is cached on this PC: sync with the server' });
    return blocks;
  }
  const { dn, category, model } = input.meterType;
  const decision = canIssue(
    {
      authorisation: auth,
      onDate: input.onDate,
      meter: { dn, ...(category === undefined ? {} : { category }), ...(model === undefined ? {} : { model }) },
      ...(input.enterprise === null ? {} : { enterprise: standingOf(input.enterprise) }),
    },
    profile,
  );
  if (!decision.allowed) {
    for (const r of decision.refusals) {
      if (r.code === 'meter-not-passed') continue;
      const { code, message, ...facts } = r;
      blocks.push({ code, message, detail: auth.id, ...facts });
    }
  }
  return blocks;
}

function benchBlocks(benches: BenchJudgement[]): CertificateBlock[] {
  return benches.flatMap((b): CertificateBlock[] => {
    if (b.reason === 'uncertainty-missing') {
      return [{ code: 'bench-uncertainty-missing', message: `bench ${b.benchId} declared no expanded uncertainty`, detail: b.benchId }];
    }
    if (b.reason === 'uncertainty-too-large') {
      return [{ code: 'bench-uncertainty-too-large', message: `bench ${b.benchId}: U = ${b.uRelPct} % > MPE/5 = ${b.limitPct} %`, detail: b.benchId }];
    }
    return [];
  });
}

function meterIssuance(m: BatchIssuanceInput['meters'][number], auth: Authorisation | null, inPilotScope: boolean, profile: RegulationProfile): MeterIssuance {
  if (!m.passed) return { serial: m.serial, issuable: false, block: 'meter-not-passed' };
  if (!inPilotScope) return { serial: m.serial, issuable: false, block: 'outside-pilot-scope' };
  if (auth === null) return { serial: m.serial, issuable: false, block: 'certificate-blocked' };
  const status = authorisationStatus(auth, m.verificationDate, profile);
  if (status !== 'active') return { serial: m.serial, issuable: false, block: `authorisation-${status}-on-verification-date` };
  return { serial: m.serial, issuable: true };
}

export function batchIssuance(input: BatchIssuanceInput, profile: RegulationProfile): BatchIssuance {
  isoDate(input.onDate, 'onDate');
  const auth = currentAuthorisation(input.enterprise?.id ?? null, input.authorisations);
  const benches = input.benches.map((b) => ({ benchId: b.id, ...judgeBenchUncertainty(b.uRelPct, input.meterType.accuracyClass, profile) }));
  const type = input.meterType;
  const inPilotScope = type.category === undefined ? isInPilotScope(type.dn, profile) : isInPilotScope(type.dn, profile, type.category);
  const perMeter = input.meters.map((m) => meterIssuance(m, auth, inPilotScope, profile));
  const authBlocks = authorisationBlocks(input, auth, profile);
  const blocks = [...authBlocks, ...benchBlocks(benches)];
  if (input.meters.length === 0) blocks.push({ code: 'no-meters', message: 'the batch has no verified meter' });
  else if (!input.meters.some((m) => m.passed)) blocks.push({ code: 'no-passed-meter', message: 'no meter of the batch passed' });
  // Only news when today's authorisation is fine: every passed meter was verified while it was not.
  else if (authBlocks.length === 0 && !perMeter.some((m) => m.issuable)) {
    blocks.push({ code: 'no-issuable-meter', message: 'no passed meter was verified while the authorisation was active' });
  }
  // A blocked certificate blocks every label: a label points to a certificate in force.
  const meters = blocks.length === 0 ? perMeter : perMeter.map((m) => (m.issuable ? { serial: m.serial, issuable: false, block: 'certificate-blocked' as const } : m));
  return { certificate: blocks.length === 0 ? { allowed: true } : { allowed: false, blocks }, inPilotScope, authorisation: auth, benches, meters };
}
