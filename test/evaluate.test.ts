/**
 * The evaluation command end to end (`npm run evaluate`), against the independently
 * computed golden cases (test/fixtures; docs/architecture.md, "Golden cases"), plus the
 * same cases in-process through the domain for fast feedback.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeSoftwareId } from '../web/build/softwareId.ts';
import { defaultProfile, evaluateRun, isInPilotScope } from '../web/src/domain/index.ts';
import { evaluateLine, inputLineSchema, toDomain, toResultLine, type ResultLine } from '../sync-server/cli/evaluateLine.ts';
import { runCli, type CliOutcome } from './support/runCli.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const inputPath = join(root, 'test/fixtures/runs.in.jsonl');
const inputText = readFileSync(inputPath, 'utf8');
const golden = readFileSync(join(root, 'test/fixtures/runs.expected.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as ResultLine);

/**
 * The golden format's `pass` is "valid, in the pilot's scope and |E| ≤ MPE" (the cases'
 * README), and it is compared as it is. The metrological result, whatever the scope
 * (docs/rules.md R-SCOPE), is the extra key `conforming`, after the format's own keys.
 */
const expected = golden;
const KEYS = ['id', 'va_l', 'error_pct', 'zone', 'mpe_pct', 'valid', 'pass', 'reasons', 'conforming'];
const TOLERANCE = 1e-5;

function evaluate(args: string[], stdin?: string): Promise<CliOutcome> {
  return runCli('sync-server/cli/evaluate.ts', args, stdin);
}

function outputLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every mismatch between a result and its expected line, as readable text. */
function mismatches(got: Record<string, unknown>, want: ResultLine): string[] {
  const out: string[] = [];
  if (JSON.stringify(Object.keys(got)) !== JSON.stringify(KEYS)) out.push(`keys ${Object.keys(got).join(',')}`);
  for (const key of ['va_l', 'error_pct', 'mpe_pct'] as const) {
    if (key === 'mpe_pct' && !want.valid) continue; // README: compare mpe_pct only where valid
    const g = got[key];
    if (typeof g !== 'number' || Math.abs(g - want[key]) > TOLERANCE) out.push(`${key} ${String(g)} ≠ ${want[key]}`);
  }
  for (const key of ['id', 'zone', 'valid', 'pass', 'reasons'] as const) {
    if (JSON.stringify(got[key]) !== JSON.stringify(want[key])) out.push(`${key} ${JSON.stringify(got[key])} ≠ ${JSON.stringify(want[key])}`);
  }
  return out.map((m) => `${want.id}: ${m}`);
}

function expectGolden(stdout: string): void {
  const lines = outputLines(stdout);
  expect(lines).toHaveLength(349);
  expect(expected).toHaveLength(349);
  const wrong = lines.flatMap((line, i) => mismatches(line, expected[i]!));
  expect(wrong).toEqual([]);
}

describe('golden cases in-process (evaluateRun)', () => {
  it('every case matches within 1e-5', () => {
    const schema = inputLineSchema(defaultProfile);
    const lines = inputText.split('\n').filter((l) => l.trim() !== '');
    const wrong = lines.flatMap((text, i) => {
      const parsed = schema.parse(JSON.parse(text));
      const { id, meter, run } = toDomain(parsed);
      const result = toResultLine(id, evaluateRun(meter, run, defaultProfile), isInPilotScope(meter.dn, defaultProfile));
      return mismatches(result as unknown as Record<string, unknown>, expected[i]!);
    });
    expect(lines).toHaveLength(349);
    expect(wrong).toEqual([]);
  });

  it('keeps two results: a valid in-MPE run outside DN15–DN40 is conforming, but no pilot pass (R-SCOPE)', () => {
    const schema = inputLineSchema(defaultProfile);
    const lines = inputText.split('\n').filter((l) => l.trim() !== '');
    const results = lines.map((text) => {
      const { id, meter, run } = toDomain(schema.parse(JSON.parse(text)));
      return toResultLine(id, evaluateRun(meter, run, defaultProfile), isInPilotScope(meter.dn, defaultProfile));
    });
    const scopeOnly = results.filter((r) => r.conforming && !r.pass).map((r) => r.id);
    // the 13 golden lines whose run is valid and within MPE on a meter outside the scope
    expect(scopeOnly).toEqual(golden.filter((w) => w.valid && !w.pass && w.reasons.at(-1) === 'out-of-scope' && Math.abs(w.error_pct) <= w.mpe_pct).map((w) => w.id));
    expect(scopeOnly).toHaveLength(13);
    for (const r of results) expect(r.conforming, r.id).toBe(r.pass || (r.valid && r.reasons.at(-1) === 'out-of-scope' && Math.abs(r.error_pct) <= r.mpe_pct));
  });

  it('also reports the >30 °C MPE column on invalid hot runs, as the cases do', () => {
    const schema = inputLineSchema(defaultProfile);
    const lines = inputText.split('\n').filter((l) => l.trim() !== '');
    const diff = lines.filter((text, i) => {
      const o = evaluateLine(text, i + 1, schema, defaultProfile);
      return o.kind === 'result' && o.result.mpe_pct !== expected[i]!.mpe_pct;
    });
    expect(diff).toEqual([]);
  });
});

