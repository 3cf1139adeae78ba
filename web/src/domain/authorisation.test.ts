import { describe, expect, it } from 'vitest';
import { authorisationStatus, authorisationValidity, canRequestRenewal, isWithinAuthorisedScope, type Authorisation } from './authorisation.ts';
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

  it('refuses a category outside the pilot even inside a wide authorisation', () => {
    const wide: Authorisation = { ...auth, scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter', 'hot-water-meter'] } };
    const d = canIssue({ ...ok, authorisation: wide, meter: { dn: 20, category: 'hot-water-meter' } }, profile);
    expect(d).toEqual({ allowed: false, refusals: [expect.objectContaining({ code: 'outside-pilot-scope' })] });
  });
});
