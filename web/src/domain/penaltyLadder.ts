/**
 * The penalty ladder per enterprise as a pure state machine (pilot plan §penalty ladder;
 * docs/rules.md R-PENALTY): events in, state out, nothing else.
 *
 *   normal ──1st non-conforming sampling──▶ batch-returned
 *   batch-returned ──2nd──▶ rectifying (deadline, sales of 二检合一 meters stopped)
 *   rectifying ──rectification passed──▶ normal (the history stays)
 *   rectifying ──rectification failed──▶ pilot-stopped (published)
 *   any ──3rd non-conforming sampling──▶ revoked
 *   any but revoked ──authorisation revoked (regulator's decision)──▶ revoked
 *   revoked | pilot-stopped ──new authorisation──▶ normal, count restarts
 *
 * The counts come from the profile. Every transition records its date, reason and who
 * decided. An event that the current state does not admit is refused with a typed error,
 * never ignored: a revoked enterprise returns to normal only through a new authorisation.
 */
import { compareIsoDate, isoDate, type IsoDate } from './calendarDate.ts';
import { DomainError } from './errors.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export type EnterpriseStanding = 'normal' | 'batch-returned' | 'rectifying' | 'pilot-stopped' | 'revoked';

interface EventBase {
  date: IsoDate;
  reason: string;
  /** the person or body that decided, e.g. "市场监管局 张三" */
  decidedBy: string;
  /** the decision's document number (文号), shown wherever the decision is shown */
  reference?: string;
}

export type PenaltyEvent =
  | (EventBase & {
      type: 'non-conforming-sampling';
      samplingId?: string;
      /** the batch returned */
      batchId?: string;
      /** the model and specification whose work, shipping and selling stop (pilot plan §五.2) */
      model?: string;
      rectificationDeadline?: IsoDate;
    })
  | (EventBase & { type: 'rectification-passed'; model?: string })
  | (EventBase & { type: 'rectification-failed' })
  | (EventBase & { type: 'authorisation-revoked' })
  | (EventBase & { type: 'new-authorisation'; authorisationId: string });

export interface PenaltyTransition {
  event: PenaltyEvent['type'];
  from: EnterpriseStanding;
  to: EnterpriseStanding;
  date: IsoDate;
  reason: string;
  decidedBy: string;
  /** non-conforming samplings counted after this event */
  nonConformingSamplings: number;
}

export interface PenaltyState {
  standing: EnterpriseStanding;
  /** non-conforming samplings under the current authorisation */
  nonConformingSamplings: number;
  /** no sales of 二检合一 meters: rectifying, pilot stopped or revoked */
  salesStopped: boolean;
  rectificationDeadline?: IsoDate;
  /** every transition, oldest first; never shortened, also not by a new authorisation */
  history: readonly PenaltyTransition[];
}

export type PenaltyLadderErrorCode = 'invalid-transition' | 'event-out-of-order' | 'missing-deadline' | 'invalid-event';

