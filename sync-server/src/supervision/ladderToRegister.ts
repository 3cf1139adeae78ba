/**
 * The ladder's last two steps reach the authorisation register (docs/penalties.md
 * "Published"; docs/authorisations.md): the pilot stopped after a failed rectification
 * suspends each of the enterprise's authorisations from that date, open-ended; the 3rd
 * non-conforming sampling (or the regulator's revocation) revokes them from that date. So the
 * announcement page (一公开), the bench PCs' pulled authorisation and the NQI record's
 * certificate number all tell the same story as the ladder. Each change is an
 * `authorisation_events` row citing the ladder's event and its 文号.
 */
import type { PenaltyEvent, PenaltyTransition } from '../../../web/src/domain/penaltyLadder.ts';
import type { AppDeps } from '../deps.ts';
import { all, qb } from '../db/sql.ts';
import { readAuthorisation, recordEvent, saveAuthorisation, statusChange } from './authorisationStore.ts';

export function applyLadderToRegister(deps: AppDeps, enterpriseId: string, transition: PenaltyTransition, event: PenaltyEvent, penaltyEventId: number, recordedBy: string): void {
  if (transition.from === transition.to) return;
  const kind = transition.to === 'revoked' ? 'revoked' : transition.to === 'pilot-stopped' ? 'suspended' : null;
  if (kind === null) return;
  const ids = all(deps.db, qb.selectFrom('authorisations').select('id').where('enterprise_id', '=', enterpriseId)).map((r) => r.id);
  for (const id of ids) {
    const reason = kind === 'revoked' ? `处罚阶梯：取消二检合一资质（${event.reason}）` : `处罚阶梯：整改不合格，停止试点（${event.reason}）`;
    // the register's own rule: an authorisation already revoked, already suspended, or issued after the decision is left as it is
    const change = statusChange(readAuthorisation(deps, id), kind === 'revoked' ? 'revoke' : 'suspend', event.date, reason, event.reference ?? null);
    if (!change.ok) continue;
    saveAuthorisation(deps, change.body);
    recordEvent(deps, {
      authorisationId: id,
      enterpriseId,
      kind,
      decision: { reason, decidedBy: event.decidedBy, decidedOn: event.date, reference: event.reference ?? null },
      details: { penaltyEventId, ladder: transition.to },
      recordedBy,
    });
  }
}
