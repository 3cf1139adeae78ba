/**
 * The recorder beside a verification session: every line the driver receives or sends
 * goes to the original record before it is interpreted (it is the driver's
 * `RawRecordSink`, docs/architecture.md flow 1); each bench run the session reports is
 * stored with the range of lines it was read from, one write per bench run, in the order
 * the bench made them (docs/bench-protocols.md WMB/1, "A run on the wire"); the operator's
 * observations go to the session journal as they are made; and at the end the verdicts
 * go out citing every line of the session.
 *
 * Where it all goes is a `RecordTarget`: the bench PC's IndexedDB store in the app, a file
 * or standard output in the command-line tools. The recorder knows nothing of either.
 */
import type { MeterRecord, MeterVerdict, Run, TestPoint } from '../../domain/index.ts';
import { BenchError } from '../errors.ts';
import type { RawLine, RawRecordSink } from '../types.ts';
import type { SessionEvent } from '../session/events.ts';
import { RunLineIndex, type SeqRange } from '../session/runLines.ts';
import type { JournalEntry } from './journal.ts';

/** One meter's run of one bench run, as it is stored (store/runs.ts adds the device). */
export interface RecordedRun {
  sessionId: string;
  serial: string;
  position: number;
  /** the bench's id of the run: the meters run together share it */
  benchRunId: string;
  point: TestPoint;
  /** the bench's RE and MV fields as received */
  raw: Record<string, string>;
  /** the run as the session interpreted it, the domain's input */
  run: Run;
  /** the original-record lines it was read from, RUN … RD */
  lines: SeqRange;
}

export interface RecordedVerdict {
  pos: number;
  serial: string;
  record: MeterRecord;
  verdict: MeterVerdict;
}

export interface RecordTarget {
  /** appends one line to the original record; resolves with its sequence number there once it is on disk */
  appendLine(line: RawLine, sessionId: string | null): Promise<number>;
  /** the runs of ONE bench run, all or none */
  recordRuns(runs: readonly RecordedRun[]): Promise<void>;
  /** one observation of the session, in order */
  journal(sessionId: string, entry: JournalEntry): Promise<void>;
  /** each meter's verification, citing `lines` (every line of the session) */
  recordVerdicts(sessionId: string, verdicts: readonly RecordedVerdict[], lines: SeqRange): Promise<void>;
}

/** What went wrong with a write, for the person at the bench; the raw lines are on disk whatever it was. */
export type RecorderProblem =
  | { kind: 'run-without-lines'; point: TestPoint; runId: string }
  | { kind: 'runs-not-stored'; point: TestPoint; runId: string; error: unknown }
  | { kind: 'journal-not-stored'; entry: JournalEntry; error: unknown };

export class SessionRecorder implements RawRecordSink {
  private session: string | null = null;
  private first: number | null = null;
  private last: number | null = null;
  private readonly runLines = new RunLineIndex();
  /** the writes of runs and journal entries, one after the other, in the order they happened */
  private writes: Promise<void> = Promise.resolve();
  private failed = 0;

  constructor(
    private readonly target: RecordTarget,
    private readonly onProblem: (p: RecorderProblem) => void = () => undefined,
  ) {}

  get sessionId(): string | null {
    return this.session;
  }

  /** The original-record lines of the session so far (null before its first line). */
  get lines(): SeqRange | null {
    return this.first === null || this.last === null ? null : { fromSeq: this.first, toSeq: this.last };
  }

  /** Writes that failed so far (each was reported to `onProblem`). */
  get failures(): number {
    return this.failed;
  }

  /**
   * From now on lines belong to `sessionId`. A resumed session passes the first line it
   * already has in the record, so its verifications cite every line since.
   */
  startSession(sessionId: string, firstSeq: number | null = null): void {
    this.session = sessionId;
    this.first = firstSeq;
    this.last = null;
  }

  async append(line: RawLine): Promise<void> {
    const seq = await this.target.appendLine(line, this.session);
    if (this.session === null) return;
    this.first ??= seq;
    this.last = seq;
    this.runLines.note(seq, line.direction, line.text);
  }

