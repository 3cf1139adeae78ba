/**
 * Whether a verification may be issued under the pilot (docs/architecture.md invariant: "no
 * verification can be issued outside the authorisation's scope or validity, or while the
 * enterprise is suspended or revoked"; pilot plan §scope, §三(五)2 penalty ladder and Annex 1
 * item 6; docs/rules.md R-ISSUE, R-PENALTY). A refusal lists every reason with a stable code,
 * so the person can fix all of them at once; a refusal by a decision (the penalty ladder, a
 * suspension or revocation of the authorisation) carries the decision's date and 文号, so
 * the person is told which decision stops them.
 */
import { authorisationStatus, isWithinAuthorisedScope, type Authorisation } from './authorisation.ts';
import { compareIsoDate, type IsoDate } from './calendarDate.ts';
import { blockOf } from './penaltyLadder.ts';
import type { PenaltyStanding } from './penaltyStanding.ts';
import { COLD_POTABLE_WATER_METER, isInPilotScope } from './pilotScope.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export type IssueRefusalCode =
  | 'authorisation-not-yet-valid'
  | 'authorisation-expired'
  | 'authorisation-suspended'
  | 'authorisation-revoked'
  | 'outside-authorised-scope'
  | 'outside-pilot-scope'
  | 'model-blocked'
  | 'enterprise-sales-stopped'
  | 'enterprise-pilot-stopped'
  | 'enterprise-revoked'
  | 'meter-not-passed';

/** The refusals that follow from the penalty ladder (docs/rules.md R-PENALTY). */
export const standingRefusalCodes = ['model-blocked', 'enterprise-sales-stopped', 'enterprise-pilot-stopped', 'enterprise-revoked'] as const;
export type StandingRefusalCode = (typeof standingRefusalCodes)[number];

/** The decision a refusal rests on: its date and document number (文号), when known. */
export interface DecisionRef {
  date: IsoDate;
  reference?: string;
}

export interface IssueRefusal {
  code: IssueRefusalCode;
  message: string;
  /**
   * the decision behind a refusal by the ladder or by a suspension / revocation; absent when
   * this PC holds a standing without its decision (a server before the ladder's details)
   */
  decision?: DecisionRef;
  /** `model-blocked`: the model and specification blocked */
  model?: string;
  /** `enterprise-sales-stopped`: the rectification's deadline */
  deadline?: IsoDate;
}

export type IssueDecision = { allowed: true } | { allowed: false; refusals: IssueRefusal[] };

/** The enterprise's place on the penalty ladder as a PC holds it; the details are optional for older caches. */
export type EnterpriseStandingInput = Pick<PenaltyStanding, 'standing'> & Partial<Pick<PenaltyStanding, 'blockedModels' | 'lastDecision' | 'rectificationDeadline'>>;

export interface IssueRequest {
  authorisation: Authorisation;
  /** the date of the verification */
  onDate: IsoDate;
  /** `model`: the meter's model and specification (规格型号), checked against the models the ladder blocks */
  meter: { dn: number; category?: string; model?: string };
  /** the enterprise's place on the penalty ladder, when known */
  enterprise?: EnterpriseStandingInput;
  /** the meter verdict; a certificate is only for a passed meter */
  meterPassed?: boolean;
}

function ref(date: IsoDate, reference: string | undefined): DecisionRef {
  return reference === undefined ? { date } : { date, reference };
}

/** The decision behind a refusal by the authorisation's own status (the suspension in force, the revocation). */
function authorisationDecision(auth: Authorisation, status: string, onDate: IsoDate): DecisionRef | undefined {
  if (status === 'revoked' && auth.revokedOn !== undefined) return ref(auth.revokedOn, auth.revokedReference);
  if (status === 'suspended') {
    const s = (auth.suspensions ?? []).find((x) => compareIsoDate(x.from, onDate) <= 0 && (x.until === undefined || compareIsoDate(onDate, x.until) < 0));
    if (s) return ref(s.from, s.reference);
  }
  return undefined;
}

function standingRefusals(enterprise: EnterpriseStandingInput | undefined, model: string | undefined): IssueRefusal[] {
  if (enterprise === undefined) return [];
  const refusals: IssueRefusal[] = [];
  const block = model === undefined ? undefined : blockOf({ blockedModels: enterprise.blockedModels ?? [] }, model);
  if (block) {
    refusals.push({
      code: 'model-blocked',
      message: `model ${block.model} is blocked since ${block.since}${block.reference ? ` (${block.reference})` : ''} after a non-conforming sampling: no 二检合一 certificate or label until its rectification is accepted`,
      decision: ref(block.since, block.reference),
      model: block.model,
    });
  }
  const d = enterprise.lastDecision;
  const decision = d ? { decision: ref(d.date, d.reference) } : {};
  const on = d ? ` since ${d.date}${d.reference ? ` (${d.reference})` : ''}` : '';
  switch (enterprise.standing) {
    case 'rectifying':
      refusals.push({
        code: 'enterprise-sales-stopped',
        message: `the enterprise is rectifying${on}; sales of 二检合一 meters are stopped`,
        ...decision,
        ...(enterprise.rectificationDeadline === undefined ? {} : { deadline: enterprise.rectificationDeadline }),
      });
      break;
    case 'pilot-stopped':
      refusals.push({ code: 'enterprise-pilot-stopped', message: `the pilot has been stopped for this enterprise${on}`, ...decision });
      break;
    case 'revoked':
      refusals.push({ code: 'enterprise-revoked', message: `the enterprise's 二检合一 qualification has been revoked${on}`, ...decision });
      break;
    default:
      break;
  }
  return refusals;
}

export function canIssue(request: IssueRequest, profile: RegulationProfile): IssueDecision {
  const { authorisation: auth, onDate, meter } = request;
  const category = meter.category ?? COLD_POTABLE_WATER_METER;
  const refusals: IssueRefusal[] = [];
  const status = authorisationStatus(auth, onDate, profile);
  if (status !== 'active') {
    const decision = authorisationDecision(auth, status, onDate);
    refusals.push({ code: `authorisation-${status}`, message: `authorisation ${auth.id} is ${status} on ${onDate}`, ...(decision ? { decision } : {}) });
  }
  // the models named in the authorisation's scope, when it names any (docs/authorisations.md)
  if (!isWithinAuthorisedScope(auth, meter.dn, category, meter.model)) {
    refusals.push({
      code: 'outside-authorised-scope',
      message: `DN${meter.dn} ${category} is outside authorisation ${auth.id} (DN${auth.scope.minDn}–DN${auth.scope.maxDn}, ${auth.scope.categories.join(', ')})`,
    });
  }
  if (!isInPilotScope(meter.dn, profile, category)) {
    const s = profile.pilotScope.value;
    refusals.push({ code: 'outside-pilot-scope', message: `DN${meter.dn} ${category} is outside the pilot scope (DN${s.minDn}–DN${s.maxDn})` });
  }
  refusals.push(...standingRefusals(request.enterprise, meter.model));
  if (request.meterPassed === false) refusals.push({ code: 'meter-not-passed', message: 'only a passed meter can be issued' });
  return refusals.length === 0 ? { allowed: true } : { allowed: false, refusals };
}
