/**
 * The penalty ladder on the server (docs/penalties.md): every event is a row of
 * `penalty_events`; the enterprise's standing is the domain's replay of them
 * (web/src/domain/penaltyLadder.ts), written to `enterprises.standing` as the ladder's body
 * (protocol `enterpriseStandingSchema`). The pull cursor's `updated_at` moves with it, and
 * every pull sends the enterprise's standing, so bench PCs learn it on their next sync.
 */
import type { PenaltyEvent, PenaltyState, PenaltyTransition } from '../../../web/src/domain/penaltyLadder.ts';
import { applyPenaltyEvent, initialPenaltyState, PenaltyLadderError } from '../../../web/src/domain/penaltyLadder.ts';
import { penaltyStandingOf } from '../../../web/src/domain/penaltyStanding.ts';
import type { AppDeps } from '../deps.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { all, insertId, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { applyLadderToRegister } from './ladderToRegister.ts';
import type { PenaltyEventView } from './penaltyApi.ts';

export interface RecordedPenalty {
  id: number;
  state: PenaltyState;
}

interface EventRow {
  id: number;
  body: string;
  published: number;
  recorded_by: string;
  recorded_at: string;
}

function eventRows(deps: AppDeps, enterpriseId: string): EventRow[] {
  return all(deps.db, qb.selectFrom('penalty_events').select(['id', 'body', 'published', 'recorded_by', 'recorded_at']).where('enterprise_id', '=', enterpriseId).orderBy('id')) as EventRow[];
}

/** The events of an enterprise, oldest first. */
export function penaltyEventsOf(deps: AppDeps, enterpriseId: string): PenaltyEvent[] {
  return eventRows(deps, enterpriseId).map((r) => JSON.parse(r.body) as PenaltyEvent);
}

export function penaltyStateOf(deps: AppDeps, enterpriseId: string): PenaltyState {
  return penaltyEventsOf(deps, enterpriseId).reduce((s, e) => applyPenaltyEvent(s, e, defaultProfile), initialPenaltyState);
}

/** What a bench PC pulls as the enterprise's standing (protocol `enterpriseStandingSchema`), as the column stores it. */
export function standingBody(state: PenaltyState): string {
  return JSON.stringify(penaltyStandingOf(state));
}

/**
 * Published on the public announcement page (一公开): the steps the plan makes public — the
 * pilot stopped after a failed rectification (停止试点并予以公示) and the qualification
 * revoked (取消资质) — and a new authorisation after them, so the page does not go on
 * showing a stop that has ended (docs/penalties.md "Published").
 */
function isPublished(transition: PenaltyTransition): boolean {
  if (transition.event === 'new-authorisation') return true;
  return transition.from !== transition.to && (transition.to === 'pilot-stopped' || transition.to === 'revoked');
}

/**
 * Appends an event after the domain accepted it, and writes the new standing, in one
 * transaction. @throws HttpError 409 with the domain's code when the ladder refuses it.
 */
export function recordPenaltyEvent(deps: AppDeps, enterpriseId: string, event: PenaltyEvent, recordedBy: string): RecordedPenalty {
  return deps.db.transaction(() => {
    let state: PenaltyState;
    try {
      state = applyPenaltyEvent(penaltyStateOf(deps, enterpriseId), event, defaultProfile);
    } catch (err) {
      if (err instanceof PenaltyLadderError) throw new HttpError(409, err.code, err.message);
      throw err;
    }
    const now = deps.clock().toISOString();
    const transition = state.history[state.history.length - 1]!;
    const id = insertId(
      deps.db,
      qb.insertInto('penalty_events').values({
        enterprise_id: enterpriseId,
        body: JSON.stringify(event),
        type: event.type,
        event_date: event.date,
        published: isPublished(transition) ? 1 : 0,
        recorded_by: recordedBy,
        recorded_at: now,
      }),
    );
    run(deps.db, qb.updateTable('enterprises').set({ standing: standingBody(state), updated_at: now }).where('id', '=', enterpriseId));
    applyLadderToRegister(deps, enterpriseId, transition, event, id, recordedBy);
    return { id, state };
  })();
}

/** The enterprise's events with the step each made and who recorded it when, oldest first, and the state they lead to. */
export function penaltyLadderOf(deps: AppDeps, enterpriseId: string): { state: PenaltyState; events: PenaltyEventView[] } {
  const rows = eventRows(deps, enterpriseId);
  const names = new Map(all(deps.db, qb.selectFrom('users').select(['username', 'display_name'])).map((u) => [u.username, u.display_name]));
  let state = initialPenaltyState;
  const events: PenaltyEventView[] = [];
  for (const r of rows) {
    const event = JSON.parse(r.body) as PenaltyEvent;
    state = applyPenaltyEvent(state, event, defaultProfile);
    const t = state.history[state.history.length - 1]!;
    events.push({
      id: r.id,
      event,
      from: t.from,
      to: t.to,
      nonConformingSamplings: t.nonConformingSamplings,
      published: r.published === 1,
      recordedBy: r.recorded_by,
      recordedByName: names.get(r.recorded_by) ?? r.recorded_by,
      recordedAt: r.recorded_at,
    });
  }
  return { state, events };
}
