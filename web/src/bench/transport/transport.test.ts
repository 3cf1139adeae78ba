import { describe, expect, it } from 'vitest';
import { asciiBytes, type SerialPortLike } from '../types.ts';
import { Trace } from './trace.ts';
import { SerialTransport, type TransportEvent } from './transport.ts';

/** A port whose readable the test drives by hand. */
function handPort() {
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const port: SerialPortLike & { readable: ReadableStream<Uint8Array> | null; closed: boolean } = {
    readable: null,
    writable: new WritableStream<Uint8Array>(),
    closed: false,
    open: () => {
      port.readable = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
      return Promise.resolve();
    },
    close: () => {
      port.closed = true;
      return Promise.resolve();
    },
    getInfo: () => ({}),
  };
  return { port, push: (s: string) => controller?.enqueue(asciiBytes(s)), end: () => controller?.close() };
}

describe('Trace', () => {
  it('is a bounded ring: the newest entries stay, the dropped count says how many went', () => {
    const t = new Trace({ maxEntries: 3 });
    for (let i = 0; i < 5; i++) t.record('in', asciiBytes(`L${i}`), i);
    expect(t.entries().map((e) => e.bytes[1])).toEqual([0x32, 0x33, 0x34]);
    expect(t.dropped).toBe(2);
    expect(t.format().split('\n')[0]).toBe('… 2 earlier entries dropped');
  });

  it('is bounded in bytes too, and formats hex with printable text', () => {
    const t = new Trace({ maxBytes: 10 });
    t.record('out', asciiBytes('ABCDEF'), 0);
    t.record('in', Uint8Array.of(0x4f, 0x4b, 0x0d, 0x0a), 1);
    t.record('in', asciiBytes('XYZ'), 2);
    expect(t.entries()).toHaveLength(2);
    expect(t.format()).toContain('<- 4F 4B 0D 0A');
    expect(t.format()).toContain('|OK..|');
  });
});

describe('SerialTransport read loop', () => {
  it('a stream that ends without our cancel is device loss, reported once; a consumer error does not stop reading', async () => {
    const { port, push, end } = handPort();
    const t = new SerialTransport(port);
    const events: TransportEvent[] = [];
    const got: string[] = [];
    t.attach({
      data: (c) => {
        const s = String.fromCharCode(...c);
        if (s === 'boom') throw new Error('consumer failed');
        got.push(s);
      },
      event: (e) => events.push(e),
    });
    await t.open({ baudRate: 9600 });
    push('boom');
    push('after');
    end();
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(['after']);
    expect(events.map((e) => e.type)).toEqual(['consumer-error', 'device-lost']);
    await t.disconnect();
    expect(port.closed).toBe(true);
    await expect(t.write(asciiBytes('x'))).rejects.toMatchObject({ code: 'device-lost' });
  });
});
