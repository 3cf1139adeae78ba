import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPenaltyEvent,
  initialPenaltyState,
  PenaltyLadderError,
  replayPenaltyEvents,
  tryApplyPenaltyEvent,
  type PenaltyEvent,
  type PenaltyState,
} from './penaltyLadder.ts';
import { penaltyStandingOf } from './penaltyStanding.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';

const by = { reason: 'sampling order 2026-07', decidedBy: '市场监管局 王' };
const nonConforming = (date: string, rectificationDeadline?: string): PenaltyEvent => ({
  type: 'non-conforming-sampling',
  date,
  ...by,
  ...(rectificationDeadline === undefined ? {} : { rectificationDeadline }),
});

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PenaltyLadderError);
    return (err as PenaltyLadderError).code;
  }
  throw new Error('expected a refusal');
}

describe('penalty ladder', () => {
  it('climbs: batch returned → rectifying (sales stopped) → revoked on the 3rd', () => {
    let s: PenaltyState = initialPenaltyState;
    s = applyPenaltyEvent(s, nonConforming('2026-01-05'), profile);
    expect(s).toMatchObject({ standing: 'batch-returned', nonConformingSamplings: 1, salesStopped: false });
    s = applyPenaltyEvent(s, nonConforming('2026-03-05', '2026-06-05'), profile);
    expect(s).toMatchObject({ standing: 'rectifying', salesStopped: true, rectificationDeadline: '2026-06-05' });
    s = applyPenaltyEvent(s, nonConforming('2026-04-05'), profile);
    expect(s).toMatchObject({ standing: 'revoked', nonConformingSamplings: 3, salesStopped: true });
    expect(s.history.map((t) => `${t.from}→${t.to}`)).toEqual(['normal→batch-returned', 'batch-returned→rectifying', 'rectifying→revoked']);
    expect(s.history[2]).toEqual({ event: 'non-conforming-sampling', from: 'rectifying', to: 'revoked', date: '2026-04-05', ...by, nonConformingSamplings: 3 });
  });

  it('rectification passed returns to normal with its history; the next sampling revokes', () => {
    const s = replayPenaltyEvents(
      [
        nonConforming('2026-01-05'),
        nonConforming('2026-03-05', '2026-06-05'),
        { type: 'rectification-passed', date: '2026-06-01', reason: 'rectification report accepted', decidedBy: '市场监管局 李' },
      ],
      profile,
    );
    expect(s).toMatchObject({ standing: 'normal', nonConformingSamplings: 2, salesStopped: false });
    expect(s.rectificationDeadline).toBeUndefined();
    expect(s.history).toHaveLength(3);
    expect(applyPenaltyEvent(s, nonConforming('2026-09-01'), profile).standing).toBe('revoked');
  });

  it('rectification failed stops the pilot; only a new authorisation restarts', () => {
    let s = replayPenaltyEvents(
      [nonConforming('2026-01-05'), nonConforming('2026-03-05', '2026-06-05'), { type: 'rectification-failed', date: '2026-06-06', ...by }],
      profile,
    );
    expect(s).toMatchObject({ standing: 'pilot-stopped', salesStopped: true });
    expect(errorCode(() => applyPenaltyEvent(s, { type: 'rectification-passed', date: '2026-07-01', ...by }, profile))).toBe('invalid-transition');
    s = applyPenaltyEvent(s, { type: 'new-authorisation', date: '2027-01-01', authorisationId: 'AUTH-2027-9', ...by }, profile);
    expect(s).toMatchObject({ standing: 'normal', nonConformingSamplings: 0, salesStopped: false });
    expect(s.history).toHaveLength(4);
  });

  it('refuses what a state does not admit, out-of-order dates, missing deadlines and blank deciders', () => {
    expect(errorCode(() => applyPenaltyEvent(initialPenaltyState, { type: 'rectification-passed', date: '2026-01-01', ...by }, profile))).toBe(
      'invalid-transition',
    );
    expect(errorCode(() => applyPenaltyEvent(initialPenaltyState, { type: 'new-authorisation', date: '2026-01-01', authorisationId: 'x', ...by }, profile))).toBe(
      'invalid-transition',
    );
    const once = applyPenaltyEvent(initialPenaltyState, nonConforming('2026-03-01'), profile);
    expect(errorCode(() => applyPenaltyEvent(once, nonConforming('2026-02-01', '2026-06-01'), profile))).toBe('event-out-of-order');
    expect(errorCode(() => applyPenaltyEvent(once, nonConforming('2026-04-01'), profile))).toBe('missing-deadline');
    expect(errorCode(() => applyPenaltyEvent(once, nonConforming('2026-04-01', '2026-04-01'), profile))).toBe('invalid-event');
    expect(errorCode(() => applyPenaltyEvent(once, { ...nonConforming('2026-04-01', '2026-07-01'), decidedBy: ' ' }, profile))).toBe('invalid-event');
    expect(errorCode(() => applyPenaltyEvent(once, nonConforming('2026-13-01', '2026-07-01'), profile))).toBe('invalid-event');
    const revoked = applyPenaltyEvent(once, { type: 'authorisation-revoked', date: '2026-05-01', ...by }, profile);
    expect(errorCode(() => applyPenaltyEvent(revoked, nonConforming('2026-06-01'), profile))).toBe('invalid-transition');
    expect(tryApplyPenaltyEvent(revoked, { type: 'rectification-passed', date: '2026-06-01', ...by }, profile)).toMatchObject({
      ok: false,
      error: { code: 'invalid-transition' },
    });
  });

  it('never mutates the state it is given', () => {
    const before = structuredClone(initialPenaltyState);
    applyPenaltyEvent(initialPenaltyState, nonConforming('2026-01-05'), profile);
    expect(initialPenaltyState).toEqual(before);
  });

  it('a revoked enterprise never returns to normal without a new authorisation (property)', () => {
    const types = ['non-conforming-sampling', 'rectification-passed', 'rectification-failed', 'authorisation-revoked', 'new-authorisation'] as const;
    const eventArb = fc.record({
      type: fc.constantFrom(...types),
      dayStep: fc.integer({ min: 0, max: 60 }),
      withDeadline: fc.boolean(),
      model: fc.constantFrom('LXS-15E', 'LXS-20E'),
      named: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (steps) => {
        let state: PenaltyState = initialPenaltyState;
        let day = 0;
        for (const step of steps) {
          day += step.dayStep;
          const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
          const deadline = new Date(Date.UTC(2026, 0, 1 + day + 90)).toISOString().slice(0, 10);
          const base = { date, ...by };
          const event: PenaltyEvent =
            step.type === 'new-authorisation'
              ? { type: step.type, authorisationId: `A-${day}`, ...base }
              : step.type === 'non-conforming-sampling'
                ? { type: step.type, ...base, model: step.model, ...(step.withDeadline ? { rectificationDeadline: deadline } : {}) }
                : step.type === 'rectification-passed' && step.named
                  ? { type: step.type, ...base, model: step.model }
                  : { type: step.type, ...base };
          const result = tryApplyPenaltyEvent(state, event, profile);
          if (!result.ok) {
            // A refused event changes nothing and says why.
            expect(result.error).toBeInstanceOf(PenaltyLadderError);
            continue;
          }
          if (state.standing === 'revoked') {
            // Out of revoked there is exactly one way, and it leads to normal.
            expect(event.type).toBe('new-authorisation');
            expect(result.state.standing).toBe('normal');
          }
          if (result.state.standing === 'normal' && state.standing !== 'normal') {
            expect(['rectification-passed', 'new-authorisation']).toContain(event.type);
          }
          // normal always means: nothing blocked, nothing stopped
          if (result.state.standing === 'normal') expect(result.state).toMatchObject({ blockedModels: [], salesStopped: false });
          expect(result.state.history).toHaveLength(state.history.length + 1);
          expect(result.state.history[result.state.history.length - 1]).toMatchObject({ from: state.standing, to: result.state.standing, date });
          state = result.state;
        }
      }),
    );
  });

  it('a model once blocked stays blocked through the ladder until its rectification is accepted', () => {
    const A = { ...by, reference: '泰市监量〔2026〕1号' };
    let s = applyPenaltyEvent(initialPenaltyState, { type: 'non-conforming-sampling', date: '2026-01-05', ...A, model: ' LXS-15E ' }, profile);
    expect(s.blockedModels).toEqual([{ model: 'LXS-15E', since: '2026-01-05', reference: '泰市监量〔2026〕1号' }]);
    // the same model found again keeps its first block
    s = applyPenaltyEvent(s, { type: 'non-conforming-sampling', date: '2026-02-05', ...by, model: 'LXS-15E', rectificationDeadline: '2026-05-05' }, profile);
    expect(s.blockedModels).toEqual([{ model: 'LXS-15E', since: '2026-01-05', reference: '泰市监量〔2026〕1号' }]);
    expect(errorCode(() => applyPenaltyEvent(s, { type: 'rectification-passed', date: '2026-03-01', ...by, model: 'LXS-25E' }, profile))).toBe('model-not-blocked');
    expect(errorCode(() => applyPenaltyEvent(s, { type: 'rectification-passed', date: '2026-03-01', ...by, model: '  ' }, profile))).toBe('invalid-event');
  });

  it('in batch-returned, an accepted rectification names the model and lifts its block: normal again, the count kept', () => {
    const once = applyPenaltyEvent(initialPenaltyState, { type: 'non-conforming-sampling', date: '2026-01-05', ...by, model: 'LXS-15E', batchId: 'B-7' }, profile);
    expect(errorCode(() => applyPenaltyEvent(once, { type: 'rectification-passed', date: '2026-01-20', ...by }, profile))).toBe('invalid-event');
    const lifted = applyPenaltyEvent(once, { type: 'rectification-passed', date: '2026-01-20', ...by, reference: '泰市监量〔2026〕3号', model: 'LXS-15E' }, profile);
    expect(lifted).toMatchObject({ standing: 'normal', nonConformingSamplings: 1, salesStopped: false, blockedModels: [] });
    expect(lifted.history[1]).toMatchObject({ event: 'rectification-passed', from: 'batch-returned', to: 'normal', model: 'LXS-15E', reference: '泰市监量〔2026〕3号' });
    // the next finding is the 2nd
    expect(applyPenaltyEvent(lifted, { type: 'non-conforming-sampling', date: '2026-04-01', ...by, model: 'LXS-20E', rectificationDeadline: '2026-07-01' }, profile).standing).toBe('rectifying');
    // a sampling that named no model blocks none; its rectification needs no model
    const unnamed = applyPenaltyEvent(initialPenaltyState, nonConforming('2026-01-05'), profile);
    expect(applyPenaltyEvent(unnamed, { type: 'rectification-passed', date: '2026-01-06', ...by }, profile).standing).toBe('normal');
  });

  it('the plan end to end with dates: 1st → 2nd with a deadline → failed rectification → 3rd', () => {
    const events: PenaltyEvent[] = [
      {
        type: 'non-conforming-sampling',
        date: '2026-12-03',
        reason: '抽检 S-2026-12：批次 B-1203 抽样 8 只，不合格 1 只',
        decidedBy: '泰安市市场监督管理局',
        reference: '泰市监量〔2026〕12号',
        samplingId: 'S-2026-12',
        batchId: 'B-1203',
        model: 'LXS-15E',
      },
      {
        type: 'non-conforming-sampling',
        date: '2027-02-10',
        reason: '抽检 S-2027-02：批次 B-0201 抽样 8 只，不合格 2 只',
        decidedBy: '泰安市市场监督管理局',
        reference: '泰市监量〔2027〕5号',
        samplingId: 'S-2027-02',
        batchId: 'B-0201',
        model: 'LXS-20E',
        rectificationDeadline: '2027-05-10',
      },
      { type: 'rectification-failed', date: '2027-05-12', reason: '整改验收不合格', decidedBy: '泰安市市场监督管理局', reference: '泰市监量〔2027〕9号' },
      {
        type: 'non-conforming-sampling',
        date: '2027-08-01',
        reason: '抽检 S-2027-08：批次 B-0720 不合格',
        decidedBy: '泰安市市场监督管理局',
        reference: '泰市监量〔2027〕15号',
        samplingId: 'S-2027-08',
        model: 'LXS-15E',
      },
    ];
    const steps: PenaltyState[] = [];
    events.reduce((s, e) => {
      const next = applyPenaltyEvent(s, e, profile);
      steps.push(next);
      return next;
    }, initialPenaltyState);
    const [first, second, failed, third] = steps.map(penaltyStandingOf);
    // 1st: the batch is returned; LXS-15E stops (work, shipping, selling); other models go on
    expect(first).toEqual({
      standing: 'batch-returned',
      nonConformingSamplings: 1,
      salesStopped: false,
      blockedModels: [{ model: 'LXS-15E', since: '2026-12-03', reference: '泰市监量〔2026〕12号', batchId: 'B-1203', samplingId: 'S-2026-12' }],
      lastDecision: { type: 'non-conforming-sampling', date: '2026-12-03', reference: '泰市监量〔2026〕12号' },
    });
    // 2nd: rectification with a deadline, no sales of 二检合一 meters meanwhile; both models blocked
    expect(second).toMatchObject({ standing: 'rectifying', nonConformingSamplings: 2, salesStopped: true, rectificationDeadline: '2027-05-10' });
    expect(second!.blockedModels.map((b) => [b.model, b.since])).toEqual([
      ['LXS-15E', '2026-12-03'],
      ['LXS-20E', '2027-02-10'],
    ]);
    expect(second!.lastDecision).toEqual({ type: 'non-conforming-sampling', date: '2027-02-10', reference: '泰市监量〔2027〕5号' });
    // failed rectification: the pilot is stopped; the deadline no longer runs
    expect(failed).toMatchObject({ standing: 'pilot-stopped', salesStopped: true, lastDecision: { type: 'rectification-failed', date: '2027-05-12', reference: '泰市监量〔2027〕9号' } });
    expect(failed!.rectificationDeadline).toBeUndefined();
    // 3rd: the qualification is revoked
    expect(third).toMatchObject({ standing: 'revoked', nonConformingSamplings: 3, salesStopped: true, lastDecision: { type: 'non-conforming-sampling', date: '2027-08-01', reference: '泰市监量〔2027〕15号' } });
    expect(steps[3]!.history.map((t) => [t.date, t.from, t.to, t.reference])).toEqual([
      ['2026-12-03', 'normal', 'batch-returned', '泰市监量〔2026〕12号'],
      ['2027-02-10', 'batch-returned', 'rectifying', '泰市监量〔2027〕5号'],
      ['2027-05-12', 'rectifying', 'pilot-stopped', '泰市监量〔2027〕9号'],
      ['2027-08-01', 'pilot-stopped', 'revoked', '泰市监量〔2027〕15号'],
    ]);
    expect(replayPenaltyEvents(events, profile)).toEqual(steps[3]);
  });

  it('an accepted rectification while rectifying ends it: normal, every block lifted; a new authorisation clears the blocks', () => {
    const rectifying = replayPenaltyEvents(
      [
        { type: 'non-conforming-sampling', date: '2026-01-05', ...by, model: 'LXS-15E' },
        { type: 'non-conforming-sampling', date: '2026-03-05', ...by, model: 'LXS-20E', rectificationDeadline: '2026-06-05' },
      ],
      profile,
    );
    const passed = applyPenaltyEvent(rectifying, { type: 'rectification-passed', date: '2026-06-01', ...by, reference: '泰市监量〔2026〕8号' }, profile);
    expect(penaltyStandingOf(passed)).toEqual({
      standing: 'normal',
      nonConformingSamplings: 2,
      salesStopped: false,
      blockedModels: [],
      lastDecision: { type: 'rectification-passed', date: '2026-06-01', reference: '泰市监量〔2026〕8号' },
    });
    const revoked = applyPenaltyEvent(rectifying, { type: 'authorisation-revoked', date: '2026-04-01', ...by }, profile);
    expect(revoked.blockedModels).toHaveLength(2);
    const renewed = applyPenaltyEvent(revoked, { type: 'new-authorisation', date: '2027-01-01', authorisationId: 'A-2', ...by }, profile);
    expect(renewed).toMatchObject({ standing: 'normal', nonConformingSamplings: 0, blockedModels: [] });
    expect(penaltyStandingOf(initialPenaltyState).lastDecision).toBeNull();
  });
});
