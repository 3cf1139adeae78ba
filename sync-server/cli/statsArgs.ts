/** Command-line arguments of `npm run stats`. */
import { parseArgs } from 'node:util';
import type { EngineName } from '../../web/src/stats/types.ts';
import { parseDecimal } from './statsInput.ts';

export const USAGE = `Usage: npm run stats -- --mpe M [--bin W] [--range LO,HI] [--engine wasm|js] FILE|-
       npm run stats -- --version
       npm run stats -- --help

Batch error statistics of one column of indication errors (%), one value per line, as the
statistics module of 二检合一 computes them (issue 3; docs/rules.md R-BIAS).

Input: FILE, or - for standard input. One decimal number per line (e.g. 0.12, -1.5, 2e-3);
blank lines are skipped but counted. Anything else — text, "1,5", "0.5%", NaN, Infinity,
|value| > 1e60 — is a bad line.
A column with bad lines is REFUSED: every bad line is listed on standard error as
  line N: <reason>: "<content>"
and no statistics are printed (exit 1), because figures over part of a column would look
complete while they are not. Fix or remove the lines and run again.

Output: one JSON object on one line, full precision:
  {"n","mean","sd","se","ci95","min","max","skewness","kurtosis","beyond_mpe",
   "beyond_half_mpe","cpk","quantiles":{"p1","p5","p50","p95","p99"},
   "histogram":{"lo","width","counts","below","above"},"engine"}
  sd is the sample SD (n − 1); ci95 = mean ± t(0.975, n − 1)·se; skewness and kurtosis
  as scipy.stats skew/kurtosis(bias=False) (kurtosis is excess); quantiles as
  numpy.percentile (linear, Hyndman & Fan type 7); cpk = min(MPE − mean, mean + MPE)/(3·sd);
  beyond_mpe counts |e| > MPE, beyond_half_mpe |e| > MPE/2; histogram bins are half-open
  [lo + k·W, lo + (k+1)·W) with decimal edges, below/above count values outside.
  A figure not defined for the column is null: n = 0 → all but the counts; n = 1 → sd,
  se, ci95, cpk; n < 3 → skewness; n < 4 → kurtosis; all values equal → skewness,
  kurtosis, cpk.

Options:
  --mpe M         maximum permissible error in % (> 0), required
  --bin W         histogram bin width in % (default 0.1)
  --range LO,HI   histogram range in % (default -2·M,2·M), e.g. --range -4,4
  --engine E      wasm (default; the kernel built by npm run asbuild) or js (the reference)
  --version       print {"name","version","sha256"} (software identification)
  -h, --help      print this help

Exit status: 0 statistics printed; 1 bad lines (nothing printed on standard output);
2 usage or I/O error, or the WASM kernel is not built (run npm run asbuild).
`;

export type StatsArgs =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'stats'; input: string; mpe: number; bin: number; range: [number, number]; engine: EngineName }
  | { kind: 'usage-error'; message: string };

function positiveNumber(name: string, text: string): number | string {
  const x = parseDecimal(text);
  if (x === undefined || !(x > 0)) return `--${name} must be a number > 0, got "${text}"`;
  return x;
}

/** `--range -4,4` → `--range=-4,4`: parseArgs would take "-4,4" for an option. */
function joinNegativeRange(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    if (a === '--range' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`--range=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

export function parseStatsArgs(argv: readonly string[]): StatsArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeRange(argv),
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        mpe: { type: 'string' },
        bin: { type: 'string' },
        range: { type: 'string' },
        engine: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return { kind: 'usage-error', message: err instanceof Error ? err.message : String(err) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };
  if (values.mpe === undefined) return { kind: 'usage-error', message: '--mpe is required (the maximum permissible error in %, e.g. --mpe 2)' };
  const mpe = positiveNumber('mpe', values.mpe);
  if (typeof mpe === 'string') return { kind: 'usage-error', message: mpe };
  const bin = values.bin === undefined ? 0.1 : positiveNumber('bin', values.bin);
  if (typeof bin === 'string') return { kind: 'usage-error', message: bin };
  let range: [number, number] = [-2 * mpe, 2 * mpe];
  if (values.range !== undefined) {
    const parts = values.range.split(',');
    const lo = parts.length === 2 ? parseDecimal(parts[0] ?? '') : undefined;
    const hi = parts.length === 2 ? parseDecimal(parts[1] ?? '') : undefined;
    if (lo === undefined || hi === undefined || !(lo < hi)) return { kind: 'usage-error', message: `--range must be LO,HI with LO < HI, got "${values.range}"` };
    range = [lo, hi];
  }
  const engine = values.engine ?? 'wasm';
  if (engine !== 'wasm' && engine !== 'js') return { kind: 'usage-error', message: `--engine must be wasm or js, got "${engine}"` };
  if (positionals.length !== 1 || positionals[0] === undefined) {
    return { kind: 'usage-error', message: positionals.length === 0 ? 'missing input FILE (or - for standard input)' : `one input only, got ${positionals.length}: ${positionals.join(' ')}` };
  }
  return { kind: 'stats', input: positionals[0], mpe, bin, range, engine };
}
