/**
 * The Modbus RTU driver against an independent peer: pymodbus (Debian's python3-pymodbus)
 * serving the shipped example register map on a socat pty, with the values encoded by
 * Python (test/fixtures/bench/modbus_server.py). Binds nothing but ptys; socat and python
 * are killed by their own PIDs in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../sync-server/cli/benchPty.ts';
import { connectBench, type Connection } from '../web/src/bench/connect.ts';
import { ModbusExceptionError } from '../web/src/bench/errors.ts';
import type { ModbusRtuDriver } from '../web/src/bench/modbus/driver.ts';
import { parseRegisterMap } from '../web/src/bench/modbus/registerMap.ts';
import { NodeSerialPort } from '../web/src/bench/node/serialportAdapter.ts';
import { MemorySink } from '../web/src/bench/types.ts';
import { until } from './support/bounded.ts';

const MAP_PATH = 'web/src/bench/modbus/example-map.json';
const VALUES_PATH = 'test/fixtures/bench/modbus-values.json';
// Debian's python3 (the one with python3-pymodbus), not a pyenv shim that lacks it.
const PYTHON = '/usr/bin/python3';

let pty: PtyPair;
let server: ChildProcess;
let conn: Connection<ModbusRtuDriver>;
const sink = new MemorySink();
const values = JSON.parse(readFileSync(VALUES_PATH, 'utf8')) as { quantities: Record<string, number>; positions: Record<string, number> };

beforeAll(async () => {
  pty = await openPtyPair();
  server = spawn(PYTHON, ['test/fixtures/bench/modbus_server.py', pty.benchPath, MAP_PATH, VALUES_PATH], { stdio: ['ignore', 'pipe', 'inherit'] });
  await until<void>('the pymodbus server printing its ready line', 20_000, (resolve, reject) => {
    createInterface({ input: server.stdout as NodeJS.ReadableStream }).once('line', () => resolve());
    server.once('exit', (code) => reject(new Error(`pymodbus server exited with ${String(code)} (is python3-pymodbus with python3-serial-asyncio installed?)`)));
  });
  const map = parseRegisterMap(JSON.parse(readFileSync(MAP_PATH, 'utf8')));
  conn = await connectBench({ protocol: 'modbus-rtu', port: new NodeSerialPort(pty.appPath), sink, map, commandTimeoutMs: 1000, minSilenceMs: 5,
    // A Linux pty refuses parity (tcsetattr EINVAL): 8N1 here, 8E1 on a real RS-485 line.
    serialOptions: { baudRate: 19200, dataBits: 8, stopBits: 1, parity: 'none' },
  });
}, 30_000);

afterAll(async () => {
  await conn?.close();
  if (server?.pid !== undefined && server.exitCode === null) {
    const exited = until('the pymodbus server exiting after SIGTERM', 10_000, (r) => server.once('exit', r));
    process.kill(server.pid, 'SIGTERM');
    await exited;
  }
  await pty?.close();
});

describe('ModbusRtuDriver ⇄ pymodbus over a pty', () => {
  it('identify reads the flow register', async () => {
    await expect(conn.driver.identify()).resolves.toMatchObject({ protocol: 'modbus-rtu', sn: 'unit 1', positions: 4 });
  });

  it('reads every quantity of the example map with its type, word order and scale (03/04)', async () => {
    const r = await conn.driver.read();
    const q = values.quantities;
    expect(r.flowLph).toBeCloseTo(q.flowLph ?? NaN, 3);
    expect(r.waterTempC).toBeCloseTo(q.waterTempC ?? NaN, 6);
    expect(r.inletKpa).toBeCloseTo(q.inletKpa ?? NaN, 6);
    expect(r.reference).toBeCloseTo(q.reference ?? NaN, 6);
    expect(r.airHPa).toBeCloseTo(q.airHPa ?? NaN, 6);
    expect(r.indicatedL[1]).toBeCloseTo(values.positions['1'] ?? NaN, 6);
    expect(r.indicatedL[2]).toBeCloseTo(values.positions['2'] ?? NaN, 6);
    expect(r.indicatedL[3]).toBeCloseTo(values.positions['3'] ?? NaN, 6);
    // Every frame in and out went to the record, binary intact.
    expect(sink.lines.some((l) => l.direction === 'in' && l.bytes[1] === 0x04)).toBe(true);
  });

  it('writes with 06 and 16 and reads them back from the holding registers', async () => {
    const c = conn.driver.map.control;
    if (c === undefined || c.targetFlowLph === undefined) throw new Error('example map has control registers');
    await conn.driver.start(42.5, 10);
    await expect(conn.driver.readValue(c.command)).resolves.toBe(1);
    await expect(conn.driver.readValue(c.targetFlowLph)).resolves.toBe(42.5);
    await conn.driver.stop();
    await expect(conn.driver.readValue(c.command)).resolves.toBe(2);
  });

  it('an illegal address is a typed exception reply, not a crash', async () => {
    const err = await conn.driver.readRegisters('input', 500, 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModbusExceptionError);
    expect(err).toMatchObject({ functionCode: 4, exceptionCode: 2 });
    await expect(conn.driver.identify()).resolves.toMatchObject({ sn: 'unit 1' });
    expect(conn.driver.faults).toEqual({});
  });
});
