/**
 * The original record of a PLC bench, as the orchestrator writes it: every Modbus frame,
 * MT-SICS line and step line goes to the caller's sink, awaited, and only then to the one
 * replay that reads the record (orchestrated/replay.ts) — in the order the sink took them,
 * so what the session is told is what anyone replaying the record later computes
 * (docs/architecture.md flow 1; docs/bench-config.md "Replay").
 */
import { BenchError } from '../errors.ts';
import { asciiBytes, latin1, type Clock, type RawLine, type RawRecordSink } from '../types.ts';
import { OrchestratedReplay, type OrchestratedRun } from './replay.ts';
import { encodeStep, type StepLine } from './steps.ts';

/** The sink the drivers write to: records each line, then feeds it to the live replay. */
export class ReplayTap implements RawRecordSink {
  private readonly replay = new OrchestratedReplay();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly sink: RawRecordSink) {}

  append(line: RawLine): Promise<void> {
    return this.take(line).then(() => undefined);
  }

  /** Records `line`, then replays it; resolves with the run it completes. A line not recorded is not replayed. */
  take(line: RawLine): Promise<OrchestratedRun | null> {
    const next = this.chain.then(async () => {
      await this.sink.append(line);
      return this.replay.feed({ seq: line.seq, connectionId: line.connectionId, direction: line.direction, text: line.text, atMs: line.receivedAtMs });
    });
    // One line at a time: a slow sink must not let a later line overtake an earlier one.
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** The app's step lines, on a connection of their own, stamped with the wall clock. */
export class StepLog {
  private seq = 0;

  constructor(
    private readonly tap: ReplayTap,
    readonly connectionId: string,
    private readonly clock: Clock,
  ) {}

  /** the sequence number of the last step line */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Records one step line; resolves with the run it completes (END). A step that cannot be
   * recorded is not taken: the orchestrator must not go on as if it had been.
   */
  async record(step: StepLine): Promise<OrchestratedRun | null> {
    const bytes = asciiBytes(encodeStep(step));
    const line: RawLine = { connectionId: this.connectionId, seq: ++this.seq, direction: 'out', bytes, text: latin1(bytes), receivedAtMs: this.clock.now() };
    try {
      return await this.tap.take(line);
    } catch (e) {
      throw new BenchError('command-not-recorded', `the ${step.verb} step could not be recorded: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  }
}
