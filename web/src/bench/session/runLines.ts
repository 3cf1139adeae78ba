/**
 * Which lines of the original record each WMB/1 run was read from, and the bench's
 * fields as received, so a stored run can name its raw lines and anyone can re-derive it
 * from them (docs/architecture.md invariant: everything derived recomputes from raw data).
 *
 * A run's lines go from the app's `RUN id=…` command to the bench's `RD id=…`
 * (docs/bench-protocols.md WMB/1): RS, FS, RE and every position's MV lie between. Lines of other
 * kinds in between (FLT, a noise line) are kept in the range: the range is contiguous,
 * like the original record itself.
 */
import type { Direction } from '../types.ts';
import { asciiBytes } from '../types.ts';
import { verifyChecksum } from '../wmb1/checksum.ts';
import { parseBody } from '../wmb1/fields.ts';
import { decodeStep } from '../orchestrated/steps.ts';

/** A contiguous range of original-record sequence numbers, both ends included. */
export interface SeqRange {
  fromSeq: number;
  toSeq: number;
}

interface RunLines {
  fromSeq: number;
  toSeq: number | null;
  /** the RE line's fields, as text */
  re: Record<string, string> | null;
  /** per position, the MV line's fields, as text */
  mv: Map<number, Record<string, string>>;
}

/** A line's verb and fields, or null when its checksum or body is bad (the driver discards it too). */
function fieldsOf(text: string): { verb: string; fields: Map<string, string> } | null {
  const bytes = asciiBytes(text);
  const check = verifyChecksum(bytes);
  if (!check.ok) return null;
  const body = parseBody(text.slice(0, check.bodyEnd));
  return body.ok ? { verb: body.verb, fields: body.fields } : null;
}

export class RunLineIndex {
  private readonly runs = new Map<string, RunLines>();

  /** Notes one line as it was committed to the original record at `seq`. */
  note(seq: number, direction: Direction, text: string): void {
    if (direction === 'out' && this.noteStep(seq, text)) return;
    const parsed = fieldsOf(text);
    const id = parsed?.fields.get('id');
    if (parsed === null || id === undefined) return;
    if (direction === 'out') {
      // A RUN with an id already seen (it should not happen) starts the range afresh.
      if (parsed.verb === 'RUN') this.runs.set(id, { fromSeq: seq, toSeq: null, re: null, mv: new Map() });
      return;
    }
    const run = this.runs.get(id);
    if (run === undefined || run.toSeq !== null) return;
    const fields = Object.fromEntries([...parsed.fields].filter(([k]) => k !== 'id'));
    if (parsed.verb === 'RE') run.re = fields;
    else if (parsed.verb === 'MV') {
      const pos = Number(parsed.fields.get('pos'));
      if (Number.isInteger(pos)) run.mv.set(pos, fields);
    } else if (parsed.verb === 'RD' || parsed.verb === 'ABORT') run.toSeq = seq;
  }

  /**
   * A PLC bench's run is the app's own step lines, BEGIN to END (or VOID), with the polls and
   * replies between (docs/bench-config.md "Step lines"); its fields are read from those by the replay.
   */
  private noteStep(seq: number, text: string): boolean {
    const step = decodeStep(text);
    if (step === null) return false;
    if (step.verb === 'BEGIN') this.runs.set(step.id, { fromSeq: seq, toSeq: null, re: null, mv: new Map() });
    else if (step.verb === 'END' || step.verb === 'VOID') {
      const run = this.runs.get(step.id);
      if (run !== undefined && run.toSeq === null) run.toSeq = seq;
    }
    return true;
  }

  /** The run's lines, RUN to RD; null until its RD (or ABORT) has been recorded. */
  range(runId: string): SeqRange | null {
    const run = this.runs.get(runId);
    return run?.toSeq == null ? null : { fromSeq: run.fromSeq, toSeq: run.toSeq };
  }

  /** The bench's fields of one position's run as received: RE's (without the id), then MV's `pos` and `vi`. */
  rawFields(runId: string, pos: number): Record<string, string> {
    const run = this.runs.get(runId);
    return { ...(run?.re ?? {}), ...(run?.mv.get(pos) ?? {}) };
  }

  /** Drops a finished run, so a long session does not keep every run in memory. */
  forget(runId: string): void {
    this.runs.delete(runId);
  }
}
