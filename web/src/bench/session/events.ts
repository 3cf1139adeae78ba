/** What a verification session tells the UI and the headless runner. */
import type { MeterVerdict, Run, RunEvaluation, TestPoint, ChecklistItem } from '../../domain/index.ts';
import type { BenchIdentity, FaultCode } from '../driver.ts';
import type { TightnessOutcome } from './tightnessRun.ts';

export type SessionState = 'new' | 'ready' | 'tightness' | 'running' | 'disconnected' | 'aborted' | 'done';

export interface PositionResult {
  pos: number;
  serial: string;
  /** the meter's indicated volume, absent when its MV line never came */
  viL?: number;
  /** the run as interpreted from the bench's RE and MV lines (the domain's input), absent without Vi */
  run?: Run;
  /** the domain's evaluation of `run`, absent without Vi */
  evaluation?: RunEvaluation;
  /** whether this run counts for this meter (false: the meter had already finished the point) */
  counted: boolean;
}

export type SessionEvent =
  | { type: 'state'; state: SessionState }
  | { type: 'bench'; identity: BenchIdentity }
  | { type: 'mounted'; pos: number; serial: string }
  | { type: 'unmounted'; pos: number }
  | { type: 'checklist'; pos: number; kind: 'external' | 'function'; items: ChecklistItem[] }
  | { type: 'pressure'; tS: number; kpa: number }
  /** a valid tightness test of the meters `serials`: the operator now confirms leak / damage per position */
  | { type: 'tightness-done'; test: TightnessOutcome; serials: string[] }
  /** the bench's answer was lost (a checksum fault, a silent bench): the bench was stopped; the test is made again if `willRepeat` */
  | { type: 'tightness-interrupted'; cause: 'timeout'; willRepeat: boolean }
  /** the test's condition failed (docs/rules.md R-TIGHT): no meter failed, run the test again */
  | { type: 'tightness-invalid'; test: TightnessOutcome }
  | { type: 'tightness-confirmed'; pos: number; leak: boolean; damage: boolean }
  | { type: 'run-started'; runId: string; point: TestPoint; lph: number; volL: number }
  | { type: 'flow'; runId: string; tMs: number; lph: number; waterC: number }
  | { type: 'run-result'; runId: string; point: TestPoint; flowLph: number; waterC: number; positions: PositionResult[] }
  | { type: 'run-invalid'; runId: string; point: TestPoint; reasons: string[]; willRepeat: boolean }
  /** positions whose MV line never came: they are run again (docs/bench-protocols.md WMB/1, RD n) */
  | { type: 'run-incomplete'; runId: string; point: TestPoint; missingPositions: number[]; willRepeat: boolean }
  | { type: 'run-aborted'; runId: string; point: TestPoint; reason: string; willRepeat: boolean }
  /** a lost cable, or an answer lost (checksum fault, silent bench): never evaluated; made again if `willRepeat` */
  | { type: 'run-interrupted'; runId: string; point: TestPoint; cause: 'device-lost' | 'timeout'; willRepeat: boolean }
  | { type: 'point-done'; point: TestPoint }
  | { type: 'reconnect-offered' }
  | { type: 'fault'; code: FaultCode; detail: string; count: number }
  | { type: 'verdict'; pos: number; serial: string; verdict: MeterVerdict };

export type SessionListener = (e: SessionEvent) => void;
