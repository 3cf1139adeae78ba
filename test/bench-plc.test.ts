/**
 * A PLC bench with a balance, the app against an independent peer (issue 14 item 4): one
 * Python process (test/fixtures/bench/plc_bench_sim.py) with one physical model behind a
 * pymodbus RTU server on one socat pty and an MT-SICS balance on another, its register
 * layout read from test/fixtures/bench/plc-bench.json and encoded by Python. The bench
 * clock runs SPEED times real time on both sides (the app's waits on `scaledClock`, the
 * drivers' answer timeouts on real time). socat and python are killed by their own PIDs
 * in afterAll; every wait has its own bound.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchConfig } from '../web/src/bench/config/benchConfig.ts';
import { connectBench, type Connection } from '../web/src/bench/connect.ts';
import { BenchConfigError, ModbusExceptionError } from '../web/src/bench/errors.ts';
import type { ModbusRtuDriver } from '../web/src/bench/modbus/driver.ts';
import type { RegisterDef } from '../web/src/bench/modbus/registerMap.ts';
import { decodeRegisters } from '../web/src/bench/modbus/values.ts';
import type { MtSicsDriver } from '../web/src/bench/mtsics/driver.ts';
import { NodeSerialPort } from '../web/src/bench/node/serialportAdapter.ts';
import type { PlcBenchConnection } from '../web/src/bench/orchestrated/types.ts';
import { replayBenchRuns } from '../web/src/bench/replay.ts';
import { scaledClock } from '../web/src/bench/sim/scaledClock.ts';
import { MemorySink } from '../web/src/bench/types.ts';
import { within } from './support/bounded.ts';
import { startPlcBenchSim, type PlcBenchSim } from './support/plcBenchSim.ts';
import { benchUntil, mountAll, openSimBench, planOf, plcConfigOf, replayLinesOf, resultsOf, sessionOn, sessionRuns } from './support/plcSession.ts';

const CONFIG_PATH = 'test/fixtures/bench/plc-bench.json';
const SPEED = 50;
/** A Linux pty refuses parity (tcsetattr EINVAL): 8N1 here, whatever a real line uses. */
const PTY_8N1 = { dataBits: 8, stopBits: 1, parity: 'none' } as const;
const configJson = JSON.parse(readFileSync(CONFIG_PATH, 'utf8')) as Record<string, unknown>;
const sleepBench = (clock: { setTimeout(fn: () => void, ms: number): unknown }, ms: number) => new Promise<void>((r) => clock.setTimeout(r, ms));

