import { describe, expect, it } from 'vitest';
import type { Authorisation } from './authorisation.ts';
import { batchIssuance, currentAuthorisation, type BatchIssuanceInput } from './batchIssuance.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';

const auth: Authorisation = {
  id: 'TA-2025-007',
  enterpriseId: 'ENT-1',
  issuedOn: '2025-03-01',
  scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] },
};

function input(more: Partial<BatchIssuanceInput> = {}): BatchIssuanceInput {
  return {
    onDate: '2026-11-27',
    meterType: { dn: 15, accuracyClass: 2 },
    enterprise: { id: 'ENT-1', standing: 'normal' },
    authorisations: [auth],
    benches: [{ id: 'BENCH-01', uRelPct: 0.2 }],
    meters: [
      { serial: 'S1', passed: true, verificationDate: '2026-11-26' },
      { serial: 'S2', passed: false, verificationDate: '2026-11-26' },
    ],
    ...more,
  };
}

const codes = (i: BatchIssuanceInput) => {
  const d = batchIssuance(i, profile).certificate;
  return d.allowed ? [] : d.blocks.map((b) => b.code);
};

describe('batchIssuance: the certificate', () => {
  it('is issuable under an active authorisation, benches within MPE/5 and a passed meter', () => {
    const d = batchIssuance(input(), profile);
    expect(d.certificate).toEqual({ allowed: true });
    expect(d.authorisation?.id).toBe('TA-2025-007');
    expect(d.benches).toEqual([{ benchId: 'BENCH-01', uRelPct: 0.2, mpePct: 2, limitPct: 0.4, ok: true }]);
  });

  it('is blocked when nothing is cached on this PC', () => {
    expect(codes(input({ enterprise: null, authorisations: [] }))).toEqual(['no-enterprise', 'no-authorisation']);
  });

  it('is blocked outside the pilot scope (DN50)', () => {
    expect(codes(input({ meterType: { dn: 50, accuracyClass: 2 } }))).toEqual(['outside-authorised-scope', 'outside-pilot-scope']);
  });

  it('is blocked under an expired authorisation', () => {
    expect(codes(input({ authorisations: [{ ...auth, issuedOn: '2023-01-10' }] }))).toContain('authorisation-expired');
  });

  it('is blocked under a suspended authorisation', () => {
    expect(codes(input({ authorisations: [{ ...auth, suspensions: [{ from: '2026-11-01' }] }] }))).toEqual(['authorisation-suspended']);
  });

  it('is blocked under a revoked authorisation and a revoked enterprise', () => {
    const i = input({ authorisations: [{ ...auth, revokedOn: '2026-10-01' }], enterprise: { id: 'ENT-1', standing: 'revoked' } });
    expect(codes(i)).toEqual(['authorisation-revoked', 'enterprise-revoked']);
  });

  it('is blocked while the enterprise is rectifying (sales stopped)', () => {
    expect(codes(input({ enterprise: { id: 'ENT-1', standing: 'rectifying' } }))).toEqual(['enterprise-sales-stopped']);
  });

  it('is blocked by a bench without uncertainty or above MPE/5, naming the bench', () => {
    const i = input({ benches: [{ id: 'B-OK', uRelPct: 0.4 }, { id: 'B-NONE' }, { id: 'B-BAD', uRelPct: 0.5 }] });
    const d = batchIssuance(i, profile).certificate;
    expect(d.allowed ? [] : d.blocks.map((b) => [b.code, b.detail])).toEqual([
      ['bench-uncertainty-missing', 'B-NONE'],
      ['bench-uncertainty-too-large', 'B-BAD'],
    ]);
  });

  it('judges a class 1 meter against 0.2 %', () => {
    expect(codes(input({ meterType: { dn: 15, accuracyClass: 1 }, benches: [{ id: 'B', uRelPct: 0.3 }] }))).toEqual(['bench-uncertainty-too-large']);
  });

  it('is blocked when no meter passed, or there is none', () => {
    expect(codes(input({ meters: [{ serial: 'S2', passed: false, verificationDate: '2026-11-26' }] }))).toEqual(['no-passed-meter']);
    expect(codes(input({ meters: [] }))).toEqual(['no-meters']);
  });

  it('lists every reason at once', () => {
    const i = input({ authorisations: [{ ...auth, revokedOn: '2026-01-01' }], benches: [{ id: 'B' }], meters: [] });
    expect(codes(i)).toEqual(['authorisation-revoked', 'bench-uncertainty-missing', 'no-meters']);
  });
});

