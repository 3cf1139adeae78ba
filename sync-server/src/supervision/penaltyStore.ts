/**
 * The penalty ladder on the server (docs/supervision.md "Penalty ladder"): every event is
 * a row of `penalty_events`; the enterprise's standing is the domain's replay of them
 * (web/src/domain/penaltyLadder.ts), written to `enterprises.standing` (the pull cursor's
 * `updated_at` moves with it, so bench PCs learn it on their next sync).
 */
import type { PenaltyEvent, PenaltyState } from '../../../web/src/domain/penaltyLadder.ts';
import { applyPenaltyEvent, initialPenaltyState, PenaltyLadderError } from '../../../web/src/domain/penaltyLadder.ts';
import type { AppDeps } from '../deps.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { all, insertId, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';

export interface RecordedPenalty {
  id: number;
  state: PenaltyState;
}

/** The events of an enterprise, oldest first. */
export function penaltyEventsOf(deps: AppDeps, enterpriseId: string): PenaltyEvent[] {
  return all(deps.db, qb.selectFrom('penalty_events').select('body').where('enterprise_id', '=', enterpriseId).orderBy('id')).map((r) => JSON.parse(r.body) as PenaltyEvent);
}

export function penaltyStateOf(deps: AppDeps, enterpriseId: string): PenaltyState {
  return penaltyEventsOf(deps, enterpriseId).reduce((s, e) => applyPenaltyEvent(s, e, defaultProfile), initialPenaltyState);
}

/** What a bench PC pulls as the enterprise's standing (protocol `enterpriseStandingSchema`). */
export function standingBody(state: PenaltyState): string {
  return JSON.stringify(state.standing);
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
    const published = event.type === 'non-conforming-sampling' ? state.standing !== 'batch-returned' : event.type !== 'rectification-passed';
    const id = insertId(
      deps.db,
      qb.insertInto('penalty_events').values({ enterprise_id: enterpriseId, body: JSON.stringify(event), type: event.type, event_date: event.date, published: published ? 1 : 0, recorded_by: recordedBy, recorded_at: now }),
    );
    run(deps.db, qb.updateTable('enterprises').set({ standing: standingBody(state), updated_at: now }).where('id', '=', enterpriseId));
    return { id, state };
  })();
}
