/**
 * The enterprise's 二检合一 authorisation (pilot plan §enterprise authorisation;
 * docs/rules.md R-AUTH, docs/authorisations.md): valid 3 years, renewal may be requested in
 * the 6 months before expiry, and a scope of DN, meter category and — when the certificate
 * names them — meter models. Status on a date is derived, never stored, so it cannot go stale.
 */
import { addDays, addMonths, anniversary, compareIsoDate, isoDate, lastDayOfYears, type IsoDate } from './calendarDate.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export interface AuthorisationScope {
  minDn: number;
  maxDn: number;
  /** e.g. `cold-potable-water-meter` */
  categories: readonly string[];
  /** 规格型号 named on the certificate; absent or empty: every model of the categories and DN range */
  models?: readonly string[];
}

/** A suspension from `from` (inclusive) until the reinstatement date `until` (exclusive). */
export interface Suspension {
  from: IsoDate;
  until?: IsoDate;
  reason?: string;
  /** the decision's document number (文号): the bench's refusal names it */
  reference?: string;
}

export interface Authorisation {
  id: string;
  enterpriseId: string;
  /** 证书编号 as printed on the authorisation certificate: what certificates and the public show */
  certificateNo?: string;
  issuedOn: IsoDate;
  scope: AuthorisationScope;
  suspensions?: readonly Suspension[];
  /** revoked from this date on; a revocation is final for this authorisation */
  revokedOn?: IsoDate;
  /** the revocation's document number (文号) */
  revokedReference?: string;
  /**
   * The last day of validity printed on the certificate (有效期至). When given it is what counts;
   * the register refuses one that is not 3 years after `issuedOn` (`expiryProblem`).
   */
  expiresOn?: IsoDate;
}

export type AuthorisationStatus = 'not-yet-valid' | 'active' | 'suspended' | 'expired' | 'revoked';

export interface AuthorisationValidity {
  validFrom: IsoDate;
  /** last day of validity, inclusive: the day before the 3rd anniversary */
  validUntil: IsoDate;
  /** first day on which renewal may be requested */
  renewalOpensOn: IsoDate;
}

export function authorisationValidity(auth: Pick<Authorisation, 'issuedOn' | 'expiresOn'>, profile: RegulationProfile): AuthorisationValidity {
  const { validityYears, renewalWindowMonths } = profile.authorisation.value;
  const validFrom = isoDate(auth.issuedOn, 'authorisation.issuedOn');
  // The printed 有效期至 counts when the certificate gives one (the register checked it is 3 years).
  const validUntil = auth.expiresOn === undefined ? lastDayOfYears(validFrom, validityYears) : isoDate(auth.expiresOn, 'authorisation.expiresOn');
  return {
    validFrom,
    validUntil,
    renewalOpensOn: addMonths(addDays(validUntil, 1), -renewalWindowMonths),
  };
}

export type ExpiryProblem =
  | { code: 'expiry-before-issue'; expected: IsoDate }
  | { code: 'expiry-not-validity-period'; expected: IsoDate; years: number };

/**
 * Whether a printed 有效期至 fits the validity period (profile `authorisation.validityYears`):
 * the day before the anniversary (2026-10-30 → 2029-10-29) or, as some certificates print it,
 * the anniversary itself. Anything else is a typing error or a certificate that is not a
 * pilot authorisation; null when it fits.
 */
export function expiryProblem(issuedOn: IsoDate, expiresOn: IsoDate, profile: RegulationProfile): ExpiryProblem | null {
  const years = profile.authorisation.value.validityYears;
  const from = isoDate(issuedOn, 'issuedOn');
  const until = isoDate(expiresOn, 'expiresOn');
  const expected = lastDayOfYears(from, years);
  if (compareIsoDate(until, from) <= 0) return { code: 'expiry-before-issue', expected };
  if (until === expected || until === anniversary(from, years)) return null;
  return { code: 'expiry-not-validity-period', expected, years };
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

/**
 * Inside the DN range and a named category; when the certificate names models, the meter's
 * model must be one of them (a meter whose model is not known is then outside: the scope
 * cannot be shown to hold).
 */
export function isWithinAuthorisedScope(auth: Pick<Authorisation, 'scope'>, dn: number, category: string, model?: string): boolean {
  const inRange = dn >= auth.scope.minDn && dn <= auth.scope.maxDn && auth.scope.categories.includes(category);
  const models = auth.scope.models ?? [];
  return inRange && (models.length === 0 || (model !== undefined && models.includes(model)));
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

/** Whole days from `from` to `to` (negative when `to` is earlier). */
function daysBetween(from: IsoDate, to: IsoDate): number {
  const utc = (d: IsoDate) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(isoDate(to, 'to')) - utc(isoDate(from, 'from'))) / 86_400_000);
}

export interface RenewalOutlook extends AuthorisationValidity {
  status: AuthorisationStatus;
  /** days from `onDate` until the renewal window opens; 0 once it is open */
  daysUntilWindowOpens: number;
  /** days from `onDate` to the last day of validity (0 on that day, negative after it) */
  daysUntilExpiry: number;
  /** the window is open on `onDate` (renewalOpensOn ≤ onDate ≤ validUntil) */
  windowOpen: boolean;
  /** what the enterprise admin may do today (`canRequestRenewal`) */
  canRequest: boolean;
  /** the warning to show: the window is open, or the authorisation has expired */
  warn: boolean;
}

/**
 * What the enterprise admin is told on a civil date (pilot plan §enterprise authorisation:
 * renewal in the 6 months before expiry; docs/authorisations.md "Renewal"): when the window
 * opens, how long until expiry, and whether to warn.
 */
export function renewalOutlook(auth: Authorisation, onDate: IsoDate, profile: RegulationProfile): RenewalOutlook {
  const validity = authorisationValidity(auth, profile);
  const status = authorisationStatus(auth, onDate, profile);
  const windowOpen = compareIsoDate(validity.renewalOpensOn, onDate) <= 0 && compareIsoDate(onDate, validity.validUntil) <= 0;
  return {
    ...validity,
    status,
    daysUntilWindowOpens: Math.max(0, daysBetween(onDate, validity.renewalOpensOn)),
    daysUntilExpiry: daysBetween(onDate, validity.validUntil),
    windowOpen,
    canRequest: canRequestRenewal(auth, onDate, profile),
    warn: status !== 'revoked' && (windowOpen || status === 'expired'),
  };
}
