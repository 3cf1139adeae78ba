/**
 * The demo PLC bench and its balance, driven by the app's own drivers over the demo
 * ports: register layout from the configuration, valves and flow, counters against the
 * collected mass, the test pressure, and the faults on demand. Bench speed 200: a bench
 * minute is 0.3 s.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { within } from '../../../../test/support/bounded.ts';
import { isPlcConfig, parseBenchConfig, plcRegisters, type PlcConfig } from '../config/benchConfig.ts';
import pulseJson from '../config/examples/plc-balance-pulse.json';
import visualJson from '../config/examples/plc-balance-visual.json';
import { connectBench, type Connection } from '../connect.ts';
import { ModbusExceptionError } from '../errors.ts';
import { crcOk, withCrc } from '../modbus/crc.ts';
import type { ModbusRtuDriver } from '../modbus/driver.ts';
import type { RegisterDef, RegisterMap } from '../modbus/registerMap.ts';
import type { MtSicsDriver } from '../mtsics/driver.ts';
import { MemorySink, type Clock } from '../types.ts';
import { createDemoPlcBench, type DemoPlcBench } from './demoPlcBench.ts';
import { PlcBenchModel, WATER_DENSITY, wrapCount } from './plcBenchModel.ts';
import { PlcSlaveSim } from './plcSlaveSim.ts';

const SPEED = 200;

function plcConfig(json: unknown): PlcConfig {
  const c = parseBenchConfig(json);
  if (!isPlcConfig(c)) throw new Error('example is not a PLC bench');
  return c;
}

/** The driver needs a register map; the configuration's registers are read one by one through readValue. */
function mapFor(c: PlcConfig): RegisterMap {
  const r = c.setup.plc.registers;
  return { name: c.name, unitId: c.setup.plc.unitId, referenceUnit: 'kg', quantities: { flowLph: r.flowLph, waterTempC: r.waterTempC, reference: r.flowLph }, positions: [{ position: 1, indicatedL: r.flowLph }] };
}

const open: Array<{ close(): Promise<void> }> = [];
const benches: DemoPlcBench[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  for (const b of benches.splice(0)) b.dispose();
});

async function setup(json: unknown = pulseJson, seed = 14) {
  const config = plcConfig(json);
  const bench = createDemoPlcBench({ config, speed: SPEED, seed });
  benches.push(bench);
  const sink = new MemorySink();
  const plc: Connection<ModbusRtuDriver> = await connectBench({ protocol: 'modbus-rtu', port: bench.plcPort, sink, map: mapFor(config), connectionId: 'plc', commandTimeoutMs: 1000 });
  open.push(plc);
  let balance: MtSicsDriver | null = null;
  if (bench.balancePort !== null) {
    const b = await connectBench({ protocol: 'mt-sics', port: bench.balancePort, sink, connectionId: 'bal', commandTimeoutMs: 1000 });
    open.push(b);
    balance = b.driver;
  }
  return { config, bench, plc: plc.driver, balance, sink };
}

/** Waits `ms` of bench time. */
function benchSleep(clock: Clock, ms: number): Promise<void> {
  return within(`${ms} bench ms passing`, 2000 + ms / SPEED * 10, new Promise<void>((r) => clock.setTimeout(r, ms)));
}

/** Polls until `test` holds, for at most `realMs`. */
async function pollUntil(what: string, realMs: number, test: () => Promise<boolean>): Promise<void> {
  await within(what, realMs, (async () => {
    while (!(await test())) await new Promise((r) => setTimeout(r, 2));
  })());
}

function def(c: PlcConfig, pick: (c: PlcConfig) => RegisterDef | undefined): RegisterDef {
  const d = pick(c);
  if (d === undefined) throw new Error('register not in the example');
  return d;
}

const coilOf = (c: PlcConfig, i: number): number => {
  const v = c.setup.plc.control.valves[i];
  if (v?.kind !== 'coil') throw new Error('example valves are coils');
  return v.address;
};

async function openValves(c: PlcConfig, plc: ModbusRtuDriver, on: boolean): Promise<void> {
  const order = on ? [0, 1] : [1, 0];
  for (const i of order) await plc.writeCoil(coilOf(c, i), on);
}

describe('the demo PLC bench configurations', () => {
  it('validate, ten positions each, pulse with counters and visual without', () => {
    const pulse = plcConfig(pulseJson);
    const visual = plcConfig(visualJson);
    expect(pulse.setup.positions).toHaveLength(10);
    expect(visual.setup.positions).toHaveLength(10);
    expect(pulse.setup.positions.every((p) => p.counter !== undefined && p.pulsesPerL !== undefined)).toBe(true);
    expect(visual.setup.reading).toBe('visual');
    expect(visual.setup.positions.every((p) => p.counter === undefined)).toBe(true);
    expect(pulse.setup.reference.kind).toBe('balance');
  });
});

