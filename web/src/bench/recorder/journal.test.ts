/**
 * The session journal read back (journal.ts): what an interrupted session had when it
 * stopped — the meters still mounted, their last checklists, the last valid tightness test
 * (recomputed by the domain from its trace) with what was confirmed on it.
 */
import { describe, expect, it } from 'vitest';
import { parseJournalEntry, sessionContextOf, snapshotOf, type JournalEntry } from './journal.ts';

const meter = { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2 as const, deltaL: 0.05, mapMpa: 1.0 };
const held = Array.from({ length: 61 }, (_, tS) => ({ tS, kpa: 1648 }));
const tightness = (trace: Array<{ tS: number; kpa: number }>, serials: string[]): JournalEntry => ({
  kind: 'tightness',
  serials,
  setpointKpa: 1648,
  trace,
  kpa0: 1648,
  kpa1: 1648,
  holdS: 60,
  gaugeId: 'PG-1',
  gaugeUKpa: 10,
});
const ok = [{ key: 'markings', ok: true }];

describe('snapshotOf', () => {
  it('keeps the meters still mounted, their last checklists, and the confirmations of the last valid test', () => {
    const entries: JournalEntry[] = [
      { kind: 'plan', batchId: 'B1', meterTypeModel: 'LXS-15E', points: [{ point: 'Q3', volumeL: 100 }] },
      { kind: 'mounted', pos: 1, serial: 'A' },
      { kind: 'mounted', pos: 2, serial: 'B' },
      { kind: 'checklist', pos: 1, list: 'external', items: [{ key: 'markings', ok: false }] },
      { kind: 'checklist', pos: 1, list: 'external', items: ok },
      { kind: 'checklist', pos: 2, list: 'external', items: ok },
      tightness(held, ['A', 'B']),
      { kind: 'tightness-confirmed', pos: 1, leak: false, damage: false },
      { kind: 'tightness-confirmed', pos: 2, leak: true, damage: false },
      { kind: 'unmounted', pos: 2 },
    ];
    const s = snapshotOf(meter, entries, []);
    expect(s.mounted).toEqual([{ pos: 1, serial: 'A' }]);
    expect(s.checklists).toEqual([{ pos: 1, kind: 'external', items: ok }]);
    expect(s.tightness?.outcome.valid).toBe(true);
    expect(s.tightness?.outcome.gauge).toEqual({ id: 'PG-1', uKpa: 10 });
    expect(s.confirmations).toEqual([{ pos: 1, leak: false, damage: false }]);
  });

  it('a later test replaces the last one and what was confirmed on it; an invalid one leaves none (docs/rules.md R-TIGHT)', () => {
    const entries: JournalEntry[] = [
      { kind: 'mounted', pos: 1, serial: 'A' },
      tightness(held, ['A']),
      { kind: 'tightness-confirmed', pos: 1, leak: false, damage: false },
      tightness(held.slice(0, 30), ['A']),
    ];
    const s = snapshotOf(meter, entries, []);
    expect(s.tightness).toBeNull();
    expect(s.confirmations).toEqual([]);
  });

  it('reads back only entries it understands; the context names the plan, the resumes and the re-verifications', () => {
    expect(parseJournalEntry({ kind: 'mounted', pos: 1, serial: 'A' })).toEqual({ kind: 'mounted', pos: 1, serial: 'A' });
    expect(parseJournalEntry({ kind: 'mounted', pos: 0, serial: 'A' })).toBeNull();
    expect(parseJournalEntry({ kind: 'teleported' })).toBeNull();
    expect(parseJournalEntry(undefined)).toBeNull();
    const ctx = sessionContextOf([
      { kind: 'plan', batchId: 'B1', meterTypeModel: 'LXS-15E', points: [{ point: 'Q3', volumeL: 100 }] },
      { kind: 'resumed' },
      { kind: 'reverification', pos: 1, serial: 'A', supersedes: 'V1', reason: '复检' },
      { kind: 'resumed' },
    ]);
    expect(ctx.plan?.batchId).toBe('B1');
    expect(ctx.resumes).toBe(2);
    expect(ctx.reverifications.get('A')).toEqual({ supersedes: 'V1', reason: '复检' });
  });
});
