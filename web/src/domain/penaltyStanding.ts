/**
 * What a bench PC is told of an enterprise's penalty ladder (docs/penalties.md "On the wire"):
 * the standing, the models blocked, the rectification's deadline, and the decision behind
 * the standing with its 文号 — enough for `canIssue` to refuse and to say which decision
 * refuses. The pull's `enterprise.standing` is this shape (web/src/sync/protocol.ts
 * `enterpriseStandingSchema`, checked equal by the compiler).
 */
import type { IsoDate } from './calendarDate.ts';
import type { BlockedModel, EnterpriseStanding, PenaltyEventType, PenaltyState, PenaltyTransition } from './penaltyLadder.ts';

/** A decision as the bench PC shows it: what, when, under which 文号. */
export interface PenaltyDecision {
  type: PenaltyEventType;
  date: IsoDate;
  reference?: string;
}

export interface PenaltyStanding {
  standing: EnterpriseStanding;
  nonConformingSamplings: number;
  salesStopped: boolean;
  rectificationDeadline?: IsoDate;
  blockedModels: readonly BlockedModel[];
  /** the decision that brought the present standing (the latest step that changed it); null before any */
  lastDecision: PenaltyDecision | null;
}

/** What a bench PC is sent of the state (the latest step that changed the standing is its decision). */
export function penaltyStandingOf(state: PenaltyState): PenaltyStanding {
  let decision: PenaltyTransition | undefined;
  for (let i = state.history.length - 1; i >= 0 && decision === undefined; i--) {
    const t = state.history[i]!;
    if (t.from !== t.to) decision = t;
  }
  return {
    standing: state.standing,
    nonConformingSamplings: state.nonConformingSamplings,
    salesStopped: state.salesStopped,
    ...(state.rectificationDeadline === undefined ? {} : { rectificationDeadline: state.rectificationDeadline }),
    blockedModels: state.blockedModels,
    lastDecision: decision === undefined ? null : { type: decision.event, date: decision.date, ...(decision.reference === undefined ? {} : { reference: decision.reference }) },
  };
}
