/**
 * Usage period 使用期限 of a passed meter (JJG 162-2019 检定周期; docs/rules.md R-USAGE):
 * trade meters with DN ≤ 50 and Q3 ≤ 16 m³/h get only the first verification and are
 * replaced after DN ≤ 25 → 6 years, 25 < DN ≤ 50 → 4 years; anything larger is
 * verified periodically (2 years) — outside the pilot's scope anyway.
 */
import { lastDayOfYears, type IsoDate } from './calendarDate.ts';
import { requirePositive } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { Meter } from './types.ts';

export interface UsagePeriod {
  kind: 'limited-use' | 'periodic';
  years: number;
}

export function usagePeriod(meter: Pick<Meter, 'dn' | 'q3M3h'>, profile: RegulationProfile): UsagePeriod {
  requirePositive('meter.dn', meter.dn);
  requirePositive('meter.q3M3h', meter.q3M3h);
  const { limitedUse, periodicYears } = profile.usagePeriod.value;
  if (meter.q3M3h <= limitedUse.maxQ3) {
    const band = limitedUse.bands.find((b) => meter.dn <= b.maxDn);
    if (band) return { kind: 'limited-use', years: band.years };
  }
  return { kind: 'periodic', years: periodicYears };
}

/**
 * 有效期至: the last day (inclusive) the verification is valid — the day before the
 * N-th anniversary of the verification date, so validity is never longer than N years.
 * A meter verified on 29 February is valid until 28 February of a common year
 * (its anniversary there is 1 March).
 */
export function validUntil(verificationDate: IsoDate, meter: Pick<Meter, 'dn' | 'q3M3h'>, profile: RegulationProfile): IsoDate {
  return lastDayOfYears(verificationDate, usagePeriod(meter, profile).years);
}
