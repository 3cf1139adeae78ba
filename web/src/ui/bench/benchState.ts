/**
 * What the bench screen shows, as a pure state machine: the controller turns what the
 * operator does and what the session reports into actions, and `reduceBench` gives the
 * next state. No I/O, no clock (every action that is timed carries its `at`), so every
 * transition is unit-tested (benchState.test.ts).
 *
 * Phases: disconnected → connecting → ready ⇄ tightness / running → done; a pulled cable
 * makes `lost` (重新连接并继续 goes on by itself); a run or a test that could not go on
 * after the bench's answers were lost makes `paused` (继续检定 runs what is still open);
 * 中止 makes `aborted`.
 */
import { evaluateRun, type Meter, type MeterVerdict, type RegulationProfile, type TestPoint } from '../../domain/index.ts';
import type { BenchIdentity, SessionEvent, SlotProgress } from '../../bench/index.ts';
import type { TightnessOutcome } from '../../bench/session/tightnessRun.ts';
import type { MeterType } from '../../store/index.ts';
import type { ShownError } from '../i18n/errorText.ts';
import type { BenchLog } from './benchLog.ts';

export type BenchPhase = 'disconnected' | 'connecting' | 'ready' | 'tightness' | 'running' | 'done' | 'aborted' | 'lost' | 'paused';

export interface PointResult {
  errorPct: number;
  mpePct: number;
  valid: boolean;
  pass: boolean;
}

/** A mounted meter verified again: the record it replaces and why (docs/rules.md R-RECORD). */
export interface Reverification {
  supersedes: string;
  reason: string;
}

export interface PositionState {
  pos: number;
  serial: string | null;
  externalOk: boolean | null;
  functionOk: boolean | null;
  /** leak seen on the valid tightness test; null until confirmed */
  leak: boolean | null;
  /** damage seen on the valid tightness test; null until confirmed */
  damage: boolean | null;
  reverification: Reverification | null;
  results: Partial<Record<TestPoint, PointResult>>;
  verdict: MeterVerdict | null;
  stored: boolean;
}

export interface LiveState {
  point: TestPoint | null;
  targetLph: number | null;
  volL: number | null;
  lph: number | null;
  waterC: number | null;
  kpa: number | null;
  startedAt: number | null;
}

export type LogLevel = 'info' | 'warn' | 'error';
export type LogEntry = BenchLog & { at: number; level: LogLevel };

export interface BenchState {
  phase: BenchPhase;
  identity: BenchIdentity | null;
  meterType: MeterType | null;
  batchId: string | null;
  /** the session in the store, once it exists */
  sessionId: string | null;
  positions: PositionState[];
  live: LiveState;
  /** the last 200 events, oldest first, keyed by code (worded by benchLog.ts at render time) */
  log: LogEntry[];
  faults: Record<string, number>;
  error: ShownError | null;
  /** the last tightness test; leak can be confirmed only on a valid one (docs/rules.md R-TIGHT) */
  tightness: TightnessOutcome | null;
}

export const emptyLive = (): LiveState => ({ point: null, targetLph: null, volL: null, lph: null, waterC: null, kpa: null, startedAt: null });

export const initialBenchState = (): BenchState => ({
  phase: 'disconnected',
  identity: null,
  meterType: null,
  batchId: null,
  sessionId: null,
  positions: [],
  live: emptyLive(),
  log: [],
  faults: {},
  error: null,
  tightness: null,
});

export const emptyPosition = (pos: number): PositionState => ({
  pos,
  serial: null,
  externalOk: null,
  functionOk: null,
  leak: null,
  damage: null,
  reverification: null,
  results: {},
  verdict: null,
  stored: false,
});

