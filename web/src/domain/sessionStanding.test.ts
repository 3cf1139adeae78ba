import { describe, expect, it } from 'vitest';
import { applyPenaltyEvent, initialPenaltyState, type PenaltyEvent, type PenaltyState } from './penaltyLadder.ts';
import { penaltyStandingOf } from './penaltyStanding.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';
import { sessionStandingNotices } from './sessionStanding.ts';

const by = { reason: '双随机抽检不合格', decidedBy: '泰安市市场监管局' };
const REF1 = '泰市监量〔2026〕12号';
const REF2 = '泰市监量〔2027〕3号';

const steps = (events: PenaltyEvent[]): PenaltyState => events.reduce((s, e) => applyPenaltyEvent(s, e, profile), initialPenaltyState);
const first: PenaltyEvent = { type: 'non-conforming-sampling', date: '2026-12-03', ...by, reference: REF1, model: 'LXS-15E', batchId: 'LXS-15E-1202' };
const second: PenaltyEvent = { type: 'non-conforming-sampling', date: '2027-01-10', ...by, reference: REF2, model: 'LXS-20E', rectificationDeadline: '2027-03-10' };

describe('sessionStandingNotices', () => {
  it('says nothing without a cached standing, or for a normal enterprise', () => {
    expect(sessionStandingNotices(null, 'LXS-15E')).toEqual([]);
    expect(sessionStandingNotices(undefined, 'LXS-15E')).toEqual([]);
    expect(sessionStandingNotices(penaltyStandingOf(initialPenaltyState), 'LXS-15E')).toEqual([]);
    // an older cache: the standing alone
    expect(sessionStandingNotices({ standing: 'normal' }, 'LXS-15E')).toEqual([]);
  });

  it('names the blocked model with the decision’s date, 文号 and batch; another model of the same enterprise gets nothing', () => {
    const standing = penaltyStandingOf(steps([first]));
    expect(standing.standing).toBe('batch-returned');
    expect(sessionStandingNotices(standing, 'LXS-15E')).toEqual([{ code: 'model-blocked', model: 'LXS-15E', since: '2026-12-03', reference: REF1, batchId: 'LXS-15E-1202' }]);
    expect(sessionStandingNotices(standing, 'LXS-20E')).toEqual([]);
    expect(sessionStandingNotices(standing, '')).toEqual([]);
  });

  it('compares models as the ladder does (surrounding blanks ignored, nothing else)', () => {
    const standing = penaltyStandingOf(steps([first]));
    expect(sessionStandingNotices(standing, '  LXS-15E ')).toHaveLength(1);
    expect(sessionStandingNotices(standing, 'lxs-15e')).toEqual([]);
    expect(sessionStandingNotices(standing, 'LXS-15')).toEqual([]);
  });

  it('a block without its 文号 leaves the reference out', () => {
    const standing = { standing: 'batch-returned' as const, blockedModels: [{ model: 'LXS-15E', since: '2026-12-03' }] };
    const notices = sessionStandingNotices(standing, 'LXS-15E');
    expect(notices).toEqual([{ code: 'model-blocked', model: 'LXS-15E', since: '2026-12-03' }]);
    expect('reference' in notices[0]!).toBe(false);
  });

  it('rectifying: every model is told, with the deadline and the decision; the blocked model first', () => {
    const standing = penaltyStandingOf(steps([first, second]));
    expect(standing.standing).toBe('rectifying');
    const rectifying = { code: 'enterprise-rectifying', deadline: '2027-03-10', date: '2027-01-10', reference: REF2 };
    expect(sessionStandingNotices(standing, 'LXS-25E')).toEqual([rectifying]);
    expect(sessionStandingNotices(standing, 'LXS-15E')).toEqual([{ code: 'model-blocked', model: 'LXS-15E', since: '2026-12-03', reference: REF1, batchId: 'LXS-15E-1202' }, rectifying]);
    expect(sessionStandingNotices(standing, 'LXS-20E').map((n) => n.code)).toEqual(['model-blocked', 'enterprise-rectifying']);
  });

  it('pilot stopped and revoked: the decision’s date and 文号, for any model', () => {
    const stopped = steps([first, second, { type: 'rectification-failed', date: '2027-03-11', ...by, reference: '泰市监量〔2027〕9号' }]);
    expect(sessionStandingNotices(penaltyStandingOf(stopped), 'LXS-25E')).toEqual([{ code: 'enterprise-pilot-stopped', date: '2027-03-11', reference: '泰市监量〔2027〕9号' }]);
    const revoked = applyPenaltyEvent(stopped, { type: 'authorisation-revoked', date: '2027-04-01', ...by, reference: '泰市监量〔2027〕15号' }, profile);
    expect(sessionStandingNotices(penaltyStandingOf(revoked), 'LXS-25E')).toEqual([{ code: 'enterprise-revoked', date: '2027-04-01', reference: '泰市监量〔2027〕15号' }]);
    // an older cache without the decision: the notice without date or 文号
    expect(sessionStandingNotices({ standing: 'revoked' }, 'LXS-25E')).toEqual([{ code: 'enterprise-revoked' }]);
  });

  it('an accepted rectification lifts the notice', () => {
    const lifted = steps([first, { type: 'rectification-passed', date: '2026-12-20', ...by, reference: '泰市监量〔2026〕30号', model: 'LXS-15E' }]);
    expect(sessionStandingNotices(penaltyStandingOf(lifted), 'LXS-15E')).toEqual([]);
  });
});