export class PenaltyLadderError extends DomainError {
  constructor(
    readonly code: PenaltyLadderErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const initialPenaltyState: PenaltyState = Object.freeze({
  standing: 'normal',
  nonConformingSamplings: 0,
  salesStopped: false,
  history: Object.freeze([]) as readonly PenaltyTransition[],
});

/** Which events each standing admits. */
const ADMITS: Record<EnterpriseStanding, readonly PenaltyEvent['type'][]> = {
  normal: ['non-conforming-sampling', 'authorisation-revoked'],
  'batch-returned': ['non-conforming-sampling', 'authorisation-revoked'],
  rectifying: ['non-conforming-sampling', 'rectification-passed', 'rectification-failed', 'authorisation-revoked'],
  'pilot-stopped': ['non-conforming-sampling', 'authorisation-revoked', 'new-authorisation'],
  revoked: ['new-authorisation'],
};

function requireDate(date: string, what: string): void {
  try {
    isoDate(date);
  } catch {
    throw new PenaltyLadderError('invalid-event', `${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
}

function checkEvent(state: PenaltyState, event: PenaltyEvent): void {
  if (event.reason.trim() === '') throw new PenaltyLadderError('invalid-event', `${event.type}: a reason is required`);
  if (event.decidedBy.trim() === '') throw new PenaltyLadderError('invalid-event', `${event.type}: who decided is required`);
  requireDate(event.date, `${event.type}: date`);
  const last = state.history[state.history.length - 1];
  if (last !== undefined && compareIsoDate(event.date, last.date) < 0) {
    throw new PenaltyLadderError('event-out-of-order', `${event.type} on ${event.date} is earlier than the last step on ${last.date}`);
  }
  if (!ADMITS[state.standing].includes(event.type)) {
    throw new PenaltyLadderError('invalid-transition', `${event.type} is not possible while the enterprise is ${state.standing}`);
  }
}

function afterSampling(state: PenaltyState, count: number, profile: RegulationProfile): EnterpriseStanding {
  const { batchReturnedAt, rectificationAt, revokedAt } = profile.penaltyLadder.value;
  if (count >= revokedAt) return 'revoked';
  // Once stopped, the pilot stays stopped; only revocation lies further up the ladder.
  if (state.standing === 'pilot-stopped') return 'pilot-stopped';
  if (count >= rectificationAt) return 'rectifying';
  if (count >= batchReturnedAt) return 'batch-returned';
  return state.standing;
}

/**
 * The state after `event`.
 * @throws PenaltyLadderError `invalid-transition` if the standing does not admit the
 *   event, `event-out-of-order` if it is dated before the last step, `missing-deadline`
 *   if rectification is ordered without a deadline, `invalid-event` if reason or
 *   decider is blank.
 */
export function applyPenaltyEvent(state: PenaltyState, event: PenaltyEvent, profile: RegulationProfile): PenaltyState {
  checkEvent(state, event);
  let count = state.nonConformingSamplings;
  let to: EnterpriseStanding;
  let deadline = state.rectificationDeadline;
  switch (event.type) {
    case 'non-conforming-sampling':
      count += 1;
      to = afterSampling(state, count, profile);
      if (to === 'rectifying' && state.standing !== 'rectifying') {
        if (event.rectificationDeadline === undefined) {
          throw new PenaltyLadderError('missing-deadline', 'rectification is ordered with a deadline (rectificationDeadline)');
        }
        requireDate(event.rectificationDeadline, 'rectificationDeadline');
        if (compareIsoDate(event.rectificationDeadline, event.date) <= 0) {
          throw new PenaltyLadderError('invalid-event', `the rectification deadline ${event.rectificationDeadline} must be after ${event.date}`);
        }
        deadline = event.rectificationDeadline;
      }
      break;
    case 'rectification-passed':
      to = 'normal';
      break;
    case 'rectification-failed':
      to = 'pilot-stopped';
      break;
    case 'authorisation-revoked':
      to = 'revoked';
      break;
    case 'new-authorisation':
      to = 'normal';
      count = 0;
      break;
  }
  if (to !== 'rectifying') deadline = undefined;
  const transition: PenaltyTransition = {
    event: event.type,
    from: state.standing,
    to,
    date: event.date,
    reason: event.reason,
    decidedBy: event.decidedBy,
    nonConformingSamplings: count,
  };
  return {
    standing: to,
    nonConformingSamplings: count,
    salesStopped: to === 'rectifying' || to === 'pilot-stopped' || to === 'revoked',
    ...(deadline === undefined ? {} : { rectificationDeadline: deadline }),
    history: [...state.history, transition],
  };
}

export type PenaltyResult = { ok: true; state: PenaltyState } | { ok: false; error: PenaltyLadderError };

/** Like `applyPenaltyEvent`, but a refused event is returned, not thrown. */
export function tryApplyPenaltyEvent(state: PenaltyState, event: PenaltyEvent, profile: RegulationProfile): PenaltyResult {
  try {
    return { ok: true, state: applyPenaltyEvent(state, event, profile) };
  } catch (error) {
    if (error instanceof PenaltyLadderError) return { ok: false, error };
    throw error;
  }
}

/** Replays an enterprise's events from the start. @throws PenaltyLadderError at the first refused event. */
export function replayPenaltyEvents(events: readonly PenaltyEvent[], profile: RegulationProfile): PenaltyState {
  return events.reduce((state, event) => applyPenaltyEvent(state, event, profile), initialPenaltyState);
}
