/**
 * A Web-Serial-shaped port over the Node `serialport` package, for the command-line tools
 * and tests (bench-sim, bench-check, the pty tests). Node only: the browser bundle never
 * imports this file (nothing under web/src imports it but tests).
 *
 * It behaves as Chromium's SerialPort does where the transport depends on it: a
 * disconnect errors the readable with a NetworkError and nulls both streams; `close()`
 * refuses while a stream is locked; reading applies back-pressure (pause / resume).
 */
import { SerialPort } from 'serialport';
import type { SerialPortLike } from '../types.ts';
import { makeReadsHangupAware } from './hangupAwareRead.ts';

function lost(message: string): DOMException {
  return new DOMException(message, 'NetworkError');
}

export class NodeSerialPort implements SerialPortLike {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  private sp: SerialPort | null = null;
  private closing = false;

  constructor(readonly path: string) {}

  getInfo(): SerialPortInfo {
    return {};
  }

  async open(options: SerialOptions): Promise<void> {
    if (this.sp !== null) throw new DOMException('The port is already open.', 'InvalidStateError');
    const sp = new SerialPort({
      path: this.path,
      baudRate: options.baudRate,
      dataBits: (options.dataBits ?? 8) as 5 | 6 | 7 | 8,
      stopBits: (options.stopBits ?? 1) as 1 | 2,
      parity: options.parity ?? 'none',
      rtscts: options.flowControl === 'hardware',
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => sp.open((err) => (err ? reject(new DOMException(err.message, 'NetworkError')) : resolve())));
    makeReadsHangupAware(sp.port);
    this.sp = sp;
    this.closing = false;
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
    // serialport queues a write or a drain on a closed port until it opens again (stream
    // `_write` / `drain` wait for 'open'): one in flight when the device hangs up would never
    // settle, and the transport's disconnect (which awaits pending writes) would hang.
    const writesInFlight = new Set<(e: DOMException) => void>();
    const fail = (e: DOMException) => {
      const c = controller;
      controller = null;
      this.readable = null;
      this.writable = null;
      for (const reject of writesInFlight) reject(e);
      writesInFlight.clear();
      try {
        c?.error(e);
      } catch {
        // already closed
      }
    };
    sp.on('data', (buf: Buffer) => {
      if (controller === null) return;
      controller.enqueue(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength).slice());
      if ((controller.desiredSize ?? 1) <= 0) sp.pause();
    });
    sp.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (!this.closing) fail(lost(err?.message ?? 'the serial device went away'));
    });
    sp.on('error', (err: Error) => {
      if (!this.closing) fail(lost(err.message));
    });
    this.readable = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      pull: () => {
        if (sp.isPaused()) sp.resume();
      },
      cancel: () => {
        controller = null;
      },
    });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) =>
        new Promise<void>((resolve, reject) => {
          if (!sp.isOpen) return reject(lost('the serial device went away'));
          writesInFlight.add(reject);
          const settle = (err: Error | null | undefined) => {
            writesInFlight.delete(reject);
            if (err) reject(lost(err.message));
            else resolve();
          };
          sp.write(Buffer.from(chunk), (err) => (err ? settle(err) : sp.drain(settle)));
        }),
    });
  }

  async close(): Promise<void> {
    const sp = this.sp;
    if (sp === null) throw new DOMException('The port is already closed.', 'InvalidStateError');
    if (this.readable?.locked === true || this.writable?.locked === true) {
      throw new DOMException('Cannot close a port with locked streams.', 'InvalidStateError');
    }
    this.closing = true;
    await this.readable?.cancel().catch(() => undefined);
    await this.writable?.close().catch(() => undefined);
    this.readable = null;
    this.writable = null;
    this.sp = null;
    if (sp.isOpen) await new Promise<void>((resolve) => sp.close(() => resolve()));
    sp.removeAllListeners();
  }
}