describe('the simulated PLC bench and balance, over the drivers alone', () => {
  const s = plcConfigOf(configJson).setup;
  const clock = scaledClock(SPEED);
  let sim: PlcBenchSim;
  let plc: Connection<ModbusRtuDriver>;
  let balance: Connection<MtSicsDriver>;
  const read = async (def: RegisterDef) => decodeRegisters(await plc.driver.readRegisters(def.table, def.address, def.type === 'u16' ? 1 : 2), def);
  const coil = (address: number, on: boolean) => plc.driver.writeCoil(address, on);

  beforeAll(async () => {
    sim = await startPlcBenchSim({ config: CONFIG_PATH, speed: SPEED, seed: 7 });
    const sink = new MemorySink();
    const link = { sink, commandTimeoutMs: 1000 };
    plc = await connectBench({ ...link, protocol: 'modbus-rtu', port: new NodeSerialPort(sim.appPath.plc), map: { unitId: s.plc.unitId }, minSilenceMs: 5, serialOptions: { baudRate: 19200, ...PTY_8N1 } });
    balance = await connectBench({ ...link, protocol: 'mt-sics', port: new NodeSerialPort(sim.appPath.balance), serialOptions: { baudRate: 9600, ...PTY_8N1 } });
  }, 30_000);

  afterAll(async () => {
    await plc?.close();
    await balance?.close();
    await sim?.stop();
  });

  it('the balance answers @ with its serial number, the PLC its registers typed and scaled as configured', async () => {
    await expect(balance.driver.identify()).resolves.toMatchObject({ protocol: 'mt-sics', sn: 'B-PLCSIM-01' });
    const r = s.plc.registers;
    if (r.inletKpa === undefined || r.airHPa === undefined) throw new Error('the fixture maps the inlet pressure and the air pressure');
    expect(await read(r.waterTempC)).toBeCloseTo(20, 0);
    expect(await read(r.airHPa)).toBeCloseTo(1012.5, 1);
    expect(await read(r.inletKpa)).toBeCloseTo(400, 0);
    expect(await read(r.flowLph)).toBe(0);
  });

  it('water through the open valves: the flow ramps to its set point, the counters and the balance agree within each meter\'s error', async () => {
    const c = s.plc.control;
    if (c.targetFlowLph === undefined) throw new Error('the fixture has a flow set point');
    await benchUntil(clock, 'a stable balance before the run', 10_000, () => balance.driver.weighStable().catch(() => undefined));
    await balance.driver.tare();
    const counters = () => Promise.all(s.positions.map((p) => (p.counter === undefined ? Promise.resolve(NaN) : read(p.counter))));
    const start = await counters();
    await plc.driver.writeValue(c.targetFlowLph, 2375);
    for (const v of c.valves) if (v.kind === 'coil') await coil(v.address, true);
    await benchUntil(clock, 'the flow reaching 2375 L/h ± 2 %', 10_000, async () => (Math.abs((await read(s.plc.registers.flowLph)) - 2375) < 47.5 ? true : undefined));
    await sleepBench(clock, 10_000);
    for (const v of [...c.valves].reverse()) if (v.kind === 'coil') await coil(v.address, false);
    await benchUntil(clock, 'the flow falling to 0 after the valves closed', 10_000, async () => ((await read(s.plc.registers.flowLph)) === 0 ? true : undefined));
    const net = await benchUntil(clock, 'a stable balance after the run', 10_000, () => balance.driver.weighStable().catch(() => undefined));
    const end = await counters();
    // ~7 L in ~10 s at 2375 L/h, plus the ramps; the last counter wraps past 2³² on the way.
    const volumeL = net.value / 0.9982;
    expect(volumeL).toBeGreaterThan(5);
    s.positions.forEach((p, i) => {
      const pulses = (end[i] ?? NaN) - (start[i] ?? NaN);
      const e = ((pulses < 0 ? pulses + 2 ** 32 : pulses) / (p.pulsesPerL ?? NaN) / volumeL - 1) * 100;
      expect(Math.abs(e - (sim.errorsPct[String(p.position)] ?? NaN)), `position ${p.position}`).toBeLessThan(0.1);
    });
  }, 60_000);

  it('the tightness pressure rises while pressurizing, holds when off, falls to 0 when vented', async () => {
    const c = s.plc.control;
    const kpa = s.plc.registers.tightnessKpa;
    if (kpa === undefined || c.pressurize?.kind !== 'coil' || c.vent?.kind !== 'register') throw new Error('the fixture pressurizes by a coil and vents by a register');
    await coil(c.pressurize.address, true);
    await benchUntil(clock, 'the test pressure reaching 1648 kPa', 15_000, async () => ((await read(kpa)) >= 1648 ? true : undefined));
    await coil(c.pressurize.address, false);
    const p0 = await read(kpa);
    await sleepBench(clock, 60_000);
    const p1 = await read(kpa);
    // Held for the 60 s the rule asks (docs/rules.md R-TIGHT), under 2 × MAP.
    expect(p0).toBeLessThan(2000);
    expect(p0 - p1).toBeGreaterThan(0);
    expect(p0 - p1).toBeLessThan(5);
    await plc.driver.writeValue(c.vent.register, c.vent.on);
    await benchUntil(clock, 'the vented pressure reaching 0', 10_000, async () => ((await read(kpa)) === 0 ? true : undefined));
    await plc.driver.writeValue(c.vent.register, c.vent.off);
  }, 60_000);

  it('an armed exception answers the next request only, with that code; an unsettled balance answers S I', async () => {
    await sim.fault({ fault: 'exception-once', code: 4 });
    const err = await read(s.plc.registers.flowLph).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModbusExceptionError);
    expect(err).toMatchObject({ functionCode: 4, exceptionCode: 4 });
    await expect(read(s.plc.registers.flowLph)).resolves.toBe(0);
    await sim.fault({ fault: 'balance-never-settles' });
    await expect(balance.driver.weighStable()).rejects.toMatchObject({ code: 'balance-not-stable' });
    await sim.fault({ fault: 'clear' });
    await expect(balance.driver.weighStable()).resolves.toMatchObject({ stable: true, unit: 'kg' });
  });
});

