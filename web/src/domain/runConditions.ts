/**
 * Whether a run is a valid test at all (JJG 162-2019 检定方法 · 示值误差; docs/rules.md
 * R-FLOWBAND, R-TEMP, R-VOLUME). An invalid run is not a failure of the meter: it must be
 * repeated. The reasons come in a fixed order so records and reports compare line by line.
 */
import type { FlowPoints } from './flowPoints.ts';
import { definedQuantity } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { AccuracyClass, TestPoint } from './types.ts';

/** Why a run is invalid, in reporting order. */
export type InvalidRunReason = 'flow-out-of-band' | 'temperature-out-of-range' | 'volume-too-small';

/**
 * Every reason a run result carries: only conditions of the test itself. The pilot's scope
 * is not among them — it is the meter's, not the run's (docs/rules.md R-SCOPE).
 */
export type RunReason = InvalidRunReason;

export const RUN_REASON_ORDER: readonly RunReason[] = ['flow-out-of-band', 'temperature-out-of-range', 'volume-too-small'];

/** The allowed actual-flow band of a test point [confirm]: Q1…1.1·Q1, Q2…1.1·Q2, 0.9·Q3…Q3. */
export function flowBand(point: TestPoint, points: FlowPoints, profile: RegulationProfile): { minLph: number; maxLph: number } {
  const band = profile.flowBands.value[point];
  const nominal = point === 'Q1' ? points.q1Lph : point === 'Q2' ? points.q2Lph : points.q3Lph;
  return { minLph: definedQuantity(band.minFactor * nominal), maxLph: definedQuantity(band.maxFactor * nominal) };
}

/** The smallest test volume for start–stop reading [confirm]: 200·δ (class 2), 400·δ (class 1). */
export function minimumVolumeL(accuracyClass: AccuracyClass, deltaL: number, profile: RegulationProfile): number {
  const factors = profile.minimumVolumeFactor.value;
  return definedQuantity((accuracyClass === 1 ? factors.class1 : factors.class2) * deltaL);
}

export interface RunConditionsInput {
  point: TestPoint;
  flowLph: number;
  waterTempC: number;
  actualL: number;
  accuracyClass: AccuracyClass;
  deltaL: number;
}

/** The reasons that make a run invalid, in `RUN_REASON_ORDER`; empty when valid. */
export function invalidRunReasons(input: RunConditionsInput, points: FlowPoints, profile: RegulationProfile): InvalidRunReason[] {
  const reasons: InvalidRunReason[] = [];
  const band = flowBand(input.point, points, profile);
  if (!(input.flowLph >= band.minLph && input.flowLph <= band.maxLph)) reasons.push('flow-out-of-band');
  const t = profile.temperatureClass.value;
  if (!(input.waterTempC >= t.minC && input.waterTempC <= t.maxC)) reasons.push('temperature-out-of-range');
  if (!(input.actualL >= minimumVolumeL(input.accuracyClass, input.deltaL, profile))) reasons.push('volume-too-small');
  return reasons;
}
