/**
 * The Node adapter against `bench-sim` over a socat pty, end to end: a real child
 * process speaking WMB/1 (and MT-SICS) through real pseudo-terminals. Every process this
 * test starts is killed by its own PID in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { connectBench } from '../web/src/bench/connect.ts';
import type { DriverEvent } from '../web/src/bench/driver.ts';
import { NodeSerialPort } from '../web/src/bench/node/serialportAdapter.ts';
import { MemorySink } from '../web/src/bench/types.ts';
import type { Wmb1Message } from '../web/src/bench/wmb1/messages.ts';
import { until, within } from './support/bounded.ts';

// Bounds for a busy 2-core machine: starting `node --import tsx` compiles the simulator.
const START_MS = 60_000;
const EVENT_MS = 10_000;

interface Sim {
  child: ChildProcess;
  ready: { port: string; socatPid: number; pid: number };
}

const started: ChildProcess[] = [];
const socats: number[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `node --import tsx`, not npx: the PID we hold is the simulator's own. */
async function startSim(args: string[]): Promise<Sim> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/cli/bench-sim.ts', '--pty', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const ready = await until<Sim['ready']>(`bench-sim ${args.join(' ')} printing its ready line`, START_MS, (resolve, reject) => {
    lines.once('line', (l) => resolve(JSON.parse(l) as Sim['ready']));
    child.once('exit', (code) => reject(new Error(`bench-sim exited with ${String(code)} before it was ready`)));
  });
  socats.push(ready.socatPid);
  return { child, ready };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = until<void>(`bench-sim (pid ${child.pid}) exiting after SIGTERM`, EVENT_MS, (r) => child.once('exit', () => r()));
  process.kill(child.pid, 'SIGTERM');
  return exited;
}

afterAll(async () => {
  for (const c of started) await stop(c);
  for (const pid of socats) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('Node adapter ⇄ bench-sim over a socat pty', () => {
  it('WMB/1: identify, load, run a point; the sim and its socat are gone after SIGTERM', async () => {
    const sim = await startSim(['--protocol', 'wmb1', '--time-scale', '0.001', '--seed', '3']);
    const sink = new MemorySink();
    const conn = await connectBench({ protocol: 'wmb1', port: new NodeSerialPort(sim.ready.port), sink });
    const events: Array<DriverEvent<Wmb1Message>> = [];
    conn.driver.on((e) => events.push(e));
    await expect(conn.driver.identify()).resolves.toMatchObject({ sn: 'SIM-0001', positions: 6 });
    await conn.driver.load(1, 'P1');
    await conn.driver.load(4, 'P4');
    await conn.driver.run('T1', 'Q2', 42, 2);
    await until<void>('RD (run done) from the simulated bench', EVENT_MS, (resolve) => conn.driver.on((e) => e.type === 'message' && e.message.verb === 'RD' && resolve()));
    const mv = events.flatMap((e) => (e.type === 'message' && e.message.verb === 'MV' ? [e.message.pos] : []));
    expect(mv).toEqual([1, 4]);
    expect(conn.driver.faults).toEqual({});
    expect(sink.lines.filter((l) => l.direction === 'in').length).toBeGreaterThan(10);
    await conn.close();
    await stop(sim.child);
    expect(alive(sim.ready.socatPid)).toBe(false);
  }, 120_000);

  it('the bench process dying is device loss for the app, not a crash', async () => {
    const sim = await startSim(['--protocol', 'wmb1', '--time-scale', '0.01']);
    const conn = await connectBench({ protocol: 'wmb1', port: new NodeSerialPort(sim.ready.port), sink: new MemorySink() });
    await within('the bench answering HELLO', EVENT_MS, conn.driver.identify());
    // Subscribed before the kill, bounded from the kill on: a lost event is named, not a hang.
    let lost = false;
    const seen = new Promise<void>((resolve) => conn.driver.on((e) => e.type === 'device-lost' && ((lost = true), resolve())));
    await stop(sim.child);
    await within('device-lost after the bench process died', EVENT_MS, seen);
    expect(lost).toBe(true);
    await within('closing the connection after device loss', EVENT_MS, conn.close());
  }, 120_000);

  it('MT-SICS: the balance answers @ and S over the pty', async () => {
    const sim = await startSim(['--protocol', 'mtsics']);
    const conn = await connectBench({ protocol: 'mt-sics', port: new NodeSerialPort(sim.ready.port), sink: new MemorySink() });
    await expect(conn.driver.identify()).resolves.toMatchObject({ protocol: 'mt-sics', sn: 'B000000001' });
    await expect(conn.driver.weighImmediate()).resolves.toMatchObject({ unit: 'kg' });
    await conn.close();
    await stop(sim.child);
  }, 120_000);
});
