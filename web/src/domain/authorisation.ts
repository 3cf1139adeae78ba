/**
 * The enterprise's 二检合一 authorisation (pilot plan §enterprise authorisation;
 * docs/rules.md R-AUTH): valid 3 years, renewal may be requested in the 6 months before expiry,
 * and a scope of DN and meter category. Status on a date is derived, never stored, so it
 * cannot go stale.
 */
import { addMonths, anniversary, compareIsoDate, isoDate, lastDayOfYears, type IsoDate } from './calendarDate.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export interface AuthorisationScope {
  minDn: number;
  maxDn: number;
  /** e.g. `cold-potable-water-meter` */
  categories: readonly string[];
}

/** A suspension from `from` (inclusive) until the reinstatement date `until` (exclusive). */
export interface Suspension {
  from: IsoDate;
  until?: IsoDate;
  reason?: string;
}

export interface Authorisation {
  id: string;
  enterpriseId: string;
  issuedOn: IsoDate;
  scope: AuthorisationScope;
  suspensions?: readonly Suspension[];
  /** revoked from this date on; a revocation is final for this authorisation */
  revokedOn?: IsoDate;
}

export type AuthorisationStatus = 'not-yet-valid' | 'active' | 'suspended' | 'expired' | 'revoked';

export interface AuthorisationValidity {
  validFrom: IsoDate;
  /** last day of validity, inclusive: the day before the 3rd anniversary */
  validUntil: IsoDate;
  /** first day on which renewal may be requested */
  renewalOpensOn: IsoDate;
}

export function authorisationValidity(auth: Pick<Authorisation, 'issuedOn'>, profile: RegulationProfile): AuthorisationValidity {
  const { validityYears, renewalWindowMonths } = profile.authorisation.value;
  const validFrom = isoDate(auth.issuedOn, 'authorisation.issuedOn');
  const expiresOn = anniversary(validFrom, validityYears);
  return {
    validFrom,
    validUntil: lastDayOfYears(validFrom, validityYears),
    renewalOpensOn: addMonths(expiresOn, -renewalWindowMonths),
  };
}

function isSuspendedOn(auth: Authorisation, date: IsoDate): boolean {
  return (auth.suspensions ?? []).some(
    (s) => compareIsoDate(s.from, date) <= 0 && (s.until === undefined || compareIsoDate(date, s.until) < 0),
  );
}

/** Revoked wins over suspended, which wins over the validity period. */
export function authorisationStatus(auth: Authorisation, onDate: IsoDate, profile: RegulationProfile): AuthorisationStatus {
  const date = isoDate(onDate, 'onDate');
  if (auth.revokedOn !== undefined && compareIsoDate(auth.revokedOn, date) <= 0) return 'revoked';
  if (isSuspendedOn(auth, date)) return 'suspended';
  const { validFrom, validUntil } = authorisationValidity(auth, profile);
  if (compareIsoDate(date, validFrom) < 0) return 'not-yet-valid';
  if (compareIsoDate(date, validUntil) > 0) return 'expired';
  return 'active';
}

export function isWithinAuthorisedScope(auth: Pick<Authorisation, 'scope'>, dn: number, category: string): boolean {
  return dn >= auth.scope.minDn && dn <= auth.scope.maxDn && auth.scope.categories.includes(category);
}

/**
 * Renewal may be requested from `renewalOpensOn` to the last day of validity, while the
 * authorisation is active (an expired one needs a new application; a suspended or
 * revoked one cannot be renewed).
 */
export function canRequestRenewal(auth: Authorisation, onDate: IsoDate, profile: RegulationProfile): boolean {
  if (authorisationStatus(auth, onDate, profile) !== 'active') return false;
  return compareIsoDate(onDate, authorisationValidity(auth, profile).renewalOpensOn) >= 0;
}
