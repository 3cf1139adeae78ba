/**
 * One phase's visual readings (启停法 read by eye; docs/bench-config.md "Visual reading"):
 * each typed reading is recorded as typed, with who typed it, before it is taken; a second
 * entry for a position is a correction and must say why (the first stays in the record,
 * never edited); `done` lets the run go on once every position has a readable value.
 */
import { BenchError } from '../errors.ts';
import { readingValue } from './steps.ts';
import type { ReadingRequest } from './types.ts';

/** What the reader is shown of the phase (the request's own fields), and how one reading is recorded. */
export interface ReadingPhase extends Pick<ReadingRequest, 'runId' | 'point' | 'at' | 'positions' | 'volL' | 'startReadings' | 'signal'> {
  /** records one READ step line (rejects when it could not be recorded) */
  record(pos: number, typed: string, fix: string | null): Promise<void>;
}

/** The request the reader gets, and the readings (L by position) once it is done. */
export function readingRequest(phase: ReadingPhase): { request: ReadingRequest; readings: Promise<Map<number, number>> } {
  const latest = new Map<number, string>();
  /** positions with an entry recorded or on its way: a further entry is a correction */
  const entered = new Set<number>();
  let finish: (v: Map<number, number>) => void = () => undefined;
  let fail: (e: unknown) => void = () => undefined;
  let closed = false;
  const readings = new Promise<Map<number, number>>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  // Handled here too: a run stopped before it waits for the readings must not leave an unhandled rejection.
  readings.catch(() => undefined);
  const onAbort = () => {
    closed = true;
    fail(phase.signal.reason);
  };
  if (phase.signal.aborted) onAbort();
  else phase.signal.addEventListener('abort', onAbort, { once: true });

  const request: ReadingRequest = {
    runId: phase.runId,
    point: phase.point,
    at: phase.at,
    positions: phase.positions,
    volL: phase.volL,
    startReadings: phase.startReadings,
    signal: phase.signal,
    async enter(pos, typed, correction) {
      if (closed) throw new BenchError('reading-closed', `the ${phase.at} readings of run ${phase.runId} are closed`, undefined, { pos });
      if (!phase.positions.some((p) => p.pos === pos)) throw new BenchError('reading-position-unknown', `no meter is mounted on position ${pos}`, undefined, { pos });
      const reason = correction?.reason.trim() ?? '';
      const first = !entered.has(pos);
      // A reading is never edited: a second one is a correction and says why (issue 14).
      if (!first && reason === '') throw new BenchError('reading-needs-reason', `position ${pos} has a reading already: a correction needs its reason`, undefined, { pos });
      entered.add(pos);
      try {
        await phase.record(pos, typed, reason === '' ? null : reason);
      } catch (e) {
        if (first) entered.delete(pos);
        throw e;
      }
      latest.set(pos, typed);
    },
    done() {
      if (closed) throw new BenchError('reading-closed', `the ${phase.at} readings of run ${phase.runId} are closed`);
      const values = new Map<number, number>();
      const missing: number[] = [];
      for (const { pos } of phase.positions) {
        const v = readingValue(latest.get(pos) ?? '');
        if (v === null) missing.push(pos);
        else values.set(pos, v);
      }
      if (missing.length > 0) throw new BenchError('reading-incomplete', `positions ${missing.join(', ')} have no readable reading`, undefined, { positions: missing.join(', ') });
      closed = true;
      phase.signal.removeEventListener('abort', onAbort);
      finish(values);
    },
  };
  return { request, readings };
}