describe('batchIssuance: the penalty ladder (docs/rules.md R-PENALTY)', () => {
  const blocked = {
    id: 'ENT-1',
    standing: 'batch-returned' as const,
    blockedModels: [{ model: 'LXS-15E', since: '2026-11-03', reference: '泰市监量〔2026〕12号', batchId: 'B-1103', samplingId: 'S-12' }],
    lastDecision: { type: 'non-conforming-sampling' as const, date: '2026-11-03', reference: '泰市监量〔2026〕12号' },
  };

  it('refuses the blocked model after the 1st non-conforming sampling, with the decision\'s date and 文号; no label either', () => {
    const d = batchIssuance(input({ meterType: { dn: 15, accuracyClass: 2, model: 'LXS-15E' }, enterprise: blocked }), profile);
    expect(d.certificate).toEqual({
      allowed: false,
      blocks: [expect.objectContaining({ code: 'model-blocked', model: 'LXS-15E', decision: { date: '2026-11-03', reference: '泰市监量〔2026〕12号' } })],
    });
    expect(d.meters.map((m) => m.block)).toEqual(['certificate-blocked', 'meter-not-passed']);
  });

  it('lets another model of the same enterprise be issued while the batch is returned', () => {
    expect(codes(input({ meterType: { dn: 20, accuracyClass: 2, model: 'LXS-20E' }, enterprise: blocked }))).toEqual([]);
  });

  it('says the date and 文号 of the decision behind a rectification, a stopped pilot or a revocation', () => {
    const decided = (standing: 'rectifying' | 'pilot-stopped' | 'revoked', type: 'non-conforming-sampling' | 'rectification-failed') => ({
      id: 'ENT-1',
      standing,
      blockedModels: [],
      lastDecision: { type, date: '2027-02-10', reference: '泰市监量〔2027〕5号' },
      rectificationDeadline: '2027-05-10',
    });
    const blocksOf = (i: BatchIssuanceInput) => {
      const c = batchIssuance(i, profile).certificate;
      return c.allowed ? [] : c.blocks;
    };
    expect(blocksOf(input({ enterprise: decided('rectifying', 'non-conforming-sampling') }))).toEqual([
      expect.objectContaining({ code: 'enterprise-sales-stopped', decision: { date: '2027-02-10', reference: '泰市监量〔2027〕5号' }, deadline: '2027-05-10' }),
    ]);
    expect(blocksOf(input({ enterprise: decided('pilot-stopped', 'rectification-failed') }))).toEqual([
      expect.objectContaining({ code: 'enterprise-pilot-stopped', decision: { date: '2027-02-10', reference: '泰市监量〔2027〕5号' } }),
    ]);
    expect(blocksOf(input({ enterprise: decided('revoked', 'non-conforming-sampling') }))).toEqual([expect.objectContaining({ code: 'enterprise-revoked', decision: { date: '2027-02-10', reference: '泰市监量〔2027〕5号' } })]);
    // a standing cached without its decision (an older server) still refuses, without a date
    expect(blocksOf(input({ enterprise: { id: 'ENT-1', standing: 'revoked' } }))[0]).not.toHaveProperty('decision');
  });

  it('dates a refusal by the authorisation\'s own suspension or revocation', () => {
    const c = batchIssuance(input({ authorisations: [{ ...auth, suspensions: [{ from: '2026-11-20' }] }] }), profile).certificate;
    expect(c.allowed ? [] : c.blocks).toEqual([expect.objectContaining({ code: 'authorisation-suspended', decision: { date: '2026-11-20' } })]);
    // … with the decision's 文号 when the register gave one
    const r = batchIssuance(input({ authorisations: [{ ...auth, suspensions: [{ from: '2026-11-20', reference: '泰市监量〔2026〕30号' }] }] }), profile).certificate;
    expect(r.allowed ? [] : r.blocks).toEqual([expect.objectContaining({ code: 'authorisation-suspended', decision: { date: '2026-11-20', reference: '泰市监量〔2026〕30号' } })]);
    const v = batchIssuance(input({ authorisations: [{ ...auth, revokedOn: '2026-11-20', revokedReference: '泰市监量〔2026〕31号' }] }), profile).certificate;
    expect(v.allowed ? [] : v.blocks).toEqual([expect.objectContaining({ code: 'authorisation-revoked', decision: { date: '2026-11-20', reference: '泰市监量〔2026〕31号' } })]);
  });
});

