import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBench, type Connection } from '../connect.ts';
import type { DriverEvent } from '../driver.ts';
import { BenchNakError, BenchTimeoutError, DeviceLostError } from '../errors.ts';
import { createDemoPort } from '../sim/demoPort.ts';
import { Trace } from '../transport/trace.ts';
import { MemorySink, asciiBytes, type RawLine } from '../types.ts';
import { encodeMessage } from './codec.ts';
import { Wmb1Driver } from './driver.ts';
import type { Wmb1Message } from './messages.ts';

const open: Array<Connection<Wmb1Driver>> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function setup(simOptions: Parameters<typeof createDemoPort>[0] = {}, extra: { commandTimeoutMs?: number; activityTimeoutMs?: number } = {}) {
  const port = createDemoPort({ timeScale: 0.001, seed: 7, ...simOptions });
  const sink = new MemorySink();
  const trace = new Trace();
  const conn = await connectBench({ protocol: 'wmb1', port, sink, trace, connectionId: 'c1', ...extra });
  open.push(conn);
  const events: Array<DriverEvent<Wmb1Message>> = [];
  conn.driver.on((e) => events.push(e));
  return { port, sink, trace, conn, driver: conn.driver, events };
}

function waitFor<T>(events: T[], pred: (e: T) => boolean, ms = 3000, what = 'the awaited driver event'): Promise<T> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = () => {
      const hit = events.find(pred);
      if (hit !== undefined) return resolve(hit);
      if (Date.now() - t0 > ms) return reject(new Error(`${what} did not happen within ${ms} ms`));
      setTimeout(poll, 2);
    };
    poll();
  });
}

const messages = (events: Array<DriverEvent<Wmb1Message>>) => events.flatMap((e) => (e.type === 'message' ? [e.message] : []));

