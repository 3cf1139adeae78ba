/**
 * Every run in a stretch of the original record, whatever bench made it (docs/records.md
 * "Per-meter check"; docs/sync.md "Re-verification"): WMB/1 runs from the bench's own lines
 * (wmb1/replay.ts), PLC-bench runs from the step lines and the raw frames around them
 * (orchestrated/replay.ts), each converted to the domain's `Run` by the same `runOf` the
 * session uses. What the PC's per-meter check and the server's re-verification both call.
 */
import type { Run } from '../domain/index.ts';
import { replayOrchestratedRuns } from './orchestrated/replay.ts';
import { runOf } from './session/flowBench.ts';
import { replayWmb1Runs, type Replay, type ReplayLine, type ReplayedRun } from './wmb1/replay.ts';

/** A recorded line; `connectionId` tells a PLC's frames from a balance's lines (without it only WMB/1 runs are found). */
export interface BenchReplayLine extends ReplayLine {
  connectionId?: string;
}

export function replayBenchRuns(lines: readonly BenchReplayLine[]): Replay {
  const wmb1 = replayWmb1Runs(lines);
  if (!lines.some((l) => l.connectionId !== undefined)) return wmb1;
  const plc = replayOrchestratedRuns(lines.map((l) => ({ seq: l.seq, connectionId: l.connectionId ?? '', direction: l.direction, text: l.text })));
  if (plc.runs.length === 0 && plc.serials.size === 0) return wmb1;
  const runs: ReplayedRun[] = [...wmb1.runs];
  for (const r of plc.runs) {
    for (const [position, viL] of [...r.mv].sort((a, b) => a[0] - b[0])) {
      const serial = r.mounted.get(position);
      if (serial !== undefined) runs.push({ runId: r.runId, serial, position, run: runOf(r.point, r.re, viL), fromSeq: r.fromSeq, toSeq: r.toSeq });
    }
  }
  // In the order the runs ended, as a session completes them.
  runs.sort((a, b) => a.toSeq - b.toSeq || a.position - b.position);
  return { serials: new Set([...wmb1.serials, ...plc.serials]), runs };
}

/**
 * One meter's completed runs in the lines, in order; null when the lines never mount it:
 * what the store's per-meter check takes as `rebuildRuns`.
 */
export function rebuildMeterRuns(lines: readonly BenchReplayLine[], serial: string): Run[] | null {
  const replay = replayBenchRuns(lines);
  return replay.serials.has(serial) ? replay.runs.filter((r) => r.serial === serial).map((r) => r.run) : null;
}
