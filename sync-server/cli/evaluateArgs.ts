/** Command-line arguments of `npm run evaluate`. */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run evaluate -- [--profile PROFILE.json] FILE|-
       npm run evaluate -- --version
       npm run evaluate -- --help

Evaluates flow-test runs against JJG 162-2019 (the rules of web/src/domain).

Input: JSON Lines, one run per line (format: test/fixtures/runs.in.jsonl); FILE, or - for
standard input. Read and answered line by line.
Output: one JSON object per input line, in order:
  {"id","va_l","error_pct","zone","mpe_pct","valid","pass","reasons"}  full precision;
      "pass" = valid and |E| <= MPE; "out-of-scope" last in "reasons" marks a meter
      outside the pilot's scope (DN15-DN40): it neither invalidates nor fails the run
  {"line": N, "error": "..."}  for a malformed line (N counts from 1); later lines are
                               still evaluated
Blank (whitespace-only) lines are skipped without output but counted in N.

Options:
  --profile FILE  use this regulation profile instead of the built-in jjg162-2019
  --version       print {"name","version","sha256","profile":{"id","version"}}
  -h, --help      print this help

Exit status: 0 all lines evaluated; 1 some line was malformed; 2 usage or I/O error.
`;

export type EvaluateArgs =
  | { kind: 'help' }
  | { kind: 'version'; profilePath?: string }
  | { kind: 'evaluate'; input: string; profilePath?: string }
  | { kind: 'usage-error'; message: string };

export function parseEvaluateArgs(argv: readonly string[]): EvaluateArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' }, profile: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return { kind: 'usage-error', message: err instanceof Error ? err.message : String(err) };
  }
  const { values, positionals } = parsed;
  const profile = values.profile === undefined ? {} : { profilePath: values.profile };
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version', ...profile };
  if (positionals.length !== 1 || positionals[0] === undefined) {
    return { kind: 'usage-error', message: positionals.length === 0 ? 'missing input FILE (or - for standard input)' : `one input only, got ${positionals.length}: ${positionals.join(' ')}` };
  }
  return { kind: 'evaluate', input: positionals[0], ...profile };
}
