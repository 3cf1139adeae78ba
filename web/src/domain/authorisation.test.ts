import { describe, expect, it } from 'vitest';
import { authorisationStatus, authorisationValidity, canRequestRenewal, expiryProblem, isWithinAuthorisedScope, renewalOutlook, type Authorisation } from './authorisation.ts';
import { canIssue } from './canIssue.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';

const auth: Authorisation = {
  id: 'AUTH-2025-001',
  enterpriseId: 'ENT-1',
  issuedOn: '2025-09-01',
  scope: { minDn: 15, maxDn: 25, categories: ['cold-potable-water-meter'] },
};

describe('authorisation', () => {
  it('is valid 3 years; renewal opens 6 months before expiry', () => {
    expect(authorisationValidity(auth, profile)).toEqual({ validFrom: '2025-09-01', validUntil: '2028-08-31', renewalOpensOn: '2028-03-01' });
  });

  it('status on a date', () => {
    expect(authorisationStatus(auth, '2025-08-31', profile)).toBe('not-yet-valid');
    expect(authorisationStatus(auth, '2025-09-01', profile)).toBe('active');
    expect(authorisationStatus(auth, '2028-08-31', profile)).toBe('active');
    expect(authorisationStatus(auth, '2028-09-01', profile)).toBe('expired');
  });

  it('suspension from its date until reinstatement; revocation wins and is final', () => {
    const suspended: Authorisation = { ...auth, suspensions: [{ from: '2026-01-10', until: '2026-02-10' }] };
    expect(authorisationStatus(suspended, '2026-01-09', profile)).toBe('active');
    expect(authorisationStatus(suspended, '2026-01-10', profile)).toBe('suspended');
    expect(authorisationStatus(suspended, '2026-02-10', profile)).toBe('active');
    const revoked: Authorisation = { ...suspended, revokedOn: '2026-01-20' };
    expect(authorisationStatus(revoked, '2026-01-20', profile)).toBe('revoked');
    expect(authorisationStatus(revoked, '2027-01-01', profile)).toBe('revoked');
  });

  it('scope: DN range and category', () => {
    expect(isWithinAuthorisedScope(auth, 25, 'cold-potable-water-meter')).toBe(true);
    expect(isWithinAuthorisedScope(auth, 32, 'cold-potable-water-meter')).toBe(false);
    expect(isWithinAuthorisedScope(auth, 20, 'hot-water-meter')).toBe(false);
  });

  it('scope: when the certificate names models, another model (or an unknown one) is outside', () => {
    const withModels: Authorisation = { ...auth, scope: { ...auth.scope, models: ['LXS-15E', 'LXS-20E'] } };
    expect(isWithinAuthorisedScope(withModels, 20, 'cold-potable-water-meter', 'LXS-20E')).toBe(true);
    expect(isWithinAuthorisedScope(withModels, 20, 'cold-potable-water-meter', 'LXS-25E')).toBe(false);
    expect(isWithinAuthorisedScope(withModels, 20, 'cold-potable-water-meter')).toBe(false);
    // a named model still has to be inside the DN range and category
    expect(isWithinAuthorisedScope(withModels, 32, 'cold-potable-water-meter', 'LXS-20E')).toBe(false);
    // no models named (or an empty list): every model of the range
    expect(isWithinAuthorisedScope(auth, 20, 'cold-potable-water-meter', 'ANY-1')).toBe(true);
    expect(isWithinAuthorisedScope({ ...auth, scope: { ...auth.scope, models: [] } }, 20, 'cold-potable-water-meter', 'ANY-1')).toBe(true);
  });

  it('the printed expiry counts when given; it must be 3 years after issue', () => {
    expect(expiryProblem('2026-10-30', '2029-10-29', profile)).toBeNull();
    expect(expiryProblem('2026-10-30', '2029-10-30', profile)).toBeNull();
    expect(expiryProblem('2024-02-29', '2027-02-28', profile)).toBeNull();
    expect(expiryProblem('2026-10-30', '2028-10-29', profile)).toEqual({ code: 'expiry-not-validity-period', expected: '2029-10-29', years: 3 });
    expect(expiryProblem('2026-10-30', '2029-10-31', profile)).toEqual({ code: 'expiry-not-validity-period', expected: '2029-10-29', years: 3 });
    expect(expiryProblem('2026-10-30', '2026-10-30', profile)).toEqual({ code: 'expiry-before-issue', expected: '2029-10-29' });
    // the printed anniversary: valid on it, expired the day after; the window opens 6 months before the day after
    const printed: Authorisation = { ...auth, expiresOn: '2028-09-01' };
    expect(authorisationValidity(printed, profile)).toEqual({ validFrom: '2025-09-01', validUntil: '2028-09-01', renewalOpensOn: '2028-03-02' });
    expect(authorisationStatus(printed, '2028-09-01', profile)).toBe('active');
    expect(authorisationStatus(printed, '2028-09-02', profile)).toBe('expired');
  });

  it('renewal outlook: days until the window opens and until expiry, and when to warn', () => {
    const before = renewalOutlook(auth, '2028-02-28', profile);
    expect(before).toMatchObject({ renewalOpensOn: '2028-03-01', validUntil: '2028-08-31', daysUntilWindowOpens: 2, daysUntilExpiry: 185, windowOpen: false, canRequest: false, warn: false, status: 'active' });
    const opening = renewalOutlook(auth, '2028-03-01', profile);
    expect(opening).toMatchObject({ daysUntilWindowOpens: 0, daysUntilExpiry: 183, windowOpen: true, canRequest: true, warn: true });
    const lastDay = renewalOutlook(auth, '2028-08-31', profile);
    expect(lastDay).toMatchObject({ daysUntilExpiry: 0, windowOpen: true, canRequest: true, warn: true });
    const after = renewalOutlook(auth, '2028-09-01', profile);
    expect(after).toMatchObject({ daysUntilExpiry: -1, windowOpen: false, canRequest: false, warn: true, status: 'expired' });
    // suspended in the window: warned, but cannot ask; revoked: no renewal warning at all
    expect(renewalOutlook({ ...auth, suspensions: [{ from: '2028-04-01' }] }, '2028-05-01', profile)).toMatchObject({ windowOpen: true, canRequest: false, warn: true, status: 'suspended' });
    expect(renewalOutlook({ ...auth, revokedOn: '2027-01-01' }, '2028-05-01', profile)).toMatchObject({ canRequest: false, warn: false, status: 'revoked' });
  });

  it('renewal may be requested only in the window and only while active', () => {
    expect(canRequestRenewal(auth, '2028-02-29', profile)).toBe(false);
    expect(canRequestRenewal(auth, '2028-03-01', profile)).toBe(true);
    expect(canRequestRenewal(auth, '2028-08-31', profile)).toBe(true);
    expect(canRequestRenewal(auth, '2028-09-01', profile)).toBe(false);
    expect(canRequestRenewal({ ...auth, suspensions: [{ from: '2028-04-01' }] }, '2028-05-01', profile)).toBe(false);
  });
});

