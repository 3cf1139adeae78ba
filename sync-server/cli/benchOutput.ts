/**
 * The JSON Lines bench-check prints for each session event: full-precision numbers as the
 * domain computed them, plus E rounded half-to-even to 0.01 % as it is reported
 * (docs/rules.md R-ERROR, GB/T 8170).
 */
import type { SessionEvent } from '../../web/src/bench/session/events.ts';
import type { TightnessOutcome } from '../../web/src/bench/session/tightnessRun.ts';
import { roundHalfEven } from '../../web/src/domain/index.ts';

export function sessionEventLine(e: SessionEvent): object | null {
  switch (e.type) {
    case 'bench':
      return { event: 'bench', ...e.identity };
    case 'tightness-done':
      return { event: 'tightness', ...tightnessFields(e.test) };
    case 'tightness-invalid':
      return { event: 'tightness-invalid', ...tightnessFields(e.test) };
    case 'tightness-confirmed':
      return { event: 'tightness-confirmed', pos: e.pos, leak: e.leak, damage: e.damage };
    case 'run-result': {
      const va = e.positions.find((p) => p.evaluation !== undefined)?.evaluation?.vaL ?? null;
      return {
        event: 'run',
        runId: e.runId,
        point: e.point,
        flowLph: e.flowLph,
        waterC: e.waterC,
        vaL: va,
        positions: e.positions.map((p) => ({
          pos: p.pos,
          serial: p.serial,
          viL: p.viL ?? null,
          errorPct: p.evaluation?.errorPct ?? null,
          errorPctReported: p.evaluation === undefined ? null : roundHalfEven(p.evaluation.errorPct, 2),
          mpePct: p.evaluation?.mpePct ?? null,
          zone: p.evaluation?.zone ?? null,
          valid: p.evaluation?.valid ?? false,
          pass: p.evaluation?.pass ?? false,
          reasons: p.evaluation?.reasons ?? ['missing-mv'],
          counted: p.counted,
        })),
      };
    }
    case 'run-invalid':
      return { event: 'run-invalid', runId: e.runId, point: e.point, reasons: e.reasons, willRepeat: e.willRepeat };
    case 'run-incomplete':
      return { event: 'run-incomplete', runId: e.runId, point: e.point, missingPositions: e.missingPositions, willRepeat: e.willRepeat };
    case 'run-aborted':
      return { event: 'run-aborted', runId: e.runId, point: e.point, reason: e.reason, willRepeat: e.willRepeat };
    case 'run-interrupted':
      return { event: 'run-interrupted', runId: e.runId, point: e.point, cause: e.cause, willRepeat: e.willRepeat };
    case 'tightness-interrupted':
      return { event: 'tightness-interrupted', cause: e.cause, willRepeat: e.willRepeat };
    case 'fault':
      return { event: 'fault', code: e.code, detail: e.detail, count: e.count };
    case 'verdict':
      return {
        event: 'verdict',
        pos: e.pos,
        serial: e.serial,
        passed: e.verdict.passed,
        reasons: e.verdict.reasons,
        points: Object.fromEntries(Object.entries(e.verdict.points).map(([k, v]) => [k, { passed: v.passed, reason: v.reason ?? null }])),
      };
    case 'reconnect-offered':
      return { event: 'reconnect-offered' };
    default:
      return null;
  }
}

/**
 * A tightness test as bench-check reports it (docs/rules.md R-TIGHT): valid or not and
 * why, the hold window the domain judged, the decay hint, the gauge — the trace itself is
 * in the raw lines (--raw) and in each meter's record.
 */
function tightnessFields(t: TightnessOutcome): object {
  const c = t.condition;
  return {
    valid: t.valid,
    reasons: c.reasons,
    setpointKpa: t.setpointKpa,
    requiredKpa: t.requiredKpa,
    reachedAtS: c.reachedAtS,
    heldS: c.heldS,
    minKpaInHold: c.minKpaInHold,
    decayKpa: c.decayKpa,
    leakHint: c.leakHint,
    samples: t.trace.length,
    kpa0: t.kpa0,
    kpa1: t.kpa1,
    holdS: t.holdS,
    gauge: t.gauge ?? null,
  };
}
