/**
 * `npm run sample` as a person runs it (docs/rules.md R-SAMPLING): the selection of the
 * hand-checkable vector of web/src/domain/randomSelection.test.ts, from a file and from
 * standard input, and clear usage errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'erjian-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'candidates.txt');
writeFileSync(file, '24A00101\n24A00102\r\n24A00103\n\n24A00104\n24A00105\n');
const seed = '泰安2026-12-01';

describe('npm run sample', () => {
  it('prints the first n by HMAC-SHA256(seed, id), rank from 1, as JSON Lines', async () => {
    const out = await runCli('sync-server/cli/sample.ts', ['--seed', seed, '--candidates', file, '--n', '2']);
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { rank: 1, id: '24A00102', hmac: '0ea25a4d36c9cf6f8e37c840f0798b6d349f1221160218d951aa9e620d2f4031' },
      { rank: 2, id: '24A00105', hmac: '0fcf9ca3bae6fba116b44b071e66a1117a85c8ed0017d6c21c695ffa47bc122a' },
    ]);
  });

  it('reads the candidates from standard input with "-"', async () => {
    const out = await runCli('sync-server/cli/sample.ts', ['--seed', seed, '--candidates', '-', '--n', '1'], '24A00104\n24A00102\n');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ rank: 1, id: '24A00102' });
  });

  it('says what is wrong: a missing option, n < 1, a duplicated id, an unreadable file (exit 2)', async () => {
    for (const [args, stdin, message] of [
      [['--seed', seed, '--n', '2'], '', /--candidates/],
      [['--seed', seed, '--candidates', file, '--n', '0'], '', /n: must be a whole number/],
      [['--seed', seed, '--candidates', '-', '--n', '2'], 'A\nA\n', /listed twice/],
      [['--seed', seed, '--candidates', join(dir, 'missing.txt'), '--n', '2'], '', /cannot read/],
    ] as const) {
      const out = await runCli('sync-server/cli/sample.ts', args, stdin);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(message);
    }
  });
});