  /** Records what `session` reports, from now on; returns the unsubscribe. */
  follow(on: (listener: (e: SessionEvent) => void) => () => void): () => void {
    return on((e) => this.onEvent(e));
  }

  private onEvent(e: SessionEvent): void {
    switch (e.type) {
      case 'run-result':
        this.storeRuns(e);
        break;
      case 'run-aborted':
      case 'run-interrupted':
        this.runLines.forget(e.runId);
        break;
      case 'mounted':
        this.journal({ kind: 'mounted', pos: e.pos, serial: e.serial });
        break;
      case 'unmounted':
        this.journal({ kind: 'unmounted', pos: e.pos });
        break;
      case 'checklist':
        this.journal({ kind: 'checklist', pos: e.pos, list: e.kind, items: e.items });
        break;
      case 'tightness-done': {
        const t = e.test;
        this.journal({
          kind: 'tightness',
          serials: e.serials,
          setpointKpa: t.setpointKpa,
          trace: t.trace,
          kpa0: t.kpa0,
          kpa1: t.kpa1,
          holdS: t.holdS,
          gaugeId: t.gauge?.id ?? null,
          gaugeUKpa: t.gauge?.uKpa ?? null,
        });
        break;
      }
      case 'tightness-confirmed':
        this.journal({ kind: 'tightness-confirmed', pos: e.pos, leak: e.leak, damage: e.damage });
        break;
      default:
        break;
    }
  }

  private queue(write: () => Promise<void>, problem: (error: unknown) => RecorderProblem): void {
    this.writes = this.writes
      .then(write)
      .catch((error: unknown) => {
        this.failed++;
        this.onProblem(problem(error));
      });
  }

  /** Journals what the session itself does not report (the plan, a resume, a re-verification). */
  note(entry: JournalEntry): void {
    this.journal(entry);
  }

  private journal(entry: JournalEntry): void {
    const sessionId = this.session;
    if (sessionId === null) return;
    this.queue(
      () => this.target.journal(sessionId, entry),
      (error) => ({ kind: 'journal-not-stored', entry, error }),
    );
  }

  /**
   * Every run the bench reported for a mounted meter — counted or not (a meter that had
   * already settled the point ran with the others): the record keeps every run
   * (JJG 162-2019 示值误差; docs/rules.md R-REPEAT); whether a run counts is whether the
   * meter's verification holds it. A position without its MV line has no run, only raw lines.
   */
  private storeRuns(e: Extract<SessionEvent, { type: 'run-result' }>): void {
    const sessionId = this.session;
    const range = this.runLines.range(e.runId);
    if (sessionId === null || range === null) {
      this.failed++;
      this.onProblem({ kind: 'run-without-lines', point: e.point, runId: e.runId });
      return;
    }
    const runs: RecordedRun[] = e.positions.flatMap((p) =>
      p.run === undefined
        ? []
        : [{ sessionId, serial: p.serial, position: p.pos, benchRunId: e.runId, point: e.point, raw: this.runLines.rawFields(e.runId, p.pos), run: p.run, lines: range }],
    );
    this.runLines.forget(e.runId);
    if (runs.length === 0) return;
    this.queue(
      () => this.target.recordRuns(runs),
      (error) => ({ kind: 'runs-not-stored', point: e.point, runId: e.runId, error }),
    );
  }

  /** Resolves when every run and journal entry so far has been written (or reported as failed). */
  flush(): Promise<void> {
    return this.writes;
  }

  /**
   * The verifications, after every run they are made of (a run is only accepted into a
   * running session, and a verification cites its runs). Rejects if they could not be stored.
   */
  async storeVerdicts(verdicts: readonly RecordedVerdict[]): Promise<void> {
    await this.flush();
    const sessionId = this.session;
    const lines = this.lines;
    if (sessionId === null || lines === null) throw new BenchError('session-state', 'the session has no lines in the original record: nothing to store');
    await this.target.recordVerdicts(sessionId, verdicts, lines);
  }
}
