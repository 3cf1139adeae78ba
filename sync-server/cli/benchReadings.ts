/**
 * Visual reading from the command line (docs/bench-config.md "Visual reading"): the
 * operator's readings of each run, given to `npm run bench-check -- --readings FILE` as
 * JSON Lines `{"run":"<run id or point>","at":"start|end","pos":1,"value":"123.45"}`, and
 * the `ManualReader` that types them into the bench as the app's reading sheet would. The
 * text goes into the record as written, with --operator as who typed it; a second line for
 * the same run, phase and position is a correction and must give its reason — the first
 * stays in the record (docs/rules.md R-RECORD).
 */
import { z } from 'zod';
import type { ManualReader, ReadingRequest } from '../../web/src/bench/orchestrated/types.ts';
import { formatPath } from '../../web/src/domain/index.ts';

const readingLine = z.strictObject({
  /** a run id (`DEMO-2026-0001-Q3-1`) or a point (`Q3`: every run of that point) */
  run: z.string().min(1),
  at: z.enum(['start', 'end']),
  pos: z.number().int().min(1),
  /** as the operator typed it: kept as text */
  value: z.string(),
  /** a correction's reason */
  reason: z.string().min(1).optional(),
});

export type ReadingLine = z.output<typeof readingLine> & { line: number };

/** Parses the file; throws an Error naming every bad line and field. */
export function parseReadings(text: string): ReadingLine[] {
  const out: ReadingLine[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      problems.push(`line ${line}: not valid JSON`);
      return;
    }
    const r = readingLine.safeParse(json);
    if (!r.success) {
      for (const issue of r.error.issues) problems.push(`line ${line}: ${formatPath(issue.path)}: ${issue.message}`);
      return;
    }
    const key = `${r.data.run}|${r.data.at}|${r.data.pos}`;
    if (seen.has(key) && r.data.reason === undefined) {
      problems.push(`line ${line}: a second reading of run ${r.data.run} at ${r.data.at}, position ${r.data.pos} is a correction: give its "reason"`);
    }
    seen.add(key);
    out.push({ ...r.data, line });
  });
  if (problems.length > 0) throw new Error(problems.join('; '));
  return out;
}

/** The readings a request gets for one position, in file order: those of its run id, else those of its point. */
function readingsFor(all: readonly ReadingLine[], req: ReadingRequest, pos: number): ReadingLine[] {
  const mine = (run: string) => all.filter((r) => r.run === run && r.at === req.at && r.pos === pos);
  const byId = mine(req.runId);
  return byId.length > 0 ? byId : mine(req.point);
}

export interface ReadingFailure {
  code: 'reading-missing' | 'reading-not-recorded';
  runId: string;
  at: 'start' | 'end';
  pos: number;
  message: string;
}

/**
 * Answers each reading request from the file; `onReading` sees each entry recorded,
 * `onFailure` a position the file has no reading for (or one the bench refused): the run
 * cannot go on without it.
 */
export function fileReader(all: readonly ReadingLine[], onReading: (r: ReadingLine, req: ReadingRequest) => void, onFailure: (f: ReadingFailure) => void): ManualReader {
  return (req) => {
    void (async () => {
      for (const { pos } of req.positions) {
        const entries = readingsFor(all, req, pos);
        if (entries.length === 0) {
          onFailure({ code: 'reading-missing', runId: req.runId, at: req.at, pos, message: `no ${req.at} reading for position ${pos} in run ${req.runId} (${req.point})` });
          return;
        }
        for (const [k, r] of entries.entries()) {
          if (req.signal.aborted) return;
          try {
            await req.enter(pos, r.value, k === 0 ? undefined : { reason: r.reason ?? '' });
          } catch (e) {
            onFailure({ code: 'reading-not-recorded', runId: req.runId, at: req.at, pos, message: `line ${r.line}: ${e instanceof Error ? e.message : String(e)}` });
            return;
          }
          onReading(r, req);
        }
      }
      if (req.signal.aborted) return;
      try {
        req.done();
      } catch (e) {
        onFailure({ code: 'reading-not-recorded', runId: req.runId, at: req.at, pos: 0, message: e instanceof Error ? e.message : String(e) });
      }
    })();
  };
}
