/**
 * The flow-test runs a WMB/1 session made, rebuilt from the raw lines of the original record
 * alone (docs/architecture.md invariant: everything derived recomputes from raw data;
 * docs/records.md "Per-meter check"): the same codec the driver decodes with, the same
 * RE + MV → `Run` conversion the session uses (flowBench.ts `runOf`), and the meter on each
 * position from the app's own `LOAD` commands. Which of a meter's runs count is the
 * domain's `countRuns`, as in the session, so a record can be compared run for run.
 *
 * A run is the lines from the app's `RUN id=…` to the bench's `RD id=…` (docs/bench-protocols.md
 * WMB/1); an `ABORT`ed run or one cut by a lost cable (no RD) made no run.
 */
import type { Run, TestPoint } from '../../domain/index.ts';
import { runOf, type RunEnd } from '../session/flowBench.ts';
import { asciiBytes, type Direction } from '../types.ts';
import { decodeCommand, decodeMessage } from './codec.ts';

export interface ReplayLine {
  seq: number;
  direction: Direction;
  text: string;
}

export interface ReplayedRun {
  runId: string;
  serial: string;
  position: number;
  run: Run;
  /** the run's lines, RUN to RD */
  fromSeq: number;
  toSeq: number;
}

interface Open {
  point: TestPoint;
  fromSeq: number;
  re: RunEnd | null;
  mv: Map<number, number>;
}

export interface Replay {
  /** every serial the app loaded onto the bench in these lines */
  serials: Set<string>;
  /** every completed run of every mounted meter, in the order the bench finished them */
  runs: ReplayedRun[];
}

export function replayWmb1Runs(lines: Iterable<ReplayLine>): Replay {
  const mounted = new Map<number, string>();
  const serials = new Set<string>();
  const open = new Map<string, Open>();
  const out: ReplayedRun[] = [];
  for (const l of lines) {
    const bytes = asciiBytes(l.text.replace(/\r?\n$/, ''));
    if (l.direction === 'out') {
      const d = decodeCommand(bytes);
      if (!d.ok) continue;
      if (d.value.verb === 'LOAD') {
        mounted.set(d.value.pos, d.value.meter);
        serials.add(d.value.meter);
      }
      else if (d.value.verb === 'RUN') open.set(d.value.id, { point: d.value.point, fromSeq: l.seq, re: null, mv: new Map() });
      continue;
    }
    const d = decodeMessage(bytes);
    if (!d.ok) continue;
    const m = d.value;
    if (m.verb !== 'RE' && m.verb !== 'MV' && m.verb !== 'RD' && m.verb !== 'ABORT') continue;
    const run = open.get(m.id);
    if (!run) continue;
    if (m.verb === 'RE') run.re = m;
    else if (m.verb === 'MV') run.mv.set(m.pos, m.viL);
    else if (m.verb === 'ABORT') open.delete(m.id);
    else {
      open.delete(m.id);
      if (run.re === null) continue;
      for (const [position, viL] of [...run.mv].sort((a, b) => a[0] - b[0])) {
        const serial = mounted.get(position);
        if (serial !== undefined) out.push({ runId: m.id, serial, position, run: runOf(run.point, run.re, viL), fromSeq: run.fromSeq, toSeq: l.seq });
      }
    }
  }
  return { serials, runs: out };
}
