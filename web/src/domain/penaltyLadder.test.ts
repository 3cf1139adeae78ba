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
                ? { type: step.type, ...base, ...(step.withDeadline ? { rectificationDeadline: deadline } : {}) }
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
          expect(result.state.history).toHaveLength(state.history.length + 1);
          expect(result.state.history[result.state.history.length - 1]).toMatchObject({ from: state.standing, to: result.state.standing, date });
          state = result.state;
        }
      }),
    );
  });
});
