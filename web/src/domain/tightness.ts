/**
 * Tightness 密封性 (JJG 162-2019 检定方法; spec domain.md §3.3): hold 1.6 × MAP for 1 min
 * [confirm], no leak and no damage. The bench reports the pressure trace; the operator
 * confirms leak / no leak per position.
 */
import { definedQuantity } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { Meter } from './types.ts';

export interface TightnessTest {
  /** lowest pressure held during the test (MPa) */
  testPressureMpa: number;
  /** how long it was held (s) */
  holdSeconds: number;
  /** the operator saw a leak */
  leak: boolean;
  /** the operator saw damage */
  damage: boolean;
}

export interface TightnessReason {
  code: 'item-missing' | 'leak' | 'damage' | 'map-unknown' | 'pressure-too-low' | 'hold-too-short';
  detail?: string;
}

/** Empty when the tightness item passed. */
export function judgeTightness(test: TightnessTest | undefined, meter: Pick<Meter, 'mapMpa'>, profile: RegulationProfile): TightnessReason[] {
  if (test === undefined) return [{ code: 'item-missing' }];
  const reasons: TightnessReason[] = [];
  if (test.leak) reasons.push({ code: 'leak' });
  if (test.damage) reasons.push({ code: 'damage' });
  const { pressureFactorOfMap, holdSeconds } = profile.tightness.value;
  if (meter.mapMpa === undefined) {
    // Without the MAP of the nameplate nobody can tell whether the test pressure was enough.
    reasons.push({ code: 'map-unknown' });
  } else {
    const required = definedQuantity(pressureFactorOfMap * meter.mapMpa);
    if (!(test.testPressureMpa >= required)) {
      reasons.push({ code: 'pressure-too-low', detail: `${test.testPressureMpa} MPa < ${required} MPa` });
    }
  }
  if (!(test.holdSeconds >= holdSeconds)) reasons.push({ code: 'hold-too-short', detail: `${test.holdSeconds} s < ${holdSeconds} s` });
  return reasons;
}
