/**
 * The institute's results in the `npm run evaluate` input format (docs/sampling.md
 * "Results"; docs/architecture.md "Golden cases"): JSON Lines, one flow-test run a line,
 * read with the CLI's own wire schema and mapping (sync-server/cli/evaluateLine.ts), then
 * judged per meter by `samplingVerdict` — the domain's `meterVerdict`, as the benches.
 *
 * A line's `id` names the meter: the serial itself, or `SERIAL/anything` (e.g.
 * `LS2026-0001/Q3-1`), so one import may carry several meters.
 */
import { DomainError, normaliseSerial, toIssues, type Meter, type RegulationProfile, type Run } from '../../../web/src/domain/index.ts';
import { samplingVerdict, type SamplingVerdict } from '../../../web/src/ui/supervision/samplingVerdict.ts';
import { inputLineSchema, toDomain } from '../../cli/evaluateLine.ts';

/** Why a line was refused: the screen words each code in the reader's language (samplingMessages.ts). */
export type LineErrorCode = 'not-json' | 'invalid-field' | 'no-serial' | 'meter-differs' | 'no-runs' | 'cannot-evaluate';

export interface LineError {
  /** 1-based */
  line: number;
  code: LineErrorCode;
  /** the field at fault (`invalid-field`), as a dotted path of the evaluate format */
  field?: string;
  /** the meter concerned (`meter-differs`, `cannot-evaluate`) */
  serial?: string;
  /** the line the meter was first given on (`meter-differs`) */
  firstLine?: number;
  /** the detail in English, for logs and integrators */
  error: string;
}

export interface EvaluatedMeter {
  serial: string;
  meter: Meter;
  runs: Run[];
  /** the lines of this meter, as received */
  input: string;
  verdict: SamplingVerdict;
}

export type EvaluateOutcome = { ok: true; meters: EvaluatedMeter[] } | { ok: false; errors: LineError[] };

/** The serial a line's id names. */
export function serialOfLineId(id: string): string {
  const slash = id.indexOf('/');
  return normaliseSerial(slash < 0 ? id : id.slice(0, slash));
}

function sameMeter(a: Meter, b: Meter): boolean {
  return a.dn === b.dn && a.q3M3h === b.q3M3h && a.r === b.r && a.accuracyClass === b.accuracyClass && a.deltaL === b.deltaL;
}

/** Reads and judges every meter of `text`; every problem is reported with its line, none is skipped. */
export function evaluateSamplingInput(text: string, profile: RegulationProfile): EvaluateOutcome {
  const schema = inputLineSchema(profile);
  const errors: LineError[] = [];
  const groups = new Map<string, { meter: Meter; runs: Run[]; lines: string[]; firstLine: number }>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const lineNumber = i + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line) as unknown;
    } catch (err) {
      errors.push({ line: lineNumber, code: 'not-json', error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      for (const x of toIssues(parsed.error, json)) errors.push({ line: lineNumber, code: 'invalid-field', field: x.path, error: `${x.path}: ${x.message}` });
      return;
    }
    const { id, meter, run } = toDomain(parsed.data);
    const serial = serialOfLineId(id);
    if (serial === '') {
      errors.push({ line: lineNumber, code: 'no-serial', error: `id ${JSON.stringify(id)} names no serial number (use SERIAL or SERIAL/run)` });
      return;
    }
    const group = groups.get(serial);
    if (group === undefined) {
      groups.set(serial, { meter, runs: [run], lines: [line], firstLine: lineNumber });
    } else if (!sameMeter(group.meter, meter)) {
      errors.push({ line: lineNumber, code: 'meter-differs', serial, firstLine: group.firstLine, error: `meter ${serial}: the meter data differ from line ${group.firstLine} (one meter, one dn/q3/r/class/delta_l)` });
    } else {
      group.runs.push(run);
      group.lines.push(line);
    }
  });
  if (errors.length === 0 && groups.size === 0) errors.push({ line: 1, code: 'no-runs', error: 'no runs: give one JSON line per run' });
  if (errors.length > 0) return { ok: false, errors };
  const meters: EvaluatedMeter[] = [];
  for (const [serial, g] of groups) {
    try {
      meters.push({ serial, meter: g.meter, runs: g.runs, input: g.lines.join('\n'), verdict: samplingVerdict(g.meter, g.runs, profile) });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      errors.push({ line: g.firstLine, code: 'cannot-evaluate', serial, error: `cannot evaluate meter ${serial}: ${err.message}` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, meters };
}
