/**
 * The simulated PLC bench and balance of test/fixtures/bench/plc_bench_sim.py, run for a
 * Node test: two socat pty pairs (the PLC's and the balance's) and the Python process
 * serving both, driven by JSON lines on its stdin (faults, a re-plugged cable, its state).
 * Every process started here is killed by its own PID in `stop()`; every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { openPtyPair, type PtyPair } from '../../sync-server/cli/benchPty.ts';
import { within } from './bounded.ts';

// Debian's python3 (the one with python3-pymodbus), not a pyenv shim that lacks it.
const PYTHON = '/usr/bin/python3';
const SIM = 'test/fixtures/bench/plc_bench_sim.py';
const START_MS = 20_000;
const REPLY_MS = 10_000;

export type SimDevice = 'plc' | 'balance';

export type SimFault =
  | { fault: 'valve-stuck' }
  | { fault: 'balance-never-settles' }
  | { fault: 'exception-once'; code: number }
  | { fault: 'leak'; kpaPerS: number }
  | { fault: 'meter-error'; pos: number; pct: number }
  | { fault: 'clear' };

export interface SimState {
  tS: number;
  flowLph: number;
  open: boolean;
  grossKg: number;
  tightnessKpa: number;
  stable: boolean;
}

export interface PlcBenchSim {
  /** the ends the app opens */
  appPath: Record<SimDevice, string>;
  /** each position's meter error (%) as seeded */
  errorsPct: Record<string, number>;
  fault(f: SimFault): Promise<void>;
  state(): Promise<SimState>;
  /** the cable is pulled: the device's pty pair goes away (the app sees device loss) */
  pull(device: SimDevice): Promise<void>;
  /** a new cable: a new pty pair, served by the same bench; returns the app's end */
  plugIn(device: SimDevice): Promise<string>;
  stop(): Promise<void>;
}

export async function startPlcBenchSim(o: { config: string; speed: number; seed?: number }): Promise<PlcBenchSim> {
  const ptys: Record<SimDevice, PtyPair> = { plc: await openPtyPair(), balance: await openPtyPair() };
  const child: ChildProcess = spawn(
    PYTHON,
    [SIM, '--config', o.config, '--plc', ptys.plc.benchPath, '--balance', ptys.balance.benchPath, '--speed', String(o.speed), '--seed', String(o.seed ?? 1)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    const w = waiting.shift();
    if (w !== undefined) w(l);
    else lines.push(l);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextLine = async (what: string, ms: number): Promise<string> => {
    const ready = lines.shift();
    if (ready !== undefined) return ready;
    let take: (line: string) => void = () => undefined;
    const line = new Promise<string>((resolve, reject) => {
      take = resolve;
      void exited.then(() => reject(new Error(`plc_bench_sim exited (code ${String(child.exitCode)}) before ${what}`)));
    });
    line.catch(() => undefined);
    waiting.push(take);
    try {
      return await within(what, ms, line);
    } finally {
      // A line that came too late is not the answer to the next command.
      const i = waiting.indexOf(take);
      if (i >= 0) waiting.splice(i, 1);
    }
  };

  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      await within('plc_bench_sim exiting after SIGTERM', REPLY_MS, exited).catch(() => {
        if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      });
    }
    await ptys.plc.close();
    await ptys.balance.close();
  };

  let ready: { plc: string; balance: string; errorsPct: Record<string, number> };
  try {
    ready = (JSON.parse(await nextLine('plc_bench_sim printing its ready line (python3-pymodbus and python3-serial-asyncio installed?)', START_MS)) as { ready: typeof ready }).ready;
  } catch (e) {
    await stop();
    throw e;
  }

  // One command at a time: each is answered by the next line.
  let chain: Promise<unknown> = Promise.resolve();
  const send = <T>(cmd: object, what: string): Promise<T> => {
    const done = chain.then(async () => {
      child.stdin?.write(`${JSON.stringify(cmd)}\n`);
      const reply = JSON.parse(await nextLine(what, REPLY_MS)) as { ok?: string; error?: string } & T;
      if (reply.error !== undefined) throw new Error(`plc_bench_sim: ${reply.error}`);
      return reply;
    });
    chain = done.catch(() => undefined);
    return done;
  };

  const appPath: Record<SimDevice, string> = { plc: ptys.plc.appPath, balance: ptys.balance.appPath };
  return {
    appPath,
    errorsPct: ready.errorsPct,
    fault: async (f) => {
      await send(f, `the simulator taking fault ${f.fault}`);
    },
    state: async () => (await send<{ state: SimState }>({ state: true }, 'the simulator reporting its state')).state,
    pull: async (device) => {
      await ptys[device].close();
    },
    plugIn: async (device) => {
      const pair = await openPtyPair();
      ptys[device] = pair;
      await send({ attach: device, path: pair.benchPath }, `the simulator serving the ${device} on a new pty`);
      appPath[device] = pair.appPath;
      return pair.appPath;
    },
    stop,
  };
}
