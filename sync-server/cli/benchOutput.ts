/**
 * The JSON Lines bench-check prints for each session event: full-precision numbers as the
 * domain computed them, plus E rounded half-to-even to 0.01 % as it is reported
 * (domain.md §3.4, GB/T 8170).
 */
import type { SessionEvent } from '../../web/src/bench/session/events.ts';
import { roundHalfEven } from '../../web/src/domain/index.ts';

export function sessionEventLine(e: SessionEvent): object | null {
  switch (e.type) {
    case 'bench':
      return { event: 'bench', ...e.identity };
    case 'tightness-done':
      return { event: 'tightness', kpa0: e.kpa0, kpa1: e.kpa1, holdS: e.holdS };
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
      return { event: 'run-interrupted', runId: e.runId, point: e.point, cause: e.cause };
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
