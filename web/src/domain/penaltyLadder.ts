/**
 * The penalty ladder per enterprise as a pure state machine (pilot plan §三(五)2 "完善处罚惩戒
 * 机制" and Annex 1 item 6; docs/rules.md R-PENALTY, docs/penalties.md): events in, state out,
 * nothing else.
 *
 *   normal ──1st non-conforming sampling──▶ batch-returned
 *   batch-returned ──2nd──▶ rectifying (deadline, sales of 二检合一 meters stopped)
 *   batch-returned ──rectification passed (the blocked model)──▶ normal, once no model is blocked
 *   rectifying ──rectification passed──▶ normal (every model block lifted; the history stays)
 *   rectifying ──rectification failed──▶ pilot-stopped (published)
 *   any ──3rd non-conforming sampling──▶ revoked
 *   any but revoked ──authorisation revoked (regulator's decision)──▶ revoked
 *   revoked | pilot-stopped ──new authorisation──▶ normal, count restarts, blocks cleared
 *
 * Beside the standing, every non-conforming sampling that names a model blocks that model
 * and specification (同型号规格): "收到抽样检定不合格通知，即刻停工整改，并停止销售同型号规格产品"
 * (Annex 1 item 6) — work, shipping and selling stop until the regulator records the
 * rectification of that model as accepted (`rectification-passed`). So `normal` always
 * means: no model blocked, sales not stopped.
 *
 * The counts come from the profile. Every transition records its date, reason, who decided
 * and the decision's document number (文号). An event that the current state does not admit
 * is refused with a typed error, never ignored: a revoked enterprise returns to normal only
 * through a new authorisation.
 */
import { compareIsoDate, isoDate, type IsoDate } from './calendarDate.ts';
import { DomainError } from './errors.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

export const enterpriseStandings = ['normal', 'batch-returned', 'rectifying', 'pilot-stopped', 'revoked'] as const;
export type EnterpriseStanding = (typeof enterpriseStandings)[number];

export const penaltyEventTypes = ['non-conforming-sampling', 'rectification-passed', 'rectification-failed', 'authorisation-revoked', 'new-authorisation'] as const;
export type PenaltyEventType = (typeof penaltyEventTypes)[number];

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
      /** the model and specification whose work, shipping and selling stop (Annex 1 item 6) */
      model?: string;
      rectificationDeadline?: IsoDate;
    })
  | (EventBase & {
      type: 'rectification-passed';
      /** the model whose rectification is accepted; required while a model is blocked in `batch-returned` */
      model?: string;
    })
  | (EventBase & { type: 'rectification-failed' })
  | (EventBase & { type: 'authorisation-revoked' })
  | (EventBase & { type: 'new-authorisation'; authorisationId: string });

/** A model and specification whose work, shipping and selling are stopped (Annex 1 item 6). */
export interface BlockedModel {
  model: string;
  /** the date of the non-conforming sampling's decision that blocked it */
  since: IsoDate;
  /** that decision's 文号 */
  reference?: string;
  batchId?: string;
  samplingId?: string;
}

export interface PenaltyTransition {
  event: PenaltyEventType;
  from: EnterpriseStanding;
  to: EnterpriseStanding;
  date: IsoDate;
  reason: string;
  decidedBy: string;
  reference?: string;
  /** the model the event named (blocked by a sampling, or lifted by an accepted rectification) */
  model?: string;
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
  /** models blocked by a non-conforming sampling, in the order they were blocked; one entry per model */
  blockedModels: readonly BlockedModel[];
  /** every transition, oldest first; never shortened, also not by a new authorisation */
  history: readonly PenaltyTransition[];
}

export type PenaltyLadderErrorCode = 'invalid-transition' | 'event-out-of-order' | 'missing-deadline' | 'invalid-event' | 'model-not-blocked';

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
  blockedModels: Object.freeze([]) as readonly BlockedModel[],
  history: Object.freeze([]) as readonly PenaltyTransition[],
});

/** Which events each standing admits. */
const ADMITS: Record<EnterpriseStanding, readonly PenaltyEventType[]> = {
  normal: ['non-conforming-sampling', 'authorisation-revoked'],
  'batch-returned': ['non-conforming-sampling', 'rectification-passed', 'authorisation-revoked'],
  rectifying: ['non-conforming-sampling', 'rectification-passed', 'rectification-failed', 'authorisation-revoked'],
  'pilot-stopped': ['non-conforming-sampling', 'authorisation-revoked', 'new-authorisation'],
  revoked: ['new-authorisation'],
};

/** The events a standing admits (any other is refused with `invalid-transition`). */
export function admittedEvents(standing: EnterpriseStanding): readonly PenaltyEventType[] {
  return ADMITS[standing];
}

/** Models are compared as written on the nameplate (规格型号), without surrounding blanks. */
export function sameModel(a: string, b: string): boolean {
  return a.trim() === b.trim();
}

