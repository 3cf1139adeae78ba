/**
 * The profile shipped with this build: JJG 162-2019 with the pilot plan's defaults.
 * Its id and version are stamped on every record and certificate.
 */
import profileJson from '../profiles/jjg162-2019.json' with { type: 'json' };
import { loadProfile } from './loadProfile.ts';
import type { RegulationProfile } from './profileSchema.ts';

export const defaultProfile: RegulationProfile = loadProfile(profileJson);
