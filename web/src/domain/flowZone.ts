/**
 * The flow zone of a run, from the ACTUAL mean flow, not the nominal test point
 * (JJG 162-2019 计量性能要求; docs/rules.md R-MPE): lower if Q < Q2, else upper.
 */
import type { FlowPoints } from './flowPoints.ts';
import { requireFinite } from './numeric.ts';
import type { FlowZone } from './types.ts';

export function flowZone(actualFlowLph: number, points: Pick<FlowPoints, 'q2Lph'>): FlowZone {
  requireFinite('flowLph', actualFlowLph);
  return actualFlowLph < points.q2Lph ? 'lower' : 'upper';
}
