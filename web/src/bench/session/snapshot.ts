/**
 * What a verification session had recorded when it was interrupted (a crash, a closed
 * browser, a reload), in the shape `VerificationSession.restore` takes: the meters and
 * their positions, the operator's checklists, the last valid tightness test with the
 * meters it was run on and the leak / damage seen, and every stored run in the order the
 * bench made them. Built from the session's record (recorder/journal.ts `snapshotOf`).
 */
import type { ChecklistItem, ChecklistKind, Run, TestPoint } from '../../domain/index.ts';
import type { TightnessOutcome } from './tightnessRun.ts';

export interface SessionSnapshot {
  mounted: ReadonlyArray<{ pos: number; serial: string }>;
  /** the last checklist of each kind per position */
  checklists: ReadonlyArray<{ pos: number; kind: ChecklistKind; items: ChecklistItem[] }>;
  tightness: { outcome: TightnessOutcome; serials: string[] } | null;
  confirmations: ReadonlyArray<{ pos: number; leak: boolean; damage: boolean }>;
  /** in the order the bench completed them */
  runs: ReadonlyArray<{ pos: number | null; serial: string; point: TestPoint; run: Run }>;
}
