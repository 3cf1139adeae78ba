/**
 * Whether a verification may be issued under the pilot (docs/architecture.md invariant: "no
 * verification can be issued outside the authorisation's scope or validity, or while the
 * enterprise is suspended or revoked"; pilot plan §scope, §penalty ladder). A refusal
 * lists every reason with a stable code, so the person can fix all of them at once.
 */
import { authorisationStatus, isWithinAuthorisedScope, type Authorisation } from './authorisation.ts';
import type { IsoDate } from './calendarDate.ts';
import type { PenaltyState } from './penaltyLadder.ts';
import { COLD_POTABLE_WATER_METER, isInPilotScope } from './pilotScope.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export type IssueRefusalCode =
  | 'authorisation-not-yet-valid'
  | 'authorisation-expired'
  | 'authorisation-suspended'
  | 'authorisation-revoked'
  | 'outside-authorised-scope'
  | 'outside-pilot-scope'
  | 'enterprise-sales-stopped'
  | 'enterprise-pilot-stopped'
  | 'enterprise-revoked'
  | 'meter-not-passed';

export interface IssueRefusal {
  code: IssueRefusalCode;
  message: string;
}

export type IssueDecision = { allowed: true } | { allowed: false; refusals: IssueRefusal[] };

export interface IssueRequest {
  authorisation: Authorisation;
  /** the date of the verification */
  onDate: IsoDate;
  meter: { dn: number; category?: string };
  /** the enterprise's place on the penalty ladder, when known */
  enterprise?: Pick<PenaltyState, 'standing'>;
  /** the meter verdict; a certificate is only for a passed meter */
  meterPassed?: boolean;
}

export function canIssue(request: IssueRequest, profile: RegulationProfile): IssueDecision {
  const { authorisation: auth, onDate, meter } = request;
  const category = meter.category ?? COLD_POTABLE_WATER_METER;
  const refusals: IssueRefusal[] = [];
  const status = authorisationStatus(auth, onDate, profile);
  if (status !== 'active') {
    refusals.push({ code: `authorisation-${status}`, message: `authorisation ${auth.id} is ${status} on ${onDate}` });
  }
  if (!isWithinAuthorisedScope(auth, meter.dn, category)) {
    refusals.push({
      code: 'outside-authorised-scope',
      message: `DN${meter.dn} ${category} is outside authorisation ${auth.id} (DN${auth.scope.minDn}–DN${auth.scope.maxDn}, ${auth.scope.categories.join(', ')})`,
    });
  }
  if (!isInPilotScope(meter.dn, profile, category)) {
    const s = profile.pilotScope.value;
    refusals.push({ code: 'outside-pilot-scope', message: `DN${meter.dn} ${category} is outside the pilot scope (DN${s.minDn}–DN${s.maxDn})` });
  }
  switch (request.enterprise?.standing) {
    case 'rectifying':
      refusals.push({ code: 'enterprise-sales-stopped', message: 'the enterprise is rectifying; sales of 二检合一 meters are stopped' });
      break;
    case 'pilot-stopped':
      refusals.push({ code: 'enterprise-pilot-stopped', message: 'the pilot has been stopped for this enterprise' });
      break;
    case 'revoked':
      refusals.push({ code: 'enterprise-revoked', message: "the enterprise's authorisation has been revoked" });
      break;
    default:
      break;
  }
  if (request.meterPassed === false) refusals.push({ code: 'meter-not-passed', message: 'only a passed meter can be issued' });
  return refusals.length === 0 ? { allowed: true } : { allowed: false, refusals };
}
