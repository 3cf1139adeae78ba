/**
 * Where `npm run bench-check` records, through the same recorder as the app
 * (web/src/bench/recorder/sessionRecorder.ts): every raw line, numbered in the order it was
 * recorded, to the `--raw` file (JSON Lines), and for each bench run the range of those
 * numbers it was read from, printed as `run-lines` — so anyone can re-derive each run from
 * the raw file (docs/architecture.md invariant: everything derived recomputes from raw data).
 * Each line names its connection (`connectionId`): a PLC bench's record interleaves the
 * PLC's frames, the balance's lines and the app's step lines, and its replay tells them
 * apart by connection (docs/bench-config.md "Replay").
 * A headless check has no session journal to keep and stores no verdicts: it prints them.
 */
import { appendFileSync } from 'node:fs';
import type { RecordTarget, RecordedRun } from '../../web/src/bench/recorder/sessionRecorder.ts';
import type { RawLine } from '../../web/src/bench/types.ts';

export class FileRecordTarget implements RecordTarget {
  lines = 0;
  constructor(
    private readonly file: string | undefined,
    private readonly print: (o: object) => void,
  ) {}

  appendLine(line: RawLine): Promise<number> {
    const seq = ++this.lines;
    if (this.file !== undefined) {
      appendFileSync(this.file, `${JSON.stringify({ n: seq, connectionId: line.connectionId, seq: line.seq, dir: line.direction, at: new Date(line.receivedAtMs).toISOString(), text: line.text })}\n`);
    }
    return Promise.resolve(seq);
  }

  recordRuns(runs: readonly RecordedRun[]): Promise<void> {
    const first = runs[0];
    if (first !== undefined) {
      this.print({ event: 'run-lines', runId: first.benchRunId, point: first.point, fromN: first.lines.fromSeq, toN: first.lines.toSeq, positions: runs.map((r) => r.position) });
    }
    return Promise.resolve();
  }

  journal(): Promise<void> {
    return Promise.resolve();
  }

  recordVerdicts(): Promise<void> {
    return Promise.resolve();
  }
}
