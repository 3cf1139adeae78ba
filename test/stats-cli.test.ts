/**
 * `npm run stats` end to end (spawned through tsx, as a person runs it): the JSON it
 * prints, the refusal of a column with bad lines, and its arguments.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCIPY_COLUMNS } from '../web/src/stats/test-support/scipyColumns.ts';
import { STATISTICS_KEYS } from '../web/src/stats/types.ts';
import { runCli, type CliOutcome } from './support/runCli.ts';


function stats(args: string[], stdin?: string): Promise<CliOutcome> {
  return runCli('sync-server/cli/stats.ts', args, stdin);
}

function tempFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'erjian-stats-')), 'column.txt');
  writeFileSync(path, content);
  return path;
}

const errors = SCIPY_COLUMNS.errors;
if (!errors) throw new Error('fixture missing');
const errorsText = `${errors.column.join('\n')}\n`;

describe('npm run stats', () => {
  it('prints exactly the documented keys plus engine, matching numpy/scipy, from a FILE', async () => {
    const { code, stdout, stderr } = await stats(['--mpe', '2', tempFile(errorsText)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([...STATISTICS_KEYS, 'engine']);
    expect(out.engine).toBe('wasm');
    expect(out.n).toBe(20);
    expect(out.mean as number).toBeCloseTo(errors.expected.mean as number, 14);
    expect(out.skewness as number).toBeCloseTo(errors.expected.skewness as number, 12);
    expect(out.quantiles).toEqual(errors.expected.quantiles);
    // defaults: bins of 0.1 % over ±2·MPE
    expect(out.histogram).toMatchObject({ lo: -4, width: 0.1, below: 0, above: 0 });
    expect((out.histogram as { counts: number[] }).counts).toHaveLength(80);
  });

  it('reads standard input with -, skips blank lines and a BOM, accepts CR LF', async () => {
    const { code, stdout } = await stats(['--mpe', '2', '-'], `\uFEFF0.5\r\n\r\n-0.5\r\n  1.5  \r\n`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ n: 3, mean: 0.5, min: -0.5, max: 1.5, beyond_half_mpe: 1 });
  });

  it('the JS engine gives the same figures', async () => {
    const file = tempFile(errorsText);
    const [wasm, js] = await Promise.all([stats(['--mpe', '2', file]), stats(['--mpe', '2', '--engine', 'js', file])]);
    const w = JSON.parse(wasm.stdout) as Record<string, unknown>;
    const j = JSON.parse(js.stdout) as Record<string, unknown>;
    expect(j.engine).toBe('js');
    expect({ ...j, engine: 'wasm', mean: 0, sd: 0, se: 0, ci95: 0, skewness: 0, kurtosis: 0, cpk: 0 }).toEqual({
      ...w,
      mean: 0,
      sd: 0,
      se: 0,
      ci95: 0,
      skewness: 0,
      kurtosis: 0,
      cpk: 0,
    });
    expect(j.sd as number).toBeCloseTo(w.sd as number, 14);
  });

  it('--bin and --range (a negative LO with or without "=")', async () => {
    for (const range of [['--range', '-1,1'], ['--range=-1,1']]) {
      const { code, stdout } = await stats(['--mpe', '2', '--bin', '0.5', ...range, '-'], '0.3\n-1.2\n1\n0.99\n');
      expect(code).toBe(0);
      expect(JSON.parse(stdout).histogram).toEqual({ lo: -1, width: 0.5, counts: [0, 0, 1, 1], below: 1, above: 1 });
    }
  });

  it('refuses a column with bad lines: each one on stderr with its number, nothing on stdout, exit 1', async () => {
    const input = ['0.12', 'abc', '', '1,5', '0.5%', 'NaN', 'Infinity', '1e400', '1e61', '0x10', '-0.3'].join('\n');
    const { code, stdout, stderr } = await stats(['--mpe', '2', '-'], input);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe('error: 8 bad lines; no statistics computed:');
    expect(lines.slice(1)).toEqual([
      'line 2: not a decimal number: "abc"',
      'line 4: not a decimal number: "1,5"',
      'line 5: not a decimal number: "0.5%"',
      'line 6: not a decimal number: "NaN"',
      'line 7: not a decimal number: "Infinity"',
      'line 8: not a finite number: "1e400"',
      'line 9: beyond ±1e60: "1e61"',
      'line 10: not a decimal number: "0x10"',
    ]);
  });

  it('an empty column: n = 0 and nulls, exit 0', async () => {
    const { code, stdout } = await stats(['--mpe', '5', '-'], '\n\n');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ n: 0, mean: null, sd: null, quantiles: null, beyond_mpe: 0 });
  });

  it.each([
    [[], /--mpe is required/],
    [['--mpe', '0', '-'], /--mpe must be a number > 0/],
    [['--mpe', 'two', '-'], /--mpe must be a number > 0/],
    [['--mpe', '2'], /missing input FILE/],
    [['--mpe', '2', '--range', '1,-1', '-'], /--range must be LO,HI with LO < HI/],
    [['--mpe', '2', '--engine', 'gpu', '-'], /--engine must be wasm or js/],
    [['--mpe', '2', '--bin', '1e-9', '-'], /histogram.width/],
    [['--mpe', '2', '--frobnicate', '-'], /Unknown option/],
    [['--mpe', '2', '/nonexistent/column.txt'], /cannot read \/nonexistent\/column.txt/],
  ])('usage error %j → exit 2', async (args, message) => {
    const { code, stdout, stderr } = await stats(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('--help documents the refusal of bad lines and exits 0', async () => {
    const { code, stdout } = await stats(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/REFUSED/);
    expect(stdout).toMatch(/line N: <reason>/);
  });

  it('--version prints the software identification', async () => {
    const { code, stdout } = await stats(['--version']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: 'erjian', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
