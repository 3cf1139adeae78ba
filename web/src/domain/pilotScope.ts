/**
 * The pilot's scope (pilot plan §scope; docs/rules.md R-SCOPE): DN15–DN40 cold potable water
 * meters. Anything else may be verified but cannot be issued under 二检合一.
 */
import type { RegulationProfile } from './profile/profileSchema.ts';

/** The category of meter this project verifies. */
export const COLD_POTABLE_WATER_METER = 'cold-potable-water-meter';

export function isInPilotScope(dn: number, profile: RegulationProfile, category: string = COLD_POTABLE_WATER_METER): boolean {
  const scope = profile.pilotScope.value;
  return dn >= scope.minDn && dn <= scope.maxDn && scope.categories.includes(category);
}