describe('the demo PLC bench over Modbus RTU and MT-SICS', () => {
  it('serves every mapped register with a plausible value at rest', async () => {
    const { config, plc } = await setup();
    const got = new Map<string, number>();
    for (const { path, def: d } of plcRegisters(config.setup)) got.set(path.join('.'), await plc.readValue(d));
    expect(got.get('plc.registers.flowLph')).toBe(0);
    expect(got.get('plc.registers.waterTempC')).toBeGreaterThan(19);
    expect(got.get('plc.registers.waterTempC')).toBeLessThan(21);
    expect(got.get('plc.registers.inletKpa')).toBeCloseTo(350, 0);
    expect(got.get('plc.registers.outletKpa')).toBeCloseTo(350, 0);
    expect(got.get('plc.registers.tightnessKpa')).toBe(0);
    expect(got.get('plc.registers.airTempC')).toBeCloseTo(20, 2);
    expect(got.get('plc.registers.airHPa')).toBeCloseTo(1013, 1);
    expect(got.get('plc.registers.airRhPct')).toBeCloseTo(50, 1);
    expect(got.get('plc.control.targetFlowLph')).toBe(2500);
    for (let i = 0; i < 10; i++) expect(got.get(`positions.${i}.counter`)).toBe(0);
  });

  it('open valves: the flow ramps to the set point; the counters and the balance agree within the meters’ errors', async () => {
    const { config, bench, plc, balance } = await setup();
    if (balance === null) throw new Error('the example has a balance');
    await balance.waitStable(2000, 5);
    await balance.zero();
    const flow = def(config, (c) => c.setup.plc.registers.flowLph);
    await plc.writeValue(def(config, (c) => c.setup.plc.control.targetFlowLph), 2000);
    await openValves(config, plc, true);
    await pollUntil('the flow reaching 2000 L/h', 3000, async () => Math.abs((await plc.readValue(flow)) - 2000) < 20);
    expect(bench.model.valvesOpen).toBe(true);
    expect(await plc.readValue(def(config, (c) => c.setup.plc.registers.inletKpa))).toBeLessThan(330);
    await expect(balance.weighStable()).rejects.toMatchObject({ code: 'balance-not-stable' });
    await benchSleep(bench.clock, 30_000);
    await openValves(config, plc, false);
    await pollUntil('the flow stopping', 3000, async () => (await plc.readValue(flow)) === 0);
    const w = await balance.waitStable(3000, 5);
    expect(w.stable).toBe(true);
    // 30 s or so at 2000 L/h: some 17 L.
    expect(w.value).toBeGreaterThan(15);
    const litres = w.value / WATER_DENSITY;
    for (const p of config.setup.positions) {
      const counted = (await plc.readValue(def(config, () => p.counter))) / (p.pulsesPerL ?? 1);
      expect(Math.abs(counted / litres - 1)).toBeLessThan(0.0085);
    }
  });

  it('valve-stuck: closing the valves does not stop the water', async () => {
    const { config, bench, plc } = await setup();
    const flow = def(config, (c) => c.setup.plc.registers.flowLph);
    await openValves(config, plc, true);
    await pollUntil('the flow reaching 2500 L/h', 3000, async () => (await plc.readValue(flow)) > 2400);
    bench.model.fault({ kind: 'valve-stuck' });
    await openValves(config, plc, false);
    await benchSleep(bench.clock, 10_000);
    expect(await plc.readValue(flow)).toBeGreaterThan(2400);
    bench.model.fault({ kind: 'clear' });
    await pollUntil('the flow stopping once the valves work again', 3000, async () => (await plc.readValue(flow)) === 0);
  });

  it('exception-once: one request gets the exception, the next a normal reply', async () => {
    const { config, bench, plc } = await setup();
    const temp = def(config, (c) => c.setup.plc.registers.waterTempC);
    bench.model.fault({ kind: 'exception-once', code: 4 });
    await expect(plc.readValue(temp)).rejects.toBeInstanceOf(ModbusExceptionError);
    expect(await plc.readValue(temp)).toBeGreaterThan(19);
    await expect(plc.readRegisters('input', 60, 1)).rejects.toMatchObject({ exceptionCode: 2 });
  });

  it('pressurize builds the test pressure, a leak lets it down, vent empties it', async () => {
    const { config, bench, plc } = await setup();
    const kpa = def(config, (c) => c.setup.plc.registers.tightnessKpa);
    const coil = (o: 'pressurize' | 'vent') => {
      const out = config.setup.plc.control[o];
      if (out?.kind !== 'coil') throw new Error('example outputs are coils');
      return out.address;
    };
    await plc.writeCoil(coil('pressurize'), true);
    await pollUntil('the test pressure reaching 1700 kPa', 3000, async () => (await plc.readValue(kpa)) >= 1699.9);
    await plc.writeCoil(coil('pressurize'), false);
    await benchSleep(bench.clock, 5000);
    expect(await plc.readValue(kpa)).toBeGreaterThan(1699);
    bench.model.fault({ kind: 'leak', kpaPerS: 20 });
    await benchSleep(bench.clock, 5000);
    expect(await plc.readValue(kpa)).toBeLessThan(1650);
    await plc.writeCoil(coil('vent'), true);
    await pollUntil('the test pressure vented', 3000, async () => (await plc.readValue(kpa)) === 0);
  });

  it('balance-never-settles: S answers busy, SI a dynamic value', async () => {
    const { bench, balance } = await setup();
    if (balance === null) throw new Error('the example has a balance');
    bench.model.fault({ kind: 'balance-never-settles' });
    await benchSleep(bench.clock, 5000);
    await expect(balance.weighStable()).rejects.toMatchObject({ code: 'balance-not-stable' });
    await expect(balance.weighImmediate()).resolves.toMatchObject({ stable: false });
  });

  it('the visual bench serves no counters', async () => {
    const { plc } = await setup(visualJson);
    await expect(plc.readRegisters('input', 100, 2)).rejects.toMatchObject({ exceptionCode: 2 });
  });
});