describe('batchIssuance: per meter (labels, valid-until)', () => {
  it('a conforming DN15 meter is issuable; a conforming DN50 meter is 合格 but outside the pilot (docs/rules.md R-SCOPE)', () => {
    const dn15 = batchIssuance(input(), profile);
    expect(dn15.inPilotScope).toBe(true);
    expect(dn15.meters[0]).toEqual({ serial: 'S1', issuable: true });
    const dn50 = batchIssuance(input({ meterType: { dn: 50, accuracyClass: 2 }, authorisations: [{ ...auth, scope: { ...auth.scope, maxDn: 50 } }] }), profile);
    expect(dn50.inPilotScope).toBe(false);
    expect(dn50.meters).toEqual([
      { serial: 'S1', issuable: false, block: 'outside-pilot-scope' },
      { serial: 'S2', issuable: false, block: 'meter-not-passed' },
    ]);
    expect(dn50.certificate.allowed ? [] : dn50.certificate.blocks.map((b) => b.code)).toEqual(['outside-pilot-scope']);
  });

  it('a passed meter may be labelled; a failed meter never', () => {
    expect(batchIssuance(input(), profile).meters).toEqual([
      { serial: 'S1', issuable: true },
      { serial: 'S2', issuable: false, block: 'meter-not-passed' },
    ]);
  });

  it('no label for a passed meter while the certificate is blocked', () => {
    const d = batchIssuance(input({ authorisations: [{ ...auth, suspensions: [{ from: '2026-11-27' }] }] }), profile);
    expect(d.meters[0]).toEqual({ serial: 'S1', issuable: false, block: 'certificate-blocked' });
    expect(d.meters[1]?.block).toBe('meter-not-passed');
  });

  it('a meter verified while the authorisation was suspended is not issued, even after reinstatement', () => {
    const suspended = { ...auth, suspensions: [{ from: '2026-11-20', until: '2026-11-27' }] };
    const d = batchIssuance(
      input({ authorisations: [suspended], meters: [{ serial: 'S1', passed: true, verificationDate: '2026-11-27' }, { serial: 'S3', passed: true, verificationDate: '2026-11-25' }] }),
      profile,
    );
    expect(d.certificate).toEqual({ allowed: true });
    expect(d.meters).toEqual([
      { serial: 'S1', issuable: true },
      { serial: 'S3', issuable: false, block: 'authorisation-suspended-on-verification-date' },
    ]);
  });
});

describe('currentAuthorisation', () => {
  it('takes the enterprise\'s newest authorisation, never another enterprise\'s', () => {
    const renewed = { ...auth, id: 'TA-2028-001', issuedOn: '2028-02-01' };
    const other = { ...auth, id: 'X', enterpriseId: 'ENT-2', issuedOn: '2029-01-01' };
    expect(currentAuthorisation('ENT-1', [auth, renewed, other])?.id).toBe('TA-2028-001');
    expect(currentAuthorisation('ENT-3', [auth])).toBeNull();
  });
});
