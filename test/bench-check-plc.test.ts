/**
 * `npm run bench-check` commissions a PLC bench without a browser (issue 14 item 6;
 * docs/bench-config.md "Commissioning"): the CLI opens the PLC's and the balance's ports of
 * the independent pymodbus + MT-SICS simulator (test/fixtures/bench/plc_bench_sim.py) with
 * the bench configuration, runs the session file through the app's own session code and
 * prints every run and verdict; the raw lines it writes replay, in Node, to the same runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayBenchRuns } from '../web/src/bench/replay.ts';
import { runCli } from './support/runCli.ts';
import { startPlcBenchSim, type PlcBenchSim } from './support/plcBenchSim.ts';

const CONFIG = 'test/fixtures/bench/plc-bench.json';
const SPEED = 50;
let sim: PlcBenchSim;
let dir: string;

beforeAll(async () => {
  sim = await startPlcBenchSim({ config: CONFIG, speed: SPEED, seed: 3 });
  dir = mkdtempSync(join(tmpdir(), 'erjian-bench-check-plc-'));
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bench-check on a PLC + balance bench', () => {
  it('runs the session from the configuration: identity, tightness, every run, a verdict per meter; the raw file replays to the same runs', async () => {
    const raw = join(dir, 'raw.jsonl');
    const out = await runCli(
      'sync-server/cli/bench-check.ts',
      ['--config', CONFIG, '--port', sim.appPath.plc, '--balance-port', sim.appPath.balance, '--session', 'test/fixtures/bench/session.example.json', '--speed', String(SPEED), '--link', '8N1', '--raw', raw],
      '',
      240_000,
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const events = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
    expect(events[0]).toMatchObject({ event: 'bench' });
    const verdicts = events.filter((e) => e.event === 'verdict');
    expect(verdicts.map((v) => v['serial'])).toEqual(['WM24-000101', 'WM24-000102', 'WM24-000103', 'WM24-000104']);
    const runs = events.filter((e) => e.event === 'run');
    expect(runs.length).toBeGreaterThanOrEqual(3);

    const lines = readFileSync(raw, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { n: number; connectionId: string; dir: 'in' | 'out'; text: string });
    const replay = replayBenchRuns(lines.map((l) => ({ seq: l.n, connectionId: l.connectionId, direction: l.dir, text: l.text })));
    expect(new Set(replay.runs.map((r) => r.runId)).size).toBe(runs.length);
  }, 300_000);
});