describe('the PLC slave on the wire', () => {
  function wire() {
    let now = 0;
    const clock: Clock = { now: () => now, setTimeout: (fn) => (fn(), 0), clearTimeout: () => undefined };
    const config = plcConfig(pulseJson);
    const model = new PlcBenchModel({ config, clock });
    const slave = new PlcSlaveSim({ config, model, clock });
    const replies: Uint8Array[] = [];
    slave.setOutput((b) => replies.push(b));
    return { slave, replies, model, tick: (ms: number) => (now += ms) };
  }

  it('answers only its unit, 01 for an unknown function, and stays silent on a bad CRC', () => {
    const { slave, replies } = wire();
    slave.receive(withCrc(Uint8Array.of(2, 4, 0, 0, 0, 1)));
    expect(replies).toHaveLength(0);
    slave.receive(withCrc(Uint8Array.of(1, 0x2b, 0x0e, 1, 0)));
    expect([...(replies[0] ?? [])].slice(0, 3)).toEqual([1, 0xab, 1]);
    const bad = withCrc(Uint8Array.of(1, 4, 0, 0, 0, 1));
    bad[7] = (bad[7] ?? 0) ^ 0xff;
    slave.receive(bad);
    expect(replies).toHaveLength(1);
    // A request split over two chunks is one request.
    const req = withCrc(Uint8Array.of(1, 4, 0, 2, 0, 1));
    slave.receive(req.slice(0, 3));
    slave.receive(req.slice(3));
    expect(replies).toHaveLength(2);
    expect(crcOk(replies[1] ?? new Uint8Array())).toBe(true);
  });

  it('coils and the set point (function 16) reach the model; unmapped coils and read-only registers are refused', () => {
    const { slave, replies, model } = wire();
    slave.receive(withCrc(Uint8Array.of(1, 5, 0, 0, 0xff, 0)));
    slave.receive(withCrc(Uint8Array.of(1, 5, 0, 1, 0xff, 0)));
    expect(model.valvesOpen).toBe(true);
    slave.receive(withCrc(Uint8Array.of(1, 5, 0, 7, 0xff, 0)));
    slave.receive(withCrc(Uint8Array.of(1, 5, 0, 0, 0x12, 0x34)));
    // f32 1600 high-first = 0x44C8 0x0000
    slave.receive(withCrc(Uint8Array.of(1, 16, 0, 0, 0, 2, 4, 0x44, 0xc8, 0, 0)));
    slave.receive(withCrc(Uint8Array.of(1, 6, 0, 5, 0, 1)));
    expect(replies.map((r) => [r[1], r[2]])).toEqual([[5, 0], [5, 0], [0x85, 2], [0x85, 3], [16, 0], [0x86, 2]]);
    expect(model.targetFlowLph).toBe(1600);
  });
});

describe('the bench model', () => {
  it('a u32 counter wraps at 2³², a u16 at 2¹⁶', () => {
    expect(wrapCount(2 ** 32 + 5, 'u32')).toBe(5);
    expect(wrapCount(70_000, 'u16')).toBe(4464);
  });

  it('fault meter-error: the meter on that position counts that much more than the water that went through', () => {
    let now = 0;
    const clock: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined };
    const config = plcConfig(pulseJson);
    const model = new PlcBenchModel({ config, clock, seed: 3 });
    model.fault({ kind: 'meter-error', pos: 2, pct: 1.5 });
    model.setOutput({ kind: 'valve', index: 0 }, true);
    model.setOutput({ kind: 'valve', index: 1 }, true);
    now += 60_000;
    model.setOutput({ kind: 'valve', index: 0 }, false);
    now += 30_000;
    expect(model.flowLph).toBe(0);
    const litres = model.tankL;
    expect(litres).toBeGreaterThan(35);
    expect(model.collectedKg).toBeCloseTo(litres * WATER_DENSITY, 6);
    expect(model.indicatedL(2) / litres).toBeCloseTo(1.015, 3);
    for (const pos of [1, 3, 4, 5]) expect(Math.abs(model.indicatedL(pos) / litres - 1)).toBeLessThan(0.0081);
  });
});