/** The block of `model`, if it is blocked. */
export function blockOf(state: Pick<PenaltyState, 'blockedModels'>, model: string): BlockedModel | undefined {
  return state.blockedModels.find((b) => sameModel(b.model, model));
}

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
  if ((event.type === 'non-conforming-sampling' || event.type === 'rectification-passed') && event.model !== undefined && event.model.trim() === '') {
    throw new PenaltyLadderError('invalid-event', `${event.type}: the model is blank`);
  }
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
  // Rectifying stays rectifying until the regulator decides on the rectification.
  if (state.standing === 'rectifying') return 'rectifying';
  if (count >= rectificationAt) return 'rectifying';
  if (count >= batchReturnedAt) return 'batch-returned';
  return state.standing;
}

/** The blocks after a non-conforming sampling: its model joins them (a model already blocked keeps its first block). */
function blockSampled(blocks: readonly BlockedModel[], event: Extract<PenaltyEvent, { type: 'non-conforming-sampling' }>): readonly BlockedModel[] {
  if (event.model === undefined || blocks.some((b) => sameModel(b.model, event.model!))) return blocks;
  const block: BlockedModel = {
    model: event.model.trim(),
    since: event.date,
    ...(event.reference === undefined ? {} : { reference: event.reference }),
    ...(event.batchId === undefined ? {} : { batchId: event.batchId }),
    ...(event.samplingId === undefined ? {} : { samplingId: event.samplingId }),
  };
  return [...blocks, block];
}

/**
 * An accepted rectification. While rectifying it ends the rectification ordered for the
 * enterprise: normal again, every model block lifted (the acceptance covers the same-model
 * stops that led to it). While the batch is returned it lifts the named model's block; the
 * enterprise is normal again once no model is blocked.
 */
function afterRectificationPassed(state: PenaltyState, event: Extract<PenaltyEvent, { type: 'rectification-passed' }>): { to: EnterpriseStanding; blocks: readonly BlockedModel[] } {
  if (event.model !== undefined && blockOf(state, event.model) === undefined) {
    throw new PenaltyLadderError('model-not-blocked', `model ${event.model} is not blocked: blocked are ${state.blockedModels.map((b) => b.model).join(', ') || 'none'}`);
  }
  if (state.standing === 'rectifying') return { to: 'normal', blocks: [] };
  if (event.model === undefined && state.blockedModels.length > 0) {
    throw new PenaltyLadderError('invalid-event', `rectification-passed: name the model whose rectification is accepted (${state.blockedModels.map((b) => b.model).join(', ')})`);
  }
  const blocks = event.model === undefined ? state.blockedModels : state.blockedModels.filter((b) => !sameModel(b.model, event.model!));
  return { to: blocks.length === 0 ? 'normal' : state.standing, blocks };
}

/**
 * The state after `event`.
 * @throws PenaltyLadderError `invalid-transition` if the standing does not admit the
 *   event, `event-out-of-order` if it is dated before the last step, `missing-deadline`
 *   if rectification is ordered without a deadline, `model-not-blocked` if an accepted
 *   rectification names a model that is not blocked, `invalid-event` if reason, decider or
 *   model is blank, or a returned batch's accepted rectification names no model.
 */
export function applyPenaltyEvent(state: PenaltyState, event: PenaltyEvent, profile: RegulationProfile): PenaltyState {
  checkEvent(state, event);
  let count = state.nonConformingSamplings;
  let to: EnterpriseStanding;
  let deadline = state.rectificationDeadline;
  let blocks = state.blockedModels;
  switch (event.type) {
    case 'non-conforming-sampling':
      count += 1;
      to = afterSampling(state, count, profile);
      blocks = blockSampled(blocks, event);
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
      ({ to, blocks } = afterRectificationPassed(state, event));
      break;
    case 'rectification-failed':
      to = 'pilot-stopped';
      break;
    case 'authorisation-revoked':
      to = 'revoked';
      break;
    case 'new-authorisation':
      // A new authorisation follows a new assessment of the enterprise: the ladder starts again.
      to = 'normal';
      count = 0;
      blocks = [];
      break;
  }
  if (to !== 'rectifying') deadline = undefined;
  const model = event.type === 'non-conforming-sampling' || event.type === 'rectification-passed' ? event.model?.trim() : undefined;
  const transition: PenaltyTransition = {
    event: event.type,
    from: state.standing,
    to,
    date: event.date,
    reason: event.reason,
    decidedBy: event.decidedBy,
    ...(event.reference === undefined ? {} : { reference: event.reference }),
    ...(model === undefined ? {} : { model }),
    nonConformingSamplings: count,
  };
  return {
    standing: to,
    nonConformingSamplings: count,
    salesStopped: to === 'rectifying' || to === 'pilot-stopped' || to === 'revoked',
    ...(deadline === undefined ? {} : { rectificationDeadline: deadline }),
    blockedModels: blocks,
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