export type BenchAction =
  | { type: 'connecting'; meterType: MeterType; batchId: string }
  /** a new session (positions empty) or a restored one (positions as stored) */
  | { type: 'connected'; identity: BenchIdentity; sessionId: string; positions: PositionState[]; tightness: TightnessOutcome | null; at: number; resumed: boolean }
  | { type: 'connect-failed'; error: ShownError; at: number }
  | { type: 'session'; event: SessionEvent; at: number }
  | { type: 'reverification'; pos: number; reverification: Reverification | null }
  | { type: 'tightness-started' }
  | { type: 'tightness-finished' }
  | { type: 'verdicts-stored'; count: number; at: number }
  /** a run or a test could not go on (the bench's answers were lost): the session waits, ready */
  | { type: 'paused'; error: ShownError; at: number }
  | { type: 'reconnected'; at: number }
  | { type: 'aborted' }
  | { type: 'disconnected' }
  | { type: 'error'; error: ShownError | null }
  | { type: 'log'; entry: LogEntry };

const MAX_LOG = 200;

function withLog(state: BenchState, at: number, level: LogLevel, log: BenchLog): BenchState {
  return { ...state, log: [...state.log.slice(-(MAX_LOG - 1)), { ...log, at, level }] };
}

function patchPosition(state: BenchState, pos: number, patch: Partial<PositionState>): BenchState {
  return { ...state, positions: state.positions.map((p) => (p.pos === pos ? { ...p, ...patch } : p)) };
}

/** The positions of a session restored from its record, with each point's latest counted run. */
export function restoredPositions(count: number, progress: readonly SlotProgress[], meter: Meter, profile: RegulationProfile): PositionState[] {
  return Array.from({ length: count }, (_, i) => {
    const slot = progress.find((s) => s.pos === i + 1);
    if (slot === undefined) return emptyPosition(i + 1);
    const results: Partial<Record<TestPoint, PointResult>> = {};
    for (const run of slot.runs) {
      const e = evaluateRun(meter, run, profile);
      results[run.point] = { errorPct: e.errorPct, mpePct: e.mpePct, valid: e.valid, pass: e.pass };
    }
    const allOk = (items: readonly { ok: boolean }[] | undefined) => (items === undefined ? null : items.every((x) => x.ok));
    return {
      ...emptyPosition(i + 1),
      serial: slot.serial,
      externalOk: allOk(slot.external?.items),
      functionOk: allOk(slot.functionCheck?.items),
      leak: slot.tightness?.leak ?? null,
      damage: slot.tightness?.damage ?? null,
      results,
    };
  });
}

function onSession(state: BenchState, e: SessionEvent, at: number): BenchState {
  switch (e.type) {
    case 'mounted':
      return patchPosition(state, e.pos, { serial: e.serial });
    case 'unmounted':
      return patchPosition(state, e.pos, { ...emptyPosition(e.pos) });
    case 'checklist': {
      const ok = e.items.every((i) => i.ok);
      return patchPosition(state, e.pos, e.kind === 'external' ? { externalOk: ok } : { functionOk: ok });
    }
    case 'tightness-done':
    case 'tightness-invalid': {
      const t = e.test;
      const c = t.condition;
      // A new test clears what was confirmed on the last one (the session does the same).
      const next = { ...state, tightness: t, positions: state.positions.map((p) => ({ ...p, leak: null, damage: null })) };
      if (!t.valid) return withLog(next, at, 'warn', { code: 'tightness-invalid', reasons: c.reasons.map((r) => r.code) });
      return withLog(next, at, c.leakHint ? 'warn' : 'info', { code: 'tightness-valid', requiredKpa: t.requiredKpa, heldS: c.heldS, decayKpa: c.decayKpa, leakHint: c.leakHint });
    }
    case 'tightness-interrupted':
      return withLog(state, at, 'warn', { code: 'tightness-no-answer', willRepeat: e.willRepeat });
    case 'tightness-confirmed':
      return patchPosition(state, e.pos, { leak: e.leak, damage: e.damage });
    case 'pressure':
      return { ...state, live: { ...state.live, kpa: e.kpa } };
    case 'run-started':
      return { ...state, phase: 'running', error: null, live: { ...emptyLive(), point: e.point, targetLph: e.lph, volL: e.volL, startedAt: at } };
    case 'flow':
      return { ...state, live: { ...state.live, lph: e.lph, waterC: e.waterC } };
    case 'run-result': {
      let next = state;
      for (const p of e.positions) {
        if (!p.evaluation || !p.counted) continue;
        const ev = p.evaluation;
        const pos = next.positions.find((x) => x.pos === p.pos);
        next = patchPosition(next, p.pos, { results: { ...pos?.results, [e.point]: { errorPct: ev.errorPct, mpePct: ev.mpePct, valid: ev.valid, pass: ev.pass } } });
      }
      return next;
    }
    case 'run-invalid':
      return withLog(state, at, 'warn', { code: 'run-invalid', point: e.point, reasons: e.reasons, willRepeat: e.willRepeat });
    case 'run-incomplete':
      return withLog(state, at, 'warn', { code: 'run-incomplete', point: e.point, positions: e.missingPositions, willRepeat: e.willRepeat });
    case 'run-aborted':
      return withLog(state, at, 'warn', { code: 'run-aborted', point: e.point, reason: e.reason, willRepeat: e.willRepeat });
    case 'run-interrupted':
      return withLog(state, at, e.willRepeat ? 'warn' : 'error', { code: 'run-interrupted', point: e.point, cause: e.cause, willRepeat: e.willRepeat });
    case 'reconnect-offered':
      // The session stays open in the store: it resumes on a new connection.
      return withLog({ ...state, phase: 'lost', live: emptyLive() }, at, 'error', { code: 'connection-lost' });
    case 'fault':
      return { ...state, faults: { ...state.faults, [e.code]: e.count } };
    case 'verdict':
      return patchPosition(state, e.pos, { verdict: e.verdict });
    case 'state':
      return e.state === 'aborted' ? { ...state, phase: 'aborted', live: emptyLive() } : state;
    default:
      return state;
  }
}

