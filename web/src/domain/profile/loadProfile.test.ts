import { describe, expect, it } from 'vitest';
import profileJson from '../profiles/jjg162-2019.json' with { type: 'json' };
import { ProfileError } from '../errors.ts';
import { defaultProfile } from './defaultProfile.ts';
import { loadProfile } from './loadProfile.ts';

/** A deep copy of the shipped profile to corrupt. */
function copy(): Record<string, unknown> {
  return structuredClone(profileJson) as Record<string, unknown>;
}

function issuesOf(json: unknown): { path: string; message: string }[] {
  try {
    loadProfile(json);
  } catch (err) {
    expect(err).toBeInstanceOf(ProfileError);
    expect((err as ProfileError).code).toBe('invalid-profile');
    return [...(err as ProfileError).issues];
  }
  throw new Error('expected the profile to be refused');
}

describe('the default profile', () => {
  it('is jjg162-2019 and validates', () => {
    expect(defaultProfile.id).toBe('jjg162-2019');
    expect(defaultProfile.version).toMatch(/^2019\.\d+$/);
    expect(loadProfile(profileJson)).toEqual(defaultProfile);
  });

  it('carries a source for every rule value', () => {
    for (const [key, entry] of Object.entries(defaultProfile)) {
      if (entry !== null && typeof entry === 'object' && 'value' in entry) {
        expect(entry.source, key).toMatch(/\S{3,}/);
      }
    }
  });

  it('flags exactly the values docs/rules.md lists as open questions [confirm]', () => {
    const flagged = Object.entries(defaultProfile)
      .filter(([, e]) => e !== null && typeof e === 'object' && 'confirm' in e && e.confirm === true)
      .map(([k]) => k)
      .sort();
    expect(flagged).toEqual(['flowBands', 'inServiceMpeFactor', 'minimumVolumeFactor', 'repeatRule', 'tightness']);
  });

  it('holds the values of the regulation', () => {
    const p = defaultProfile;
    expect(p.mpe.value.class2).toEqual({ lower: 5, upper: 2, upperHot: 3 });
    expect(p.mpe.value.class1).toEqual({ lower: 3, upper: 1, upperHot: 2 });
    expect(p.mpe.value.hotAboveC).toBe(30);
    expect(p.temperatureClass.value).toEqual({ name: 'T30', minC: 0.1, maxC: 30 });
    expect(p.flowRatios.value).toEqual({ q2OverQ1: 1.6, q4OverQ3: 1.25 });
    expect(p.minimumVolumeFactor.value).toEqual({ class1: 400, class2: 200 });
    expect(p.weighing.value).toEqual({ weightsDensityKgPerM3: 8000, defaultAirDensityKgPerM3: 1.2 });
    expect(p.pilotScope.value.minDn).toBe(15);
    expect(p.pilotScope.value.maxDn).toBe(40);
    expect(p.batchBias.value).toEqual({ okMaxRatio: 0.2, warnMaxRatio: 0.4 });
    expect(p.authorisation.value).toEqual({ validityYears: 3, renewalWindowMonths: 6 });
    expect(p.sampling.value.lotToSample).toHaveLength(15);
  });

  it('is frozen, so no caller can change a rule at run time', () => {
    expect(Object.isFrozen(defaultProfile.mpe.value.class2)).toBe(true);
    expect(() => {
      (defaultProfile.mpe.value.class2 as { lower: number }).lower = 50;
    }).toThrow(TypeError);
  });
});

describe('loadProfile refuses a wrong profile and says where', () => {
  it('names the path of a wrong-typed value', () => {
    const p = copy();
    (p.mpe as { value: { class2: { lower: unknown } } }).value.class2.lower = '5';
    expect(issuesOf(p)).toEqual([{ path: 'mpe.value.class2.lower', message: 'expected number, got "5"' }]);
  });

  it('names a missing value', () => {
    const p = copy();
    delete (p.authorisation as { value: Record<string, unknown> }).value.validityYears;
    expect(issuesOf(p)).toEqual([{ path: 'authorisation.value.validityYears', message: 'is required (expected number)' }]);
  });

  it('refuses a misspelt key rather than ignoring it', () => {
    const p = copy();
    (p.weighing as Record<string, unknown>).sorce = 'typo';
    expect(issuesOf(p)).toEqual([{ path: 'weighing.sorce', message: 'unknown field (misspelt?)' }]);
  });

  it('refuses a sampling table that is not monotone, at the offending row', () => {
    const p = copy();
    const rows = (p.sampling as { value: { lotToSample: { sample: number; minLot: number }[] } }).value.lotToSample;
    rows[3]!.sample = 1;
    rows[5]!.minLot = 10;
    const issues = issuesOf(p);
    expect(issues.map((i) => i.path)).toEqual([
      'sampling.value.lotToSample[3].sample',
      'sampling.value.lotToSample[5].minLot',
    ]);
    expect(issues[1]?.message).toBe("must be greater than the previous row's minLot 51, got 10");
  });

  it('refuses a batch-bias ladder whose ok limit exceeds warn', () => {
    const p = copy();
    (p.batchBias as { value: { okMaxRatio: number } }).value.okMaxRatio = 0.5;
    expect(issuesOf(p)[0]?.path).toBe('batchBias.value.okMaxRatio');
  });

  it('refuses a penalty ladder that does not climb', () => {
    const p = copy();
    (p.penaltyLadder as { value: { revokedAt: number } }).value.revokedAt = 2;
    expect(issuesOf(p)[0]?.path).toBe('penaltyLadder.value.rectificationAt');
  });

  it('refuses another schema and reports several issues at once', () => {
    const p = copy();
    p.schema = 'something-else';
    p.id = 'Bad Id';
    expect(issuesOf(p).map((i) => i.path)).toEqual(['schema', 'id']);
  });

  it('reads JSON text and reports text that is not JSON', () => {
    expect(loadProfile(JSON.stringify(profileJson)).id).toBe('jjg162-2019');
    const issues = issuesOf('{"id": ');
    expect(issues[0]?.path).toBe('(root)');
    expect(issues[0]?.message).toMatch(/^not valid JSON/);
  });

  it('accepts a corrected profile with a new version (no release needed)', () => {
    const p = copy();
    p.version = '2019.2';
    (p.batchBias as { value: { okMaxRatio: number } }).value.okMaxRatio = 0.25;
    const corrected = loadProfile(p);
    expect(corrected.version).toBe('2019.2');
    expect(corrected.batchBias.value.okMaxRatio).toBe(0.25);
  });
});