describe('canIssue', () => {
  const ok = { authorisation: auth, onDate: '2026-05-01', meter: { dn: 20 } };

  it('allows inside scope and validity', () => {
    expect(canIssue(ok, profile)).toEqual({ allowed: true });
  });

  it('refuses with every reason and a stable code', () => {
    const d = canIssue({ ...ok, onDate: '2029-01-01', meter: { dn: 50 }, meterPassed: false }, profile);
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.refusals.map((r) => r.code)).toEqual(['authorisation-expired', 'outside-authorised-scope', 'outside-pilot-scope', 'meter-not-passed']);
    expect(d.refusals[0]?.message).toContain('AUTH-2025-001');
  });

  it.each([
    [{ ...auth, suspensions: [{ from: '2026-04-01' }] }, 'authorisation-suspended'],
    [{ ...auth, revokedOn: '2026-04-01' }, 'authorisation-revoked'],
    [{ ...auth, issuedOn: '2026-06-01' }, 'authorisation-not-yet-valid'],
  ])('refuses under a %s authorisation', (authorisation, code) => {
    const d = canIssue({ ...ok, authorisation }, profile);
    expect(d).toEqual({ allowed: false, refusals: [expect.objectContaining({ code })] });
  });

  it('refuses while the enterprise is rectifying, pilot-stopped or revoked', () => {
    expect(canIssue({ ...ok, enterprise: { standing: 'batch-returned' } }, profile)).toEqual({ allowed: true });
    for (const [standing, code] of [
      ['rectifying', 'enterprise-sales-stopped'],
      ['pilot-stopped', 'enterprise-pilot-stopped'],
      ['revoked', 'enterprise-revoked'],
    ] as const) {
      const d = canIssue({ ...ok, enterprise: { standing } }, profile);
      expect(d).toEqual({ allowed: false, refusals: [expect.objectContaining({ code })] });
    }
  });

  it('refuses a model blocked by a non-conforming sampling, with the date and 文号; other models pass', () => {
    const enterprise = { standing: 'batch-returned' as const, blockedModels: [{ model: 'LXS-15E', since: '2026-04-03', reference: '泰市监量〔2026〕12号' }] };
    expect(canIssue({ ...ok, meter: { dn: 15, model: 'LXS-15E' }, enterprise }, profile)).toEqual({
      allowed: false,
      refusals: [{ code: 'model-blocked', model: 'LXS-15E', decision: { date: '2026-04-03', reference: '泰市监量〔2026〕12号' }, message: expect.stringContaining('LXS-15E') }],
    });
    expect(canIssue({ ...ok, meter: { dn: 20, model: 'LXS-20E' }, enterprise }, profile)).toEqual({ allowed: true });
    // a meter whose model is not known cannot be matched: the standing alone decides
    expect(canIssue({ ...ok, enterprise }, profile)).toEqual({ allowed: true });
  });

  it('refuses a category outside the pilot even inside a wide authorisation', () => {
    const wide: Authorisation = { ...auth, scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter', 'hot-water-meter'] } };
    const d = canIssue({ ...ok, authorisation: wide, meter: { dn: 20, category: 'hot-water-meter' } }, profile);
    expect(d).toEqual({ allowed: false, refusals: [expect.objectContaining({ code: 'outside-pilot-scope' })] });
  });
});
