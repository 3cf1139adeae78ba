/**
 * A verification session on the simulated PLC bench (./plcBenchSim.ts), opened the way the
 * app opens one (web/src/bench/orchestrated/plcBench.ts `openPlcBench`): both ports through
 * the Node serial adapter at 8N1 (a Linux pty refuses parity), the bench's waits on a
 * scaled bench clock that runs as fast as the simulator's, every line into one sink.
 */
import { isPlcConfig, parseBenchConfig, type PlcConfig } from '../../web/src/bench/config/benchConfig.ts';
import { NodeSerialPort } from '../../web/src/bench/node/serialportAdapter.ts';
import { openPlcBench } from '../../web/src/bench/orchestrated/plcBench.ts';
import type { PlcBenchConnection } from '../../web/src/bench/orchestrated/types.ts';
import type { BenchReplayLine } from '../../web/src/bench/replay.ts';
import type { SessionEvent } from '../../web/src/bench/session/events.ts';
import { VerificationSession, type PlannedPoint, type SessionPlan } from '../../web/src/bench/session/session.ts';
import type { Clock, MemorySink } from '../../web/src/bench/types.ts';
import { until, within } from './bounded.ts';
import type { PlcBenchSim } from './plcBenchSim.ts';

const PTY_8N1 = { dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' } as const;

export function plcConfigOf(json: unknown): PlcConfig {
  const c = parseBenchConfig(json);
  if (!isPlcConfig(c)) throw new Error('not a PLC bench configuration');
  return c;
}

/** A DN15 meter, Q3 2.5 m³/h, R100, class 2 (as test/fixtures/bench/session.example.json). */
export const DN15 = { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2 as const, deltaL: 0.005, mapMpa: 1.0 };

export const ALL_POINTS: PlannedPoint[] = [
  { point: 'Q3', volumeL: 10 },
  { point: 'Q2', volumeL: 2 },
  { point: 'Q1', volumeL: 1.5 },
];

export function planOf(sessionId: string, points: PlannedPoint[] = ALL_POINTS): SessionPlan {
  return { sessionId, meter: DN15, points };
}

export function openSimBench(sim: PlcBenchSim, config: PlcConfig, o: { sink: MemorySink; benchClock: Clock }): Promise<PlcBenchConnection> {
  return openPlcBench({
    config,
    plcPort: new NodeSerialPort(sim.appPath.plc),
    balancePort: new NodeSerialPort(sim.appPath.balance),
    sink: o.sink,
    benchClock: o.benchClock,
    operator: 'test',
    commandTimeoutMs: 1000,
    minSilenceMs: 5,
    serialOptions: { plc: { baudRate: config.setup.plc.link.baudRate, ...PTY_8N1 }, balance: { baudRate: 9600, ...PTY_8N1 } },
  });
}

export interface SessionUnderTest {
  session: VerificationSession;
  events: SessionEvent[];
  /** resolves with the first event (already seen or to come) that `match` accepts; bounded */
  event<T extends SessionEvent['type']>(type: T, what: string, ms: number, match?: (e: Extract<SessionEvent, { type: T }>) => boolean): Promise<Extract<SessionEvent, { type: T }>>;
}

export function sessionOn(conn: PlcBenchConnection, plan: SessionPlan): SessionUnderTest {
  const session = new VerificationSession(conn.bench, plan);
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  const event: SessionUnderTest['event'] = (type, what, ms, match = () => true) => {
    type E = Extract<SessionEvent, { type: typeof type }>;
    const fits = (e: SessionEvent): e is E => e.type === type && match(e as E);
    return until<E>(what, ms, (resolve) => {
      const seen = events.find(fits);
      if (seen !== undefined) return resolve(seen);
      const off = session.on((e) => {
        if (fits(e)) {
          off();
          resolve(e);
        }
      });
    });
  };
  return { session, events, event };
}

/** Mounts a meter on each position and records both checklists as passed. */
export async function mountAll(session: VerificationSession, positions: readonly number[], serialOf: (pos: number) => string): Promise<void> {
  for (const pos of positions) {
    await session.mount(pos, serialOf(pos));
    session.recordChecklist(pos, 'external', [{ key: 'nameplate', ok: true }]);
    session.recordChecklist(pos, 'function', [{ key: 'register-advances', ok: true }]);
  }
}

/** The sink's lines as the store gives them to the replay: one sequence in record order, each with its connection. */
export function replayLinesOf(sink: MemorySink): BenchReplayLine[] {
  return sink.lines.map((l, i) => ({ seq: i + 1, connectionId: l.connectionId, direction: l.direction, text: l.text }));
}

/** The session's run results, in order. */
export function resultsOf(events: readonly SessionEvent[]): Array<Extract<SessionEvent, { type: 'run-result' }>> {
  return events.flatMap((e) => (e.type === 'run-result' ? [e] : []));
}

/** Every run the session evaluated, as (runId, position) → the domain's Run. */
export function sessionRuns(events: readonly SessionEvent[]): Array<{ runId: string; position: number; serial: string; run: unknown }> {
  return events.flatMap((e) => (e.type === 'run-result' ? e.positions.flatMap((p) => (p.run === undefined ? [] : [{ runId: e.runId, position: p.pos, serial: p.serial, run: p.run }])) : []));
}

/**
 * Polls `check` every 250 ms of bench time until it gives a value; bounded in real ms
 * (bounded.ts `within`), so a bench that never gets there is named, not waited on.
 */
export async function benchUntil<T>(clock: Clock, what: string, realMs: number, check: () => Promise<T | undefined>): Promise<T> {
  let gaveUp = false;
  const poll = async (): Promise<T> => {
    for (;;) {
      const v = await check();
      if (v !== undefined) return v;
      if (gaveUp) throw new Error(`${what}: given up`);
      await new Promise<void>((r) => clock.setTimeout(r, 250));
    }
  };
  const polling = poll();
  polling.catch(() => undefined);
  try {
    return await within(what, realMs, polling);
  } finally {
    gaveUp = true;
  }
}
