/**
 * Tightness 密封性 (JJG 162-2019 检定方法; docs/rules.md R-TIGHT): 1.6 × MAP held for 1 min
 * [confirm], no leak and no damage. The meter is judged by leak / damage, which the
 * operator confirms per position; the pressure is a condition of the test. The bench is
 * commanded 1.6 × MAP plus the profile's margin — so a gauge's uncertainty or a small sag
 * does not take the pressure under 1.6 × MAP — and kept under maxFactorOfMap × MAP, which
 * could damage a good meter. A test whose hold window fails (tightnessHold.ts) is invalid
 * and repeated; a record can only hold a valid one, and the verdict recomputes from it.
 */
import { definedQuantity } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import { judgeHold, type PressureSample, type TightnessCondition } from './tightnessHold.ts';
import type { Meter } from './types.ts';

/** The gauge the bench read the pressure with (WMB/1 PTEND `pg`, `pg_u`). */
export interface PressureGauge {
  /** identity as the bench names it: serial number, class, range */
  id: string;
  /** expanded uncertainty (k = 2) of a reading, kPa, when the bench declares it */
  uKpa?: number;
}

/** What is recorded of one meter's tightness test: the test itself and what the operator saw. */
export interface TightnessTest {
  /** the pressure the bench was commanded (kPa) */
  setpointKpa: number;
  /** the bench's pressure trace (PT lines) in the order received: the condition recomputes from it */
  trace: readonly PressureSample[];
  gauge?: PressureGauge;
  /** the operator saw a leak */
  leak: boolean;
  /** the operator saw damage */
  damage: boolean;
}

export interface TightnessReason {
  code: 'item-missing' | 'leak' | 'damage' | 'map-unknown';
  detail?: string;
}

export interface TightnessPressures {
  /** pressureFactorOfMap × MAP: what the meters must hold (kPa) */
  requiredKpa: number;
  /** required × (1 + setpointMarginPct / 100): what the bench is commanded (kPa) */
  setpointKpa: number;
  /** maxFactorOfMap × MAP (kPa) */
  maxKpa: number;
  holdSeconds: number;
}

/** The pressures of the test for a meter type; null without a MAP (the test cannot be run). */
export function tightnessPressures(meter: Pick<Meter, 'mapMpa'>, profile: RegulationProfile): TightnessPressures | null {
  if (meter.mapMpa === undefined) return null;
  const t = profile.tightness.value;
  const requiredKpa = definedQuantity(t.pressureFactorOfMap * meter.mapMpa * 1000);
  return {
    requiredKpa,
    setpointKpa: definedQuantity(requiredKpa * (1 + t.setpointMarginPct / 100)),
    maxKpa: definedQuantity(t.maxFactorOfMap * meter.mapMpa * 1000),
    holdSeconds: t.holdSeconds,
  };
}

/** The condition of a test on a trace; null without a MAP. */
export function tightnessCondition(trace: readonly PressureSample[], meter: Pick<Meter, 'mapMpa'>, profile: RegulationProfile): TightnessCondition | null {
  const p = tightnessPressures(meter, profile);
  return p === null ? null : judgeHold(trace, p);
}

/** Empty when the tightness item passed. */
export function judgeTightness(test: TightnessTest | undefined, meter: Pick<Meter, 'mapMpa'>, profile: RegulationProfile): TightnessReason[] {
  if (test === undefined) return [{ code: 'item-missing' }];
  // A record written before the trace was kept holds no test that can be re-judged.
  if (!Array.isArray(test.trace)) return [{ code: 'item-missing', detail: 'test-invalid: no-trace' }];
  const condition = tightnessCondition(test.trace, meter, profile);
  // Without the MAP of the nameplate nobody can tell whether the test pressure was enough.
  if (condition === null) return [{ code: 'map-unknown' }];
  // An invalid test is no test: the meter has not been tested, it has not failed.
  if (!condition.valid) return [{ code: 'item-missing', detail: `test-invalid: ${condition.reasons.map((r) => r.code).join(', ')}` }];
  const reasons: TightnessReason[] = [];
  if (test.leak) reasons.push({ code: 'leak' });
  if (test.damage) reasons.push({ code: 'damage' });
  return reasons;
}
