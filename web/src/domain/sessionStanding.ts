/**
 * What the penalty ladder means for a verification session about to start on a bench
 * (docs/penalties.md "At the bench", docs/rules.md R-PENALTY): a non-conforming sampling stops
 * work, shipping and selling of the same model and specification until its rectification is
 * accepted (Annex 1 item 6); rectification stops sales of 二检合一 meters; a stopped pilot or a
 * revoked qualification stops 二检合一 altogether. The bench PC knows the standing from its last
 * sync, so the operator is told before spending a session on what cannot be certified.
 *
 * These are notices, not refusals: a verification of a blocked model is still a measurement the
 * enterprise needs (rectification tests) and its raw data is kept; what is refused is the
 * certificate and the label (`canIssue`). The bench screen asks the operator to acknowledge them
 * before the session starts.
 */
import type { IsoDate } from './calendarDate.ts';
import type { EnterpriseStandingInput } from './canIssue.ts';
import { blockOf } from './penaltyLadder.ts';

export type SessionStandingNotice =
  /** the chosen model is blocked since the non-conforming sampling's decision (`since`, its 文号) */
  | { code: 'model-blocked'; model: string; since: IsoDate; reference?: string; batchId?: string }
  /** the enterprise is ordered to rectify (the decision's `date`, 文号, and the deadline) */
  | { code: 'enterprise-rectifying'; deadline?: IsoDate; date?: IsoDate; reference?: string }
  /** the pilot is stopped for the enterprise after a failed rectification */
  | { code: 'enterprise-pilot-stopped'; date?: IsoDate; reference?: string }
  /** the enterprise's 二检合一 qualification is revoked */
  | { code: 'enterprise-revoked'; date?: IsoDate; reference?: string };

export type SessionStandingNoticeCode = SessionStandingNotice['code'];

export const sessionStandingNoticeCodes = ['model-blocked', 'enterprise-rectifying', 'enterprise-pilot-stopped', 'enterprise-revoked'] as const satisfies readonly SessionStandingNoticeCode[];

/** The decision's date and 文号, as far as this PC knows them (an older cache has none). */
function decisionOf(enterprise: EnterpriseStandingInput): { date?: IsoDate; reference?: string } {
  const d = enterprise.lastDecision;
  if (d === undefined || d === null) return {};
  return { date: d.date, ...(d.reference === undefined ? {} : { reference: d.reference }) };
}

/**
 * The notices for a session of `model` under the enterprise's cached standing: the model's block
 * first (it names the model the operator chose), then the enterprise's own standing. Empty when
 * nothing stands in the way — also when the standing is unknown (no sync yet): issuing then
 * refuses on its own grounds (no authorisation), and the bench does not guess a penalty.
 * `batch-returned` without a block of this model gives no notice: it stops only the blocked model.
 */
export function sessionStandingNotices(enterprise: EnterpriseStandingInput | null | undefined, model: string): SessionStandingNotice[] {
  if (enterprise === null || enterprise === undefined) return [];
  const out: SessionStandingNotice[] = [];
  const block = model.trim() === '' ? undefined : blockOf({ blockedModels: enterprise.blockedModels ?? [] }, model);
  if (block !== undefined) {
    out.push({
      code: 'model-blocked',
      model: block.model,
      since: block.since,
      ...(block.reference === undefined ? {} : { reference: block.reference }),
      ...(block.batchId === undefined ? {} : { batchId: block.batchId }),
    });
  }
  switch (enterprise.standing) {
    case 'rectifying':
      out.push({
        code: 'enterprise-rectifying',
        ...(enterprise.rectificationDeadline === undefined ? {} : { deadline: enterprise.rectificationDeadline }),
        ...decisionOf(enterprise),
      });
      break;
    case 'pilot-stopped':
      out.push({ code: 'enterprise-pilot-stopped', ...decisionOf(enterprise) });
      break;
    case 'revoked':
      out.push({ code: 'enterprise-revoked', ...decisionOf(enterprise) });
      break;
    case 'normal':
    case 'batch-returned':
      break;
  }
  return out;
}