describe('Wmb1Driver over the demo bench', () => {
  it('identifies the bench; the trace shows HELLO in hex and text', async () => {
    const { driver, trace } = await setup();
    const id = await driver.identify();
    expect(id).toMatchObject({ protocol: 'wmb1', sn: 'SIM-0001', positions: 6, method: 'weighing' });
    const text = trace.format();
    expect(text).toContain('48 45 4C 4C 4F'); // HELLO
    expect(text).toContain('|HELLO*');
    expect(text).toMatch(/<- .*\|ACK cmd=HELLO/);
  });

  it('runs a point: RS, FS…, RE, one MV per loaded meter, RD; each line recorded before its event', async () => {
    const { driver, sink, events } = await setup();
    const recordedWhenEmitted: boolean[] = [];
    driver.on((e) => {
      if (e.type === 'message') recordedWhenEmitted.push(sink.lines.some((l) => l.seq === e.seq && l.direction === 'in'));
    });
    await driver.load(1, 'M-001');
    await driver.load(2, 'M-002');
    await driver.run('R1', 'Q3', 2375, 10);
    await waitFor(events, (e) => e.type === 'message' && e.message.verb === 'RD');
    const verbs = messages(events).map((m) => m.verb);
    const body = verbs.filter((v) => v !== 'ACK');
    expect(body[0]).toBe('RS');
    expect(body.filter((v) => v === 'FS').length).toBeGreaterThan(50);
    expect(body.slice(-4)).toEqual(['RE', 'MV', 'MV', 'RD']);
    expect(recordedWhenEmitted.every(Boolean)).toBe(true);
    // Sequence numbers: in and out together, 1, 2, 3, … without gaps.
    expect(sink.lines.map((l: RawLine) => l.seq)).toEqual(sink.lines.map((_, i) => i + 1));
    expect(sink.lines[0]).toMatchObject({ direction: 'out', text: expect.stringMatching(/^LOAD pos=1 meter=M-001\*[0-9A-F]{2}$/) as unknown });
    expect(driver.faults).toEqual({});
  });

  it('a bad checksum is discarded and counted, never acted on', async () => {
    const { driver, port, events } = await setup();
    port.sim.inject({ kind: 'bad-checksum', lines: 1 });
    await expect(driver.identify()).resolves.toMatchObject({ sn: 'SIM-0001' });
    // The ACK was spoilt, the ID came through: the command still completes.
    expect(driver.faults['bad-checksum']).toBe(1);
    expect(events.find((e) => e.type === 'fault')).toMatchObject({ code: 'bad-checksum', count: 1 });
    expect(messages(events).filter((m) => m.verb === 'ACK')).toHaveLength(0);
  });

  it('a missing MV line is reported against RD n', async () => {
    const { driver, port, events } = await setup();
    for (const p of [1, 2, 3]) await driver.load(p, `M-${p}`);
    port.sim.inject({ kind: 'drop-mv', pos: 2 });
    await driver.run('R2', 'Q2', 42, 1);
    await waitFor(events, (e) => e.type === 'message' && e.message.verb === 'RD');
    expect(messages(events).filter((m) => m.verb === 'MV').map((m) => (m.verb === 'MV' ? m.pos : 0))).toEqual([1, 3]);
    expect(events.find((e) => e.type === 'fault' && e.code === 'missing-mv')).toMatchObject({ detail: 'run R2: RD says 3 MV lines, 2 received' });
  });

  it('noise bytes and over-long lines are counted; the next line still decodes', async () => {
    const { driver, port } = await setup();
    port.sim.inject({ kind: 'noise', bytes: 5 });
    port.sim.inject({ kind: 'overlong-line' });
    await driver.identify();
    expect(driver.faults.noise).toBe(1);
    expect(driver.faults['overlong-line']).toBe(1);
  });

  it('NAK fails the command with its code', async () => {
    const { driver } = await setup();
    await expect(driver.load(9, 'X')).rejects.toMatchObject({ code: 'nak', nakCode: 2 });
    await expect(driver.load(9, 'X')).rejects.toBeInstanceOf(BenchNakError);
  });

  it('a bench that stops answering times out, counted, without a crash', async () => {
    const { driver, port } = await setup({}, { commandTimeoutMs: 50 });
    port.sim.inject({ kind: 'stop-answering' });
    await expect(driver.identify()).rejects.toBeInstanceOf(BenchTimeoutError);
    expect(driver.faults.timeout).toBe(1);
    port.sim.inject({ kind: 'resume-answering' });
    await expect(driver.status()).resolves.toEqual({ state: 'idle', id: null });
  });

  it('silence during a run is reported by the activity watchdog', async () => {
    const { driver, port, events } = await setup({ timeScale: 1 }, { activityTimeoutMs: 80, commandTimeoutMs: 100 });
    await driver.load(1, 'M');
    port.sim.inject({ kind: 'stop-answering' });
    await expect(driver.run('R3', 'Q1', 26, 1)).rejects.toBeInstanceOf(BenchTimeoutError);
    port.sim.inject({ kind: 'resume-answering' });
    await driver.stop();
    await driver.run('R4', 'Q1', 26, 1);
    port.sim.inject({ kind: 'stop-answering' });
    await waitFor(events, (e) => e.type === 'fault' && e.code === 'timeout' && e.detail.includes('during a test'));
    port.sim.inject({ kind: 'resume-answering' });
    await driver.stop();
  });

  it('a recoverable serial error keeps the connection: reading goes on', async () => {
    const { driver, port } = await setup();
    await driver.identify();
    port.serialError('FramingError');
    await expect(driver.status()).resolves.toMatchObject({ state: 'idle' });
    port.serialError('ParityError');
    await expect(driver.status()).resolves.toMatchObject({ state: 'idle' });
    expect(driver.faults['serial-error']).toBe(2);
  });

  it('unplug mid-run: device lost once, pending command rejected, lines kept; reconnect sees the bench', async () => {
    const { driver, port, sink, events, conn } = await setup({ timeScale: 0.01 });
    await driver.load(1, 'M');
    await driver.run('R5', 'Q3', 2375, 10);
    await waitFor(events, (e) => e.type === 'message' && e.message.verb === 'FS');
    const before = sink.lines.length;
    port.unplug();
    await waitFor(events, (e) => e.type === 'device-lost');
    expect(events.filter((e) => e.type === 'device-lost')).toHaveLength(1);
    await expect(driver.status()).rejects.toBeInstanceOf(DeviceLostError);
    expect(sink.lines.length).toBeGreaterThanOrEqual(before);
    await conn.close();
    port.replug();
    const sink2 = new MemorySink();
    const again = await connectBench({ protocol: 'wmb1', port, sink: sink2, connectionId: 'c2' });
    open.push(again);
    await expect(again.driver.status()).resolves.toEqual({ state: 'run', id: 'R5' });
    await again.driver.stop();
    expect(sink2.lines[0]?.seq).toBe(1);
  });

  it('a RUN whose ACK is lost is accepted by its first line (RS, FS…); a PRESS by its first PT (docs/bench-protocols.md WMB/1)', async () => {
    const { port, driver, events } = await setup({}, { commandTimeoutMs: 500 });
    await driver.identify();
    await driver.load(1, 'WM-1');
    // ACK and RS lost to bad checksums: the first FS of the run accepts it, no timeout.
    port.sim.inject({ kind: 'bad-checksum', lines: 2 });
    await driver.run('R1', 'Q1', 26.25, 1);
    await waitFor(events, (e) => e.type === 'message' && e.message.verb === 'RD', 3000, 'the run done');
    port.sim.inject({ kind: 'bad-checksum', lines: 1 });
    await driver.press(1648, 60);
    await waitFor(events, (e) => e.type === 'message' && e.message.verb === 'PTEND', 3000, 'the pressure test done');
    expect(driver.faults.timeout ?? 0).toBe(0);
    expect(driver.faults['bad-checksum']).toBe(3);
  });

  it('an answer queued behind lines still being recorded is waited for while they keep coming (the timeout counts silence)', async () => {
    // A slow disk: 5 ms a line. The bench streams a run far faster, so STAT's answer queues behind its FS lines.
    class SlowSink extends MemorySink {
      override async append(line: RawLine): Promise<void> {
        await new Promise((r) => setTimeout(r, 5));
        await super.append(line);
      }
    }
    const port = createDemoPort({ timeScale: 0.001, seed: 7, fsHz: 2 });
    const sink = new SlowSink();
    const conn = await connectBench({ protocol: 'wmb1', port, sink, connectionId: 'c1', commandTimeoutMs: 300 });
    open.push(conn);
    const driver = conn.driver;
    await driver.identify();
    await driver.load(1, 'WM-1');
    await driver.run('R1', 'Q1', 26.25, 1.5);
    while (sink.lines.length < 60) await new Promise((r) => setTimeout(r, 5));
    const st = await driver.status();
    expect(st.state).toBeDefined();
    expect(driver.faults.timeout ?? 0).toBe(0);
    // Its answer came behind more lines than one timeout takes to record (300 ms / 5 ms a line).
    const asked = sink.lines.findIndex((l) => l.direction === 'out' && l.text.startsWith('STAT?'));
    const answered = sink.lines.findIndex((l) => l.direction === 'in' && l.text.startsWith('STAT '));
    expect(answered - asked).toBeGreaterThan(100);
  });

  it('disconnect cancels the reader and releases the locks before closing (the demo port refuses otherwise)', async () => {
    const { conn, port } = await setup();
    await conn.driver.identify();
    expect(port.readable?.locked).toBe(true);
    await conn.close();
    expect(port.readable).toBeNull();
    open.length = 0;
  });
});

