/**
 * Loads a regulation profile: a regulator can ship a corrected profile (a new `version`)
 * without a software release, so a profile is data that must be validated before a rule
 * reads it (docs/rules.md, "The regulation profile"; docs/architecture.md "pull reference data ... profiles").
 */
import { ProfileError } from '../errors.ts';
import { profileSchema, type RegulationProfile } from './profileSchema.ts';
import { toIssues } from './zodIssues.ts';

/**
 * Validates `json` (a parsed value, or the JSON text) and returns the typed profile.
 * @throws ProfileError with every issue and its path when anything is wrong.
 */
export function loadProfile(json: unknown): RegulationProfile {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (err) {
      throw new ProfileError([{ path: '(root)', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }]);
    }
  }
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) throw new ProfileError(toIssues(parsed.error, value));
  return deepFreeze(parsed.data);
}

/** A loaded profile is immutable: recomputing from raw data must give the same answer. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
