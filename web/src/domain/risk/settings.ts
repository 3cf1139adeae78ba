/**
 * Pilot defaults of the risk detectors (docs/risk.md). These are supervision heuristics,
 * not regulation: they live here, not in the regulation profile, and a change is a code
 * change reviewed with the rates the generator measures (`npm run bench:risk`). Each value
 * says why it is what it is.
 */
export interface RiskSettings {
  /** batch bias: meters (first valid runs) a batch needs at a point before its mean is judged — fewer and the mean is noise */
  biasMinMeters: number;
  /** drift: run means of a bench and point that form its baseline (Phase I) before it is watched */
  driftBaselineRuns: number;
  /** EWMA weight λ: 0.1 — long memory, for the slow drift of a bench (Montgomery §9.2: λ 0.05–0.25; smaller for smaller shifts) */
  ewmaLambda: number;
  /** EWMA limit width L (σ of the EWMA, widened for the estimated baseline mean): 3.5, so a bench's ~40 watched means a few days raise ≤ 1 % false alarms */
  ewmaL: number;
  /** CUSUM reference value k (σ): 1.25, half of the 2.5 σ step the CUSUM is there to catch fast; smaller steps are the EWMA's */
  cusumK: number;
  /** CUSUM decision interval h (σ): 7, for ≤ 1 % false alarms with a baseline of only `driftBaselineRuns` means */
  cusumH: number;
  /** drift: watched points in a row beyond the limit before the alarm (a run rule: one stray mean is not a drift) */
  driftPersist: number;
  /** copied errors: two meters whose errors agree at every point to this many decimals (%) are copies — honest meters differ in the 3rd decimal */
  copiedDecimals: number;
  /** copied errors: points a vector needs (a single point agrees by chance) */
  copiedMinPoints: number;
  /** low spread: meters a session needs at a point before its spread is judged */
  spreadMinMeters: number;
  /** low spread: pooled SD of E below this fraction of the MPE is implausible (honest lines: 0.15–0.4 × MPE) */
  spreadMinRatio: number;
  /** Va vs flow × duration: relative difference allowed (flow meter ±1 %, start/stop ±1 %, margin) */
  volumeTolerance: number;
  /** clock: a line dated this much before the previous line (s) is the clock going back (NTP steps are below 1 s) */
  clockBackwardsS: number;
  /** clock: a gap between two lines of one session longer than this (s) is a jump (a lunch pause fits) */
  clockJumpS: number;
  /** clock: a line dated this much after the server stored it (s) comes from a clock that is ahead */
  clockAheadS: number;
  /** back-dated: a line dated this much before the server stored an earlier line of the device (s) */
  backDatedS: number;
  /**
   * back-dated: only a push stored at least this long before the line's own push counts as
   * "earlier" (s). A sync sends a backlog page after page, seconds apart: the lines of page 2
   * existed before page 1 was stored, they just did not fit in it.
   */
  syncGapS: number;
  /** rate: a session may be at most this fraction faster than its runs physically need (timer and rounding slack) */
  rateSlack: number;
  /** rate: a bench run's RS→RE time may fall short of its `dur` by this much (s) */
  runTimeSlackS: number;
}

export const RISK_DEFAULTS: Readonly<RiskSettings> = Object.freeze({
  biasMinMeters: 20,
  driftBaselineRuns: 10,
  ewmaLambda: 0.1,
  ewmaL: 3.5,
  cusumK: 1.25,
  cusumH: 7,
  driftPersist: 2,
  copiedDecimals: 4,
  copiedMinPoints: 2,
  spreadMinMeters: 5,
  spreadMinRatio: 0.05,
  volumeTolerance: 0.05,
  clockBackwardsS: 2,
  clockJumpS: 4 * 3600,
  clockAheadS: 600,
  backDatedS: 600,
  syncGapS: 600,
  rateSlack: 0.1,
  runTimeSlackS: 2,
});