describe('wrong register types in the configuration', () => {
  type Editable = { setup: { plc: { registers: Record<string, Record<string, unknown>> }; positions: Array<Record<string, unknown>> } };
  const issuesOf = (edit: (c: Editable) => void): Array<{ path: string; message: string }> => {
    const c = structuredClone(configJson) as Editable;
    edit(c);
    try {
      parseBenchConfig(c);
    } catch (e) {
      if (e instanceof BenchConfigError) return [...e.issues];
      throw e;
    }
    return [];
  };

  it('the fixture is valid: 10 positions, weighing on a balance, read by pulses', () => {
    const s = plcConfigOf(configJson).setup;
    expect([s.positions.length, s.reference.kind, s.reading]).toEqual([10, 'balance', 'pulse']);
  });

  it('refuses an f32 pulse counter, a u16 with a word order and an overlap, naming each path', () => {
    const issues = issuesOf((c) => {
      const p3 = c.setup.positions[2];
      if (p3 === undefined) throw new Error('the fixture has 10 positions');
      p3.counter = { table: 'input', address: 24, type: 'f32', wordOrder: 'high-first' };
      c.setup.plc.registers.waterTempC = { table: 'input', address: 2, type: 'u16', wordOrder: 'high-first', scale: 0.01 };
      c.setup.plc.registers.outletKpa = { table: 'input', address: 5, type: 'u16', scale: 0.1 };
    });
    // The overlap is named at the second register, and its message names the first.
    expect(issues.map((i) => i.path).sort()).toEqual(['setup.plc.registers.tightnessKpa', 'setup.plc.registers.waterTempC.wordOrder', 'setup.positions[2].counter.type']);
    expect(issues.find((i) => i.path === 'setup.plc.registers.tightnessKpa')?.message).toContain('outletKpa');
  });
});

