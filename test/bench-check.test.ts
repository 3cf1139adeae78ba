/**
 * `npm run bench-check` end to end: bench-sim on a socat pty with faults switched on, and
 * bench-check running the example session file through the session code. Both are child
 * processes started with `node --import tsx` (so the PID is the tool's own) and killed by
 * PID in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from './support/bounded.ts';

// Each case starts `node --import tsx` children (compiling TypeScript): on a busy 2-core
// machine that alone can take tens of seconds, so the cases have their own generous
// bounds, and every wait inside names what did not happen.
const children: ChildProcess[] = [];
const socats: number[] = [];

function tsx(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

async function startSim(args: string[]): Promise<{ child: ChildProcess; port: string }> {
  const child = tsx('sync-server/cli/bench-sim.ts', ['--pty', '--time-scale', '0.0005', '--fs-hz', '2', ...args]);
  const line = await until<string>('bench-sim printing its ready line', 60_000, (resolve) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  const ready = JSON.parse(line) as { port: string; socatPid: number };
  socats.push(ready.socatPid);
  return { child, port: ready.port };
}

async function check(args: string[]): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; stderr: string }> {
  const child = tsx('sync-server/cli/bench-check.ts', args);
  let out = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await until<number | null>(`bench-check ${args.join(' ')} exiting`, 60_000, (r) => child.once('exit', (c) => r(c)));
  return { code, stderr, lines: out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = until<void>(`pid ${child.pid} exiting after SIGTERM`, 10_000, (r) => child.once('exit', () => r()));
  process.kill(child.pid, 'SIGTERM');
  return exited;
}

afterAll(async () => {
  for (const c of children) await kill(c);
  for (const pid of socats) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone with its bench-sim
    }
  }
});

const SESSION = 'test/fixtures/bench/session.example.json';
const EXAMPLES = 'web/src/bench/config/examples';
/** leak seen at position 2, damage at position 3 */
const LEAK_SESSION = 'test/fixtures/bench/session.leak.json';

