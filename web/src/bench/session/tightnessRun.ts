/**
 * The bench side of the tightness test 密封性 (docs/rules.md R-TIGHT): which pressure and
 * hold the bench is commanded, and what one test came to — the trace the bench sent, its
 * gauge, and the domain's judgement of the hold window. Every rule is the domain's; this
 * file only refuses a plan that could never give a valid test and assembles the outcome.
 */
import {
  judgeHold,
  tightnessPressures,
  type Meter,
  type PressureGauge,
  type PressureSample,
  type RegulationProfile,
  type TightnessCondition,
  type TightnessPressures,
} from '../../domain/index.ts';
import { BenchError } from '../errors.ts';
import type { Wmb1Message } from '../wmb1/messages.ts';

export interface TightnessSetup {
  pressures: TightnessPressures;
  /** what the bench is commanded: the profile's setpoint unless the plan names one */
  setpointKpa: number;
  holdS: number;
}

/** What one pressure test came to. Only a valid one can be confirmed and recorded. */
export interface TightnessOutcome {
  valid: boolean;
  setpointKpa: number;
  requiredKpa: number;
  /** the PT samples, in the order received */
  trace: PressureSample[];
  condition: TightnessCondition;
  /** the bench's own summary (PTEND): start and end pressure of its hold, its hold time */
  kpa0: number;
  kpa1: number;
  holdS: number;
  gauge?: PressureGauge;
}

/**
 * The setpoint and hold for `meter`. Throws `tightness-map-unknown` without a MAP (nobody
 * could tell whether the pressure was enough) and `tightness-plan` for a planned pressure
 * outside [1.6 × MAP, 2 × MAP) or a hold under the profile's: such a test is never valid.
 */
export function tightnessSetup(meter: Pick<Meter, 'mapMpa'>, planned: { kpa?: number; holdS?: number } | undefined, profile: RegulationProfile): TightnessSetup {
  const pressures = tightnessPressures(meter, profile);
  if (pressures === null) {
    throw new BenchError('tightness-map-unknown', 'the meter type has no MAP (maximum admissible pressure): the tightness test cannot be run — add the MAP to the meter type');
  }
  const setpointKpa = planned?.kpa ?? pressures.setpointKpa;
  if (!(setpointKpa >= pressures.requiredKpa && setpointKpa < pressures.maxKpa)) {
    throw new BenchError('tightness-plan', `the planned test pressure ${setpointKpa} kPa is outside ${pressures.requiredKpa} kPa (1.6 × MAP) … ${pressures.maxKpa} kPa (2 × MAP, excluded)`);
  }
  const holdS = planned?.holdS ?? pressures.holdSeconds;
  if (!(holdS >= pressures.holdSeconds)) throw new BenchError('tightness-plan', `the planned hold ${holdS} s is shorter than the ${pressures.holdSeconds} s required`);
  return { pressures, setpointKpa, holdS };
}

/** The outcome of a test from its trace and the bench's PTEND, judged by the domain. */
export function tightnessOutcome(setup: TightnessSetup, trace: PressureSample[], end: Extract<Wmb1Message, { verb: 'PTEND' }>): TightnessOutcome {
  const condition = judgeHold(trace, setup.pressures);
  const gauge: PressureGauge | undefined =
    end.gaugeId === null ? undefined : end.gaugeUKpa === null ? { id: end.gaugeId } : { id: end.gaugeId, uKpa: end.gaugeUKpa };
  return {
    valid: condition.valid,
    setpointKpa: setup.setpointKpa,
    requiredKpa: setup.pressures.requiredKpa,
    trace,
    condition,
    kpa0: end.kpa0,
    kpa1: end.kpa1,
    holdS: end.holdS,
    ...(gauge === undefined ? {} : { gauge }),
  };
}