describe('app-orchestrated sessions on the simulated PLC bench', () => {
  const config = plcConfigOf(configJson);
  const positions = config.setup.positions.map((p) => p.position);
  const clock = scaledClock(SPEED);
  let sim: PlcBenchSim;
  const opened: PlcBenchConnection[] = [];
  const serialOf = (pos: number) => `WM24-${String(700 + pos).padStart(6, '0')}`;
  const openBench = async (sink: MemorySink, c = config) => {
    const conn = await within('opening the PLC bench and its balance', 10_000, openSimBench(sim, c, { sink, benchClock: clock }));
    opened.push(conn);
    return conn;
  };
  const stepLines = (sink: MemorySink, verb: string) => sink.lines.filter((l) => l.direction === 'out' && l.text.startsWith(`${verb} `)).map((l) => l.text);
  const asReplayed = (sink: MemorySink) => replayBenchRuns(replayLinesOf(sink)).runs.map((r) => ({ runId: r.runId, position: r.position, serial: r.serial, run: r.run }));

  beforeAll(async () => {
    sim = await startPlcBenchSim({ config: CONFIG_PATH, speed: SPEED, seed: 11 });
  }, 30_000);

  // Each test lets go of its ports: the next opens the same ptys (serialport locks them).
  afterEach(async () => {
    for (const c of opened.splice(0)) await within('closing a PLC bench connection', 10_000, c.close()).catch(() => undefined);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('a full 10-position session: mount, tightness, Q3/Q2/Q1, verdicts; the record replayed reproduces every run', async () => {
    const sink = new MemorySink();
    const conn = await openBench(sink);
    const { session, events } = sessionOn(conn, planOf('PLC-FULL'));
    // One meter reads 3 % high: over the 2 % MPE at Q3 and Q2, re-run once (docs/rules.md R-REPEAT), not passed.
    await sim.fault({ fault: 'meter-error', pos: 10, pct: 3 });
    const expectedPct = (pos: number) => (pos === 10 ? 3 : (sim.errorsPct[String(pos)] ?? NaN));
    await expect(session.identify()).resolves.toMatchObject({ sn: 'PLC-SIM-0001', positions: 10, method: 'weighing' });
    await mountAll(session, positions, serialOf);
    expect((await within('the tightness test', 20_000, session.tightness())).valid).toBe(true);
    for (const pos of positions) session.confirmTightness(pos, { leak: false, damage: false });
    await within('Q3, Q2 and Q1 on ten meters', 60_000, session.runAll());
    const verdicts = session.verdicts();
    expect(verdicts.map((v) => [v.pos, v.verdict.passed])).toEqual(positions.map((pos) => [pos, pos !== 10]));
    expect(verdicts[9]?.verdict.points).toMatchObject({ Q3: { passed: false }, Q2: { passed: false }, Q1: { passed: true } });
    expect(events.filter((e) => e.type === 'run-aborted' || e.type === 'run-invalid')).toEqual([]);
    // The app's E is the meter's own error, through pulses, balance, buoyancy and density: the
    // balance reads the water's mass as it is, and the app adds the air's buoyancy (docs/rules.md
    // R-VA-WEIGH, about +0.1 % on Va); then 1 g and a pulse of quantisation on 1.5 L at worst.
    const BUOYANCY_PCT = 0.105;
    for (const e of resultsOf(events)) {
      for (const p of e.positions) expect(Math.abs((p.evaluation?.errorPct ?? NaN) - (expectedPct(p.pos) - BUOYANCY_PCT)), `${e.runId} position ${p.pos}`).toBeLessThan(0.25);
    }
    const reported = sessionRuns(events);
    expect(reported.length).toBeGreaterThanOrEqual(3 * positions.length);
    expect(replayBenchRuns(replayLinesOf(sink)).serials).toEqual(new Set(positions.map(serialOf)));
    expect(asReplayed(sink)).toEqual(reported);
    await sim.fault({ fault: 'clear' });
  }, 90_000);

  /** Two meters and the fastest point: what a fault needs. */
  const shortSession = async (id: string) => {
    const sink = new MemorySink();
    const conn = await openBench(sink);
    const s = sessionOn(conn, planOf(id, [{ point: 'Q3', volumeL: 10 }]));
    await s.session.identify();
    await mountAll(s.session, [1, 2], serialOf);
    const q3 = () => within(`${id}: the Q3 point`, 30_000, s.session.runPoint({ point: 'Q3', volumeL: 10 }));
    return { sink, q3, ...s };
  };

  it('a valve that does not close: that run is void (valve-not-closed), the next refused until the valve is freed', async () => {
    const { sink, q3, events, event } = await shortSession('PLC-STUCK');
    await sim.fault({ fault: 'valve-stuck' });
    // The repeat is refused by the bench itself: water still flows with the valves closed.
    await expect(q3()).rejects.toMatchObject({ code: 'valve-not-closed' });
    const aborted = await event('run-aborted', 'the stuck run aborted', 1000);
    expect(aborted).toMatchObject({ reason: 'valve-not-closed', willRepeat: true });
    expect(stepLines(sink, 'VOID').join('\n')).toContain('reason=valve-not-closed');
    await expect(q3()).rejects.toMatchObject({ code: 'valve-not-closed' });
    expect(resultsOf(events)).toEqual([]);
    await sim.fault({ fault: 'clear' });
    await benchUntil(clock, 'the freed valve closing', 10_000, async () => ((await sim.state()).flowLph === 0 ? true : undefined));
    await q3();
    const results = resultsOf(events);
    expect(results).toHaveLength(1);
    const good = results[0]?.runId;
    // The void run is not in the replay; the good one is, as the session had it.
    expect(asReplayed(sink).map((r) => r.runId)).toEqual([good, good]);
    expect(asReplayed(sink)).toEqual(sessionRuns(events));
  }, 60_000);

  it('a balance that never settles: the runs are aborted balance-not-stable, nothing is evaluated', async () => {
    const { sink, q3, session, events } = await shortSession('PLC-UNSETTLED');
    await sim.fault({ fault: 'balance-never-settles' });
    await q3();
    await sim.fault({ fault: 'clear' });
    expect(events.flatMap((e) => (e.type === 'run-aborted' ? [e.reason] : []))).toEqual(['balance-not-stable', 'balance-not-stable', 'balance-not-stable']);
    expect(stepLines(sink, 'VOID')).toHaveLength(3);
    expect(resultsOf(events)).toEqual([]);
    expect(session.progress().flatMap((p) => p.runs)).toEqual([]);
    expect(asReplayed(sink)).toEqual([]);
  }, 60_000);

  it('a PLC exception reply: that run is void with the exception named, the next run is fine', async () => {
    const { sink, q3, events, event } = await shortSession('PLC-EXCEPTION');
    const running = q3();
    // Mid-run: once the water flows, the next request is refused with exception 4 (slave device failure).
    await event('flow', 'the first flow sample of the run', 10_000);
    await sim.fault({ fault: 'exception-once', code: 4 });
    await running;
    expect(events.filter((e) => e.type === 'run-aborted')).toMatchObject([{ reason: 'plc-exception-4', willRepeat: true }]);
    expect(stepLines(sink, 'VOID').join('\n')).toContain('reason=plc-exception-4');
    // The exception reply itself is in the record, as received: the function code with bit 7 set, code 4.
    expect(sink.lines.some((l) => l.direction === 'in' && ((l.bytes[1] ?? 0) & 0x80) !== 0 && l.bytes[2] === 4)).toBe(true);
    const results = resultsOf(events);
    expect(results).toHaveLength(1);
    expect(results[0]?.positions.every((p) => p.evaluation?.valid === true)).toBe(true);
    expect(asReplayed(sink)).toEqual(sessionRuns(events));
  }, 60_000);

  it('a flow word order swapped against the PLC reads an implausible flow: the runs are void, nothing evaluated', async () => {
    const swapped = structuredClone(configJson) as { setup: { plc: { registers: { flowLph: Record<string, unknown> } } } };
    swapped.setup.plc.registers.flowLph.wordOrder = 'low-first';
    // The last of the previous run's water must have stopped: a trickle read in the wrong order is garbage too.
    await benchUntil(clock, 'the water standing still before the swapped-order session', 10_000, async () => ((await sim.state()).flowLph === 0 ? true : undefined));
    const sink = new MemorySink();
    const conn = await openBench(sink, plcConfigOf(swapped));
    const { session, events } = sessionOn(conn, planOf('PLC-SWAPPED', [{ point: 'Q3', volumeL: 10 }]));
    // Still water reads 0 in any word order: the PLC answers, the session starts.
    await session.identify();
    await mountAll(session, [1], serialOf);
    const outcome = await within('the swapped-order point given up', 30_000, session.runPoint({ point: 'Q3', volumeL: 10 })).catch((e: unknown) => e);
    // Garbage can read "closed" while water still runs, then "flowing" when the next run checks
    // the valves: the bench may refuse that run rather than make a third void one.
    if (outcome !== undefined) expect(outcome).toMatchObject({ code: 'valve-not-closed' });
    // 2375 L/h as f32 is 0x4514_xxxx; read low word first, the mantissa's bits become the exponent.
    const flows = events.flatMap((e) => (e.type === 'flow' ? [e.lph] : []));
    expect(flows.length).toBeGreaterThan(10);
    expect(flows.filter((f) => f > 100 && f < 25_000).length / flows.length).toBeLessThan(0.2);
    const aborted = events.flatMap((e) => (e.type === 'run-aborted' ? [e.reason] : []));
    expect(aborted.length).toBeGreaterThan(0);
    for (const r of aborted) expect(r).toMatch(/^flow-/);
    expect(resultsOf(events)).toEqual([]);
    await within('closing the swapped-order bench', 10_000, conn.close());
    await benchUntil(clock, 'the water stopping after the swapped-order runs', 10_000, async () => ((await sim.state()).flowLph === 0 ? true : undefined));
  }, 60_000);

  for (const device of ['plc', 'balance'] as const) {
    it(`a cable pulled on the ${device} port mid-run: disconnected, nothing evaluated from the cut run, resumed on a new connection and finished`, async () => {
      const sink = new MemorySink();
      const conn = await openBench(sink);
      const { session, events, event } = sessionOn(conn, planOf(`PLC-CUT-${device}`));
      await session.identify();
      await mountAll(session, [1, 2], serialOf);
      expect((await within('the tightness test', 20_000, session.tightness())).valid).toBe(true);
      for (const pos of [1, 2]) session.confirmTightness(pos, { leak: false, damage: false });
      const running = session.runAll().catch((e: unknown) => e);
      const cut = await event('flow', 'water flowing in the first run', 10_000);
      await sim.pull(device);
      let plugged = false;
      try {
        await expect(within('runAll giving up on the lost cable', 10_000, running)).resolves.toMatchObject({ code: 'device-lost' });
        expect(session.state).toBe('disconnected');
        await expect(event('run-interrupted', 'the cut run reported interrupted', 1000)).resolves.toMatchObject({ runId: cut.runId, cause: 'device-lost' });
        await within('closing the connection with the pulled cable', 10_000, conn.close());
        // A new cable on the same bench: the record goes on in the same sink, on new connections.
        await sim.plugIn(device);
        plugged = true;
        const again = await openBench(sink);
        await within('resuming the session on the new connection', 10_000, session.resume(again.bench));
        await within('the resumed session finishing its points', 60_000, session.runAll());
      } finally {
        // The next test needs both cables, whatever happened here.
        if (!plugged) await sim.plugIn(device);
      }
      expect(session.verdicts().map((v) => [v.pos, v.verdict.passed])).toEqual([
        [1, true],
        [2, true],
      ]);
      const reported = sessionRuns(events);
      expect(reported.some((r) => r.runId === cut.runId)).toBe(false);
      expect(asReplayed(sink)).toEqual(reported);
    }, 90_000);
  }
});