export function reduceBench(state: BenchState, a: BenchAction): BenchState {
  switch (a.type) {
    case 'connecting':
      return { ...initialBenchState(), log: state.log, phase: 'connecting', meterType: a.meterType, batchId: a.batchId };
    case 'connected': {
      const next: BenchState = { ...state, phase: 'ready', identity: a.identity, sessionId: a.sessionId, positions: a.positions, tightness: a.tightness, faults: {}, error: null, live: emptyLive() };
      const id = a.identity;
      const identified = withLog(next, a.at, 'info', { code: 'identified', sn: id.sn, vendor: id.vendor ?? '', model: id.model ?? '', positions: id.positions ?? null });
      return a.resumed ? withLog(identified, a.at, 'info', { code: 'session-resumed', meters: a.positions.filter((p) => p.serial !== null).length }) : identified;
    }
    case 'connect-failed':
      return withLog({ ...state, phase: 'disconnected', identity: null, sessionId: null, positions: [], live: emptyLive(), error: a.error }, a.at, 'error', { code: 'error', error: a.error });
    case 'session':
      return onSession(state, a.event, a.at);
    case 'reverification':
      return patchPosition(state, a.pos, { reverification: a.reverification });
    case 'tightness-started':
      return { ...state, phase: 'tightness', tightness: null, error: null };
    case 'tightness-finished':
      // A test that could not run leaves the session ready; a lost cable has its own phase.
      return state.phase === 'tightness' ? { ...state, phase: 'ready' } : state;
    case 'verdicts-stored':
      return withLog({ ...state, phase: 'done', live: emptyLive(), positions: state.positions.map((p) => (p.verdict !== null ? { ...p, stored: true } : p)) }, a.at, 'info', { code: 'verdicts-stored', count: a.count });
    case 'paused':
      return withLog({ ...state, phase: 'paused', live: emptyLive(), error: a.error }, a.at, 'error', { code: 'paused' });
    case 'reconnected':
      return withLog({ ...state, phase: 'ready', error: null }, a.at, 'info', { code: 'reconnected' });
    case 'aborted':
      return { ...state, phase: 'aborted', live: emptyLive() };
    case 'disconnected':
      return { ...initialBenchState(), log: state.log };
    case 'error':
      return a.error === null ? { ...state, error: null } : { ...state, error: a.error };
    case 'log':
      return { ...state, log: [...state.log.slice(-(MAX_LOG - 1)), a.entry] };
  }
}
