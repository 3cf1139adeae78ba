import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBench, type Connection } from '../connect.ts';
import { BalanceError, BenchError } from '../errors.ts';
import { createDemoPort } from '../sim/demoPort.ts';
import { MemorySink } from '../types.ts';
import { MtSicsDriver } from './driver.ts';

const open: Array<Connection<MtSicsDriver>> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function setup() {
  const port = createDemoPort({ protocol: 'mt-sics', timeScale: 0.001, settleMs: 1000, sn: 'B0215' });
  const sink = new MemorySink();
  const conn = await connectBench({ protocol: 'mt-sics', port, sink, connectionId: 'm1', commandTimeoutMs: 200 });
  open.push(conn);
  return { port, sink, driver: conn.driver };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MtSicsDriver against the balance simulator', () => {
  it('@ gives the serial number; Z zeroes; S S is a stable reading', async () => {
    const { driver, sink } = await setup();
    await expect(driver.identify()).resolves.toEqual({ protocol: 'mt-sics', sn: 'B0215', method: 'weighing' });
    await driver.zero();
    await expect(driver.weighStable()).resolves.toEqual({ value: 0, unit: 'kg', stable: true });
    expect(sink.lines.map((l) => l.text)).toEqual(['@', 'I4 A "B0215"', 'Z', 'Z A', 'S', 'S S      0.000 kg']);
  });

  it('while filling: S I is busy (S refuses), SI gives S D dynamic; after settling S S', async () => {
    const { driver, port } = await setup();
    await driver.zero();
    port.sim.startFill(2);
    await sleep(5);
    await expect(driver.weighStable()).rejects.toMatchObject({ code: 'balance-not-stable' });
    await expect(driver.weighImmediate()).resolves.toMatchObject({ stable: false, unit: 'kg' });
    port.sim.stopFill();
    const w = await driver.waitStable(500, 1);
    expect(w.stable).toBe(true);
    expect(w.value).toBeGreaterThan(0);
  });

  it('overload (S +), tare (T S), and ES / ET / EL as typed errors', async () => {
    const { driver, port } = await setup();
    await expect(driver.tare()).resolves.toMatchObject({ stable: true, unit: 'kg' });
    port.sim.inject({ kind: 'error-reply', reply: 'ES' });
    await expect(driver.weighStable()).rejects.toMatchObject({ kind: 'syntax' });
    port.sim.inject({ kind: 'error-reply', reply: 'ET' });
    await expect(driver.weighStable()).rejects.toMatchObject({ kind: 'transmission' });
    port.sim.inject({ kind: 'error-reply', reply: 'EL' });
    await expect(driver.zero()).rejects.toBeInstanceOf(BalanceError);
    port.sim.inject({ kind: 'overload' });
    await expect(driver.weighStable()).rejects.toMatchObject({ code: 'balance-overload', message: expect.stringContaining('overloaded') as unknown });
    await expect(driver.weighImmediate()).rejects.toBeInstanceOf(BenchError);
  });

  it('a balance that stops answering times out and is counted', async () => {
    const { driver, port } = await setup();
    port.sim.inject({ kind: 'stop-answering' });
    await expect(driver.weighStable()).rejects.toMatchObject({ code: 'timeout' });
    expect(driver.faults.timeout).toBe(1);
  });

  it('property: random bytes never throw out of the driver and unknown lines are counted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 120 }), { maxLength: 8 }), async (chunks) => {
        const sink = new MemorySink();
        const link = { clock: { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined }, write: () => Promise.resolve(), attach: () => undefined };
        const d = new MtSicsDriver({ link, sink, connectionId: 'f' });
        let messages = 0;
        d.on((e) => {
          if (e.type === 'message') messages++;
        });
        for (const c of chunks) await d.data(c, 0);
        expect(messages + (d.faults.malformed ?? 0)).toBe(sink.lines.length);
      }),
    );
  });
});