describe('npm run evaluate', () => {
  it('evaluates the golden file: every line within 1e-5, exit 0', async () => {
    const r = await evaluate([inputPath]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectGolden(r.stdout);
  });

  it('reads standard input with -', async () => {
    const r = await evaluate(['-'], inputText);
    expect(r.code).toBe(0);
    expectGolden(r.stdout);
  });

  it('tolerates CRLF line ends, a byte-order mark and no final newline', async () => {
    const text = `\uFEFF${inputText.trimEnd().split('\n').join('\r\n')}`;
    const r = await evaluate(['-'], text);
    expect(r.code).toBe(0);
    expectGolden(r.stdout);
  });

  it('answers malformed lines with a precise error on the right line, evaluates the others, exits 1', async () => {
    const good = inputText.split('\n')[0]!;
    const base = JSON.parse(good) as { id: string; meter: Record<string, unknown>; run: Record<string, unknown> & { ref: Record<string, unknown> } };
    const variant = (f: (c: typeof base) => void): string => {
      const c = structuredClone(base);
      f(c);
      return JSON.stringify(c);
    };
    const lines = [
      good, // 1
      '{"id": "broken", "meter": ', // 2 bad JSON
      variant((c) => delete c.meter.q3), // 3 missing field
      variant((c) => (c.run.lph = 'fast')), // 4 wrong type
      variant((c) => (c.run.ref = { unit: 'm3', value: 10 })), // 5 unknown unit
      variant((c) => (c.run.ref.value = -5)), // 6 negative reference volume
      '', // 7 blank: skipped, but counted
      variant((c) => (c.run.vi = -1)), // 8 negative indicated volume
      variant((c) => (c.meter.class = 3)), // 9 unknown class
      variant((c) => (c.meter.r = 90)), // 10 not in the R series
      variant((c) => (c.run.ref = { unit: 'kg', value: 10, ta: 20 })), // 11 ta without pa, rh
      variant((c) => (c.run.ref = { unit: 'kg', value: 10, rho_ari: 1.2 })), // 12 misspelt field
      variant((c) => {
        c.run.tw = 45;
        c.run.ref = { unit: 'kg', value: 10 };
      }), // 13 no water density at 45 °C
      '[1, 2]', // 14 not an object
      variant((c) => (c.id = 'last-good')), // 15
    ];
    const r = await evaluate(['-'], `${lines.join('\n')}\n`);
    expect(r.code).toBe(1);
    const out = outputLines(r.stdout);
    expect(out).toHaveLength(14);
    expect(out[0]).toMatchObject({ id: 'c1-0', valid: true });
    expect(out.slice(1, 13)).toEqual([
      { line: 2, error: expect.stringMatching(/^not valid JSON: /) },
      { line: 3, error: 'meter.q3: is required (expected number)' },
      { line: 4, error: 'run.lph: expected number, got "fast"' },
      { line: 5, error: 'run.ref.unit: unknown value "m3", expected one of "kg", "pulse", "L"' },
      { line: 6, error: 'run.ref.value: must be > 0, got -5' },
      { line: 8, error: 'run.vi: must be ≥ 0, got -1' },
      { line: 9, error: 'meter.class: expected one of 1, 2, got 3' },
      { line: 10, error: expect.stringMatching(/^meter\.r: is not in the R series of profile jjg162-2019 \(40, 50, 63, .*\), got 90$/) },
      {
        line: 11,
        error: 'run.ref.pa: is required when ta is given (ta, pa and rh go together); run.ref.rh: is required when ta is given (ta, pa and rh go together)',
      },
      { line: 12, error: 'run.ref.rho_ari: unknown field (misspelt?)' },
      { line: 13, error: expect.stringMatching(/^run\.tw: must be within 0–40 °C for a weighed reference/) },
      { line: 14, error: '(root): expected object, got [1,2]' },
    ]);
    expect(out[13]).toMatchObject({ id: 'last-good', valid: true });
  });

  it('--version prints the software identification and the profile', async () => {
    const r = await evaluate(['--version']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as Record<string, unknown>;
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(Object.keys(v)).toEqual(['name', 'version', 'sha256', 'profile']);
    expect(v).toEqual({
      name: 'erjian',
      version: pkg.version,
      sha256: computeSoftwareId(root).sha256,
      profile: { id: 'jjg162-2019', version: defaultProfile.version },
    });
    expect(v.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--profile evaluates with a corrected profile, and refuses a broken one (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erjian-evaluate-'));
    type ProfileJson = { version: string; mpe: { value: { class2: { upper: unknown } } } };
    const corrected = JSON.parse(readFileSync(join(root, 'web/src/domain/profiles/jjg162-2019.json'), 'utf8')) as ProfileJson;
    corrected.version = '2019.9';
    corrected.mpe.value.class2.upper = 4;
    const good = join(dir, 'corrected.json');
    writeFileSync(good, JSON.stringify(corrected));
    const version = await evaluate(['--profile', good, '--version']);
    expect(JSON.parse(version.stdout)).toMatchObject({ profile: { id: 'jjg162-2019', version: '2019.9' } });
    const first = inputText.split('\n')[0]!; // class 2, upper zone, E = 3.741 %: fails at 2 %, passes at 4 %
    const r = await evaluate(['--profile', good, '-'], first);
    expect(outputLines(r.stdout)[0]).toMatchObject({ id: 'c1-0', mpe_pct: 4, pass: true });

    corrected.mpe.value.class2.upper = 'two';
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, JSON.stringify(corrected));
    const refused = await evaluate(['--profile', bad, inputPath]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('mpe.value.class2.upper: expected number, got "two"');
  });

  it('--help prints usage; a missing input or file is a usage error (exit 2)', async () => {
    const help = await evaluate(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run evaluate/);
    const none = await evaluate([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('missing input FILE');
    const missing = await evaluate(['no/such/file.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read no/such/file.jsonl');
    const unknown = await evaluate(['--frobnicate', inputPath]);
    expect(unknown.code).toBe(2);
  });
});
