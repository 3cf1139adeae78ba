/**
 * What the bench screen's connect form starts from: the operator this PC remembers, today's
 * batch number, and the demo bench's speed and positions from the page's address.
 */
import { defaultProfile, isOperatorName, normaliseOperatorName, pilotDate } from '../../domain/index.ts';

const operatorKey = 'erjian.operator';

/** `<model>-YYYYMMDD` of today in Tai'an (docs/rules.md R-DATE), not the PC's own zone. */
export function todayBatchId(model: string, now: Date): string {
  return `${model}-${pilotDate(now, defaultProfile).replaceAll('-', '')}`;
}

/** The operator remembered on this PC; a stored value that names no person (the old placeholder) is none. */
export function rememberedOperator(): string {
  const stored = normaliseOperatorName(localStorage.getItem(operatorKey) ?? '');
  return isOperatorName(stored) ? stored : '';
}

export function rememberOperator(name: string): void {
  localStorage.setItem(operatorKey, normaliseOperatorName(name));
}

/**
 * The demo bench's speed and positions from `#/bench?speed=S&positions=N` (positions 1–40,
 * for trying a bigger bench; the tests run the demo faster than real time).
 */
export function demoParams(hash: string): { demoSpeed?: number; demoPositions?: number } {
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  const speed = Number(params.get('speed'));
  const n = Number(params.get('positions'));
  return { ...(speed > 0 ? { demoSpeed: speed } : {}), ...(Number.isInteger(n) && n >= 1 && n <= 40 ? { demoPositions: n } : {}) };
}
