/**
 * Pressure traces as a WMB/1 bench reports them in a tightness test (PT lines, about 1 Hz):
 * a ramp up to the setpoint, then the hold, optionally sagging. Real-shaped input for the
 * domain, store and UI tests (docs/rules.md R-TIGHT).
 */
import { defaultProfile, tightnessPressures, type Meter, type PressureSample, type RegulationProfile, type TightnessTest } from '../../web/src/domain/index.ts';

export interface TraceShape {
  /** seconds from the start to the setpoint (0: the trace starts at the setpoint) */
  rampS?: number;
  /** seconds at the setpoint after the ramp */
  holdS?: number;
  /** how far the pressure falls, linearly, over the hold (kPa) */
  sagKpa?: number;
}

/** 1 Hz samples: 0 → `setpointKpa` over `rampS`, then `holdS` seconds falling by `sagKpa`. */
export function pressureTrace(setpointKpa: number, shape: TraceShape = {}): PressureSample[] {
  const { rampS = 0, holdS = 60, sagKpa = 0 } = shape;
  const out: PressureSample[] = [];
  for (let t = 0; t <= rampS + holdS; t++) {
    const kpa = t < rampS ? (setpointKpa * t) / rampS : setpointKpa - (sagKpa * (t - rampS)) / holdS;
    out.push({ tS: t, kpa: Math.round(kpa * 10) / 10 });
  }
  return out;
}

/** A valid test of a meter with MAP `mapMpa`: commanded to the profile's setpoint and held. */
export function heldTightness(mapMpa: number, seen: { leak?: boolean; damage?: boolean } = {}, profile: RegulationProfile = defaultProfile): TightnessTest {
  const meter: Pick<Meter, 'mapMpa'> = { mapMpa };
  const p = tightnessPressures(meter, profile);
  if (p === null) throw new Error('heldTightness needs a MAP');
  return {
    setpointKpa: p.setpointKpa,
    trace: pressureTrace(p.setpointKpa, { rampS: 5, holdS: p.holdSeconds }),
    gauge: { id: 'PG-0417', uKpa: 10 },
    leak: seen.leak ?? false,
    damage: seen.damage ?? false,
  };
}
