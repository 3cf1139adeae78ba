/**
 * The condition of the tightness test 密封性 (docs/rules.md R-TIGHT): the meters must have
 * held at least 1.6 × MAP for the hold time. Only the hold window is judged — from the
 * first sample at or above the required pressure to the end of the trace — so the ramp
 * up is not held against the test, and a sag that stays above the required pressure
 * (0.3 kPa on a 1.6 MPa test, far inside a gauge's uncertainty) changes nothing. A
 * condition that fails makes the test invalid, to be repeated; it never fails a meter.
 */

/** One pressure reading of the bench (WMB/1 `PT t= kpa=`): bench seconds, kPa. */
export interface PressureSample {
  tS: number;
  kpa: number;
}

export interface HoldLimits {
  /** pressureFactorOfMap × MAP (kPa): the pressure the meters must hold */
  requiredKpa: number;
  /** maxFactorOfMap × MAP (kPa): above this the test is not the prescribed one */
  maxKpa: number;
  /** how long the required pressure must be held (s) */
  holdSeconds: number;
}

export type TightnessConditionCode =
  | 'no-trace'
  | 'trace-out-of-order'
  | 'pressure-not-reached'
  | 'pressure-below-required'
  | 'pressure-over-max'
  | 'hold-too-short';

export interface TightnessConditionReason {
  code: TightnessConditionCode;
  detail?: string;
}

export interface TightnessCondition {
  /** the test counts: the operator may confirm leak / damage on it */
  valid: boolean;
  requiredKpa: number;
  /** when the trace first reached the required pressure (bench s): the hold window opens */
  reachedAtS: number | null;
  /** the hold window's length: from `reachedAtS` to the last sample (s) */
  heldS: number;
  minKpaInHold: number | null;
  /** first minus last pressure of the hold window (kPa); negative when it rose */
  decayKpa: number | null;
  /** the decay is large enough to tell the operator 检查是否泄漏 — a hint, never a verdict */
  leakHint: boolean;
  reasons: TightnessConditionReason[];
}

/**
 * A decay above this fraction of the required pressure during the hold is shown as "check
 * for leaks" (docs/rules.md R-TIGHT). A leak in a closed, water-filled circuit drops the
 * pressure by far more; 0.5 % (8 kPa on a 1.6 MPa test) sits well above a transducer's
 * noise and a thermal sag, so the hint is not cried wolf on every bench.
 */
export const LEAK_HINT_DECAY_FRACTION = 0.005;

const kpaText = (x: number) => `${Number(x.toPrecision(12))} kPa`;

function invalid(requiredKpa: number, reasons: TightnessConditionReason[]): TightnessCondition {
  return { valid: false, requiredKpa, reachedAtS: null, heldS: 0, minKpaInHold: null, decayKpa: null, leakHint: false, reasons };
}

/** Judges a pressure trace against the hold limits; pure, order of the bench's samples kept. */
export function judgeHold(trace: readonly PressureSample[], limits: HoldLimits): TightnessCondition {
  const { requiredKpa, maxKpa, holdSeconds } = limits;
  if (trace.length === 0) return invalid(requiredKpa, [{ code: 'no-trace' }]);
  for (let i = 1; i < trace.length; i++) {
    // Out-of-order times would make the hold length meaningless: the bench is at fault.
    if (trace[i]!.tS < trace[i - 1]!.tS) return invalid(requiredKpa, [{ code: 'trace-out-of-order', detail: `t=${trace[i]!.tS} s after t=${trace[i - 1]!.tS} s` }]);
  }
  const start = trace.findIndex((s) => s.kpa >= requiredKpa);
  if (start < 0) {
    const peak = trace.reduce((m, s) => Math.max(m, s.kpa), -Infinity);
    return invalid(requiredKpa, [{ code: 'pressure-not-reached', detail: `${kpaText(peak)} < ${kpaText(requiredKpa)}` }]);
  }
  const hold = trace.slice(start);
  const first = hold[0]!;
  const last = hold[hold.length - 1]!;
  const reasons: TightnessConditionReason[] = [];
  const dip = hold.find((s) => s.kpa < requiredKpa);
  if (dip !== undefined) reasons.push({ code: 'pressure-below-required', detail: `${kpaText(dip.kpa)} < ${kpaText(requiredKpa)} at ${dip.tS} s` });
  const over = trace.find((s) => s.kpa > maxKpa);
  if (over !== undefined) reasons.push({ code: 'pressure-over-max', detail: `${kpaText(over.kpa)} > ${kpaText(maxKpa)} at ${over.tS} s` });
  const heldS = Number((last.tS - first.tS).toPrecision(12));
  if (!(heldS >= holdSeconds)) reasons.push({ code: 'hold-too-short', detail: `${heldS} s < ${holdSeconds} s` });
  const decayKpa = Number((first.kpa - last.kpa).toPrecision(12));
  return {
    valid: reasons.length === 0,
    requiredKpa,
    reachedAtS: first.tS,
    heldS,
    minKpaInHold: hold.reduce((m, s) => Math.min(m, s.kpa), Infinity),
    decayKpa,
    leakHint: decayKpa > LEAK_HINT_DECAY_FRACTION * requiredKpa,
    reasons,
  };
}