describe('bench-check against bench-sim', () => {
  it('runs the example session: bench, tightness, runs with Vi/E/MPE, verdicts, faults counted', async () => {
    const sim = await startSim(['--fault', 'bad-checksum:1', '--fault', 'drop-mv:2', '--seed', '5']);
    const rawFile = join(mkdtempSync(join(tmpdir(), 'bench-check-')), 'raw.jsonl');
    const { code, lines, stderr } = await check(['--port', sim.port, '--protocol', 'wmb1', '--session', SESSION, '--raw', rawFile]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const kinds = lines.map((l) => l.event);
    expect(kinds[0]).toBe('fault');
    expect(lines.find((l) => l.event === 'bench')).toMatchObject({ sn: 'SIM-0001', positions: 6, method: 'weighing' });
    expect(lines.find((l) => l.event === 'tightness')).toMatchObject({ holdS: 60 });
    const runs = lines.filter((l) => l.event === 'run');
    expect(runs.map((r) => r.point)).toEqual(['Q3', 'Q3', 'Q2', 'Q1']);
    const p = (runs[0]?.positions as Array<Record<string, unknown>>)[0];
    expect(p).toMatchObject({ pos: 1, serial: 'WM24-000101', mpePct: 2, valid: true });
    expect(typeof p?.viL).toBe('number');
    expect(typeof runs[0]?.vaL).toBe('number');
    expect(lines.find((l) => l.event === 'run-incomplete')).toMatchObject({ missingPositions: [2] });
    expect(lines.filter((l) => l.event === 'verdict').map((v) => v.serial)).toEqual(['WM24-000101', 'WM24-000102', 'WM24-000103', 'WM24-000104']);
    expect(lines.at(-1)).toMatchObject({ event: 'summary', state: 'done', faults: { 'bad-checksum': 1, 'missing-mv': 1 } });
    // The app's recorder names each run's raw lines: RUN … RD of that run in the --raw file.
    const raw = readFileSync(rawFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { n: number; connectionId: string; dir: string; text: string });
    // Each line names its connection: a PLC bench's record is replayed by connection (docs/bench-config.md).
    expect(new Set(raw.map((l) => typeof l.connectionId))).toEqual(new Set(['string']));
    const cited = lines.filter((l) => l.event === 'run-lines');
    expect(cited.map((l) => l.runId)).toEqual(runs.map((r) => r.runId));
    for (const c of cited) {
      expect(raw[(c.fromN as number) - 1]?.text.startsWith(`RUN id=${c.runId as string} `)).toBe(true);
      expect(raw[(c.toN as number) - 1]?.text.startsWith(`RD id=${c.runId as string} `)).toBe(true);
    }
    expect(lines.at(-1)?.rawLines).toBe(raw.length);
    await kill(sim.child);
  }, 180_000);

  it('a bench whose pressure sags 0.3 kPa during the hold: the test is valid, leak / damage alone judge the meters (docs/rules.md R-TIGHT)', async () => {
    const sim = await startSim(['--pressure-sag', '0.3', '--pressure-ramp', '5', '--seed', '5']);
    const { code, lines, stderr } = await check(['--port', sim.port, '--protocol', 'wmb1', '--session', LEAK_SESSION]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const tightnessReasons = lines
      .filter((l) => l.event === 'verdict')
      .map((v) => [v.serial, (v.reasons as Array<{ item: string; code: string }>).filter((r) => r.item === 'tightness').map((r) => r.code)]);
    expect(tightnessReasons).toEqual([
      ['WM24-000201', []],
      ['WM24-000202', ['leak']],
      ['WM24-000203', ['damage']],
      ['WM24-000204', []],
    ]);
    expect(lines.filter((l) => l.event === 'tightness-invalid')).toEqual([]);
    const t = lines.find((l) => l.event === 'tightness');
    expect(t).toMatchObject({ valid: true, reasons: [], setpointKpa: 1648, requiredKpa: 1600, reachedAtS: 5, heldS: 60, leakHint: false, gauge: { id: 'PG-SIM-01 0-4MPa 0.25%FS', uKpa: 10 } });
    expect(t?.decayKpa as number).toBeGreaterThan(0.1);
    expect(t?.decayKpa as number).toBeLessThan(0.5);
    expect(lines.filter((l) => l.event === 'tightness-confirmed').map((l) => [l.pos, l.leak, l.damage])).toEqual([
      [1, false, false],
      [2, true, false],
      [3, false, true],
      [4, false, false],
    ]);
    await kill(sim.child);
  }, 180_000);

  it('a pressure dip under 1.6 × MAP makes the test invalid: reported, repeated, and no meter fails for it (the bench given by its configuration)', async () => {
    const sim = await startSim(['--fault', 'pressure-dip:100', '--seed', '5']);
    const { code, lines, stderr } = await check(['--port', sim.port, '--config', `${EXAMPLES}/wmb1.json`, '--session', SESSION]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const tests = lines.filter((l) => l.event === 'tightness' || l.event === 'tightness-invalid');
    expect(tests.map((l) => [l.event, l.valid])).toEqual([
      ['tightness-invalid', false],
      ['tightness', true],
    ]);
    expect((tests[0]?.reasons as Array<{ code: string }>).map((r) => r.code)).toEqual(['pressure-below-required']);
    for (const v of lines.filter((l) => l.event === 'verdict')) {
      expect((v.reasons as Array<{ item: string }>).filter((r) => r.item === 'tightness')).toEqual([]);
    }
    await kill(sim.child);
  }, 180_000);

  it('a bench that does not answer: a timeout fault and an error line, exit 1, no crash', async () => {
    const sim = await startSim(['--fault', 'stop-answering']);
    const { code, lines, stderr } = await check(['--port', sim.port, '--protocol', 'wmb1', '--session', SESSION, '--timeout', '200']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ event: 'fault', code: 'timeout', count: 1 }));
    expect(lines).toContainEqual(expect.objectContaining({ event: 'error', code: 'timeout' }));
    expect(lines.at(-1)).toMatchObject({ event: 'summary', faults: { timeout: 1 } });
    await kill(sim.child);
  }, 180_000);

  it('a bad session file is a usage error (exit 2) naming the field', async () => {
    const { code, stderr } = await check(['--port', '/nonexistent', '--protocol', 'wmb1', '--session', 'test/fixtures/bench/modbus-values.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('sessionId');
  }, 180_000);
});

describe('bench-check with a bench configuration (docs/bench-config.md), no bench needed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-check-config-'));
  const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();
  const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as { setup: Record<string, unknown> };

  it.each(examples)('--check-config %s: valid, exit 0, with what the app will read', async (name) => {
    const { code, lines, stderr } = await check(['--check-config', join(EXAMPLES, name)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? {};
    expect(line).toMatchObject({ event: 'config', valid: true, file: join(EXAMPLES, name) });
    if (line.setup === 'plc') {
      const registers = line.registers as Array<{ path: string; table: string; address: number }>;
      expect(registers.map((r) => r.path)).toContain('setup.plc.registers.flowLph');
      expect(registers.every((r) => r.path.startsWith('setup.'))).toBe(true);
    } else {
      expect(line).toMatchObject({ setup: 'wmb1', link: { baudRate: 115200 } });
    }
  }, 180_000);

  it('--check-config on a broken configuration: exit 2, every problem named by its path', async () => {
    const c = example('plc-master-meter-pulse.json');
    const positions = c.setup.positions as Array<Record<string, unknown>>;
    positions[1] = { ...positions[1], position: 1 };
    positions[4] = { ...positions[4], counter: { table: 'input', address: 28, type: 'f32', wordOrder: 'low-first' } };
    c.setup.reading = 'pulse';
    c.setup.reference = { kind: 'balance', link: { baudRate: 9600 } };
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(c));
    const { code, lines, stderr } = await check(['--check-config', file]);
    expect(code).toBe(2);
    const paths = ['setup.positions[1].position', 'setup.positions[4].counter.type', 'setup.air'];
    expect(lines).toEqual([{ event: 'config', valid: false, file, problems: expect.any(Array) }]);
    expect((lines[0]?.problems as Array<{ path: string }>).map((p) => p.path).sort()).toEqual([...paths].sort());
    for (const p of paths) expect(stderr).toContain(`${file}: ${p}: `);
  }, 180_000);

  it('--validate (the alias) on text that is not JSON: exit 2 at the root', async () => {
    const file = join(dir, 'not-json.json');
    writeFileSync(file, '{ "format": "erjian.bench/1", ');
    const { code, stderr } = await check(['--validate', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: (root): not valid JSON`);
  }, 180_000);

  it('a session with an invalid configuration is refused before any port is opened: exit 2, every path', async () => {
    const c = example('plc-tank-visual.json');
    c.setup.reading = 'pulse';
    const file = join(dir, 'pulse-without-counters.json');
    writeFileSync(file, JSON.stringify(c));
    const { code, lines, stderr } = await check(['--config', file, '--port', '/nonexistent', '--session', SESSION]);
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    for (let i = 0; i < 10; i++) expect(stderr).toContain(`setup.positions[${i}].counter: reading "pulse" needs`);
  }, 180_000);

  it('a visual-reading configuration without --readings: exit 2, saying what to give', async () => {
    const { code, stderr } = await check(['--config', `${EXAMPLES}/plc-tank-visual.json`, '--port', '/nonexistent', '--session', SESSION]);
    expect(code).toBe(2);
    expect(stderr).toContain('--readings FILE');
  }, 180_000);

  it('a session file with positions the configuration does not have: exit 2 naming them', async () => {
    const c = example('plc-tank-visual.json');
    c.setup.positions = [{ position: 1 }, { position: 2 }];
    const file = join(dir, 'two-positions.json');
    writeFileSync(file, JSON.stringify(c));
    const readings = join(dir, 'readings-ok.jsonl');
    writeFileSync(readings, '{"run":"Q3","at":"start","pos":1,"value":"12.30"}\n');
    const { code, stderr } = await check(['--config', file, '--port', '/nonexistent', '--session', SESSION, '--readings', readings]);
    expect(code).toBe(2);
    expect(stderr).toContain('position(s) 3, 4 are not on the bench');
  }, 180_000);

  it('a readings file with a correction that gives no reason: exit 2 naming the line', async () => {
    const file = join(dir, 'readings.jsonl');
    writeFileSync(
      file,
      ['{"run":"Q3","at":"start","pos":1,"value":"12.30"}', '{"run":"Q3","at":"start","pos":1,"value":"12.03"}', '{"run":"Q3","at":"end","pos":1}'].join('\n'),
    );
    const { code, stderr } = await check(['--config', `${EXAMPLES}/plc-tank-visual.json`, '--port', '/nonexistent', '--session', SESSION, '--readings', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('line 2: a second reading');
    expect(stderr).toContain('line 3: value:');
  }, 180_000);
});