describe('Wmb1Driver fuzz', () => {
  function bareDriver() {
    const sink = new MemorySink();
    const link = { clock: { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined }, write: () => Promise.resolve(), attach: () => undefined };
    const d = new Wmb1Driver({ link, sink, connectionId: 'f' });
    const got: Array<DriverEvent<Wmb1Message>> = [];
    d.on((e) => got.push(e));
    return { d, got, sink };
  }

  it('property: random bytes never throw out of the driver; every line is recorded and counted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), async (chunks) => {
        const { d, got, sink } = bareDriver();
        for (const c of chunks) await d.data(c, 0);
        const msgs = got.filter((e) => e.type === 'message').length;
        const lineFaults = got.filter((e) => e.type === 'fault' && !['noise', 'overlong-line', 'missing-mv'].includes(e.code)).length;
        expect(msgs + lineFaults).toBe(sink.lines.length);
      }),
    );
  });

  it('property: any split of a valid stream yields the same events', async () => {
    const stream = [
      { verb: 'RS', id: 'A', point: 'Q3', t0Ms: 1 },
      { verb: 'FS', id: 'A', tMs: 200, lph: 2375.5, waterC: 20.1, kpa: 301.2 },
      { verb: 'RE', id: 'A', durS: 15.2, lph: 2375.1, waterC: 20.1, airC: 21, airHPa: 1013, airRhPct: 50, ref: 9.9876, unit: 'kg', k: null },
      { verb: 'MV', id: 'A', pos: 1, viL: 10.0123 },
      { verb: 'RD', id: 'A', n: 1 },
    ] satisfies Wmb1Message[];
    const bytes = asciiBytes(stream.map(encodeMessage).join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(bytes.length), { maxLength: 20 }), async (cuts) => {
        const { d, got } = bareDriver();
        const pts = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
        for (let i = 1; i < pts.length; i++) await d.data(bytes.subarray(pts[i - 1], pts[i]), 0);
        expect(got.flatMap((e) => (e.type === 'message' ? [e.message] : []))).toEqual(stream);
      }),
    );
  });
});
