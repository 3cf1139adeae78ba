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
import { readAuthorisation, recordEvent, saveAuthorisation } from './authorisationStore.ts';

export function applyLadderToRegister(deps: AppDeps, enterpriseId: string, transition: PenaltyTransition, event: PenaltyEvent, penaltyEventId: number, recordedBy: string): void {
  if (transition.from === transition.to) return;
  const kind = transition.to === 'revoked' ? 'revoked' : transition.to === 'pilot-stopped' ? 'suspended' : null;
  if (kind === null) return;
  const ids = all(deps.db, qb.selectFrom('authorisations').select('id').where('enterprise_id', '=', enterpriseId)).map((r) => r.id);
  for (const id of ids) {
    const auth = readAuthorisation(deps, id);
    if (auth.revokedOn !== undefined) continue;
    const open = (auth.suspensions ?? []).some((s) => s.until === undefined);
    if (kind === 'suspended' && open) continue;
    const reason = kind === 'revoked' ? `处罚阶梯：取消二检合一资质（${event.reason}）` : `处罚阶梯：整改不合格，停止试点（${event.reason}）`;
    const reference = event.reference === undefined ? {} : { reference: event.reference };
    const next =
      kind === 'revoked'
        ? { ...auth, revokedOn: event.date, ...(event.reference === undefined ? {} : { revokedReference: event.reference }) }
        : { ...auth, suspensions: [...(auth.suspensions ?? []), { from: event.date, reason, ...reference }] };
    saveAuthorisation(deps, next);
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
