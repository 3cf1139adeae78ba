/**
 * The stream lifecycle of one serial connection (docs/architecture.md, house rules: esptool-js transport layer,
 * Chrome Labs serial-terminal read loop): open, an outer `while (port.readable)` that
 * re-acquires a reader after a recoverable error, the lock released in `finally`, writes
 * serialised through one writer at a time, and a disconnect that cancels the reader and
 * releases every lock before it closes the port.
 *
 * It knows nothing of lines or protocols: it hands each chunk to its consumer (a driver)
 * and waits for it, so a slow record sink slows reading instead of reordering lines.
 */
import { BenchError, DeviceLostError } from '../errors.ts';
import { systemClock, type Clock, type SerialPortLike } from '../types.ts';
import { errorName, isRecoverableSerialError } from './serialErrors.ts';
import type { Trace } from './trace.ts';

export type TransportEvent =
  | { type: 'recoverable-error'; name: string; error: unknown }
  | { type: 'device-lost'; error: unknown }
  | { type: 'consumer-error'; error: unknown };

/** What the transport feeds; drivers implement it. */
export interface LinkConsumer {
  data(chunk: Uint8Array, atMs: number): Promise<void> | void;
  event(e: TransportEvent): void;
}

/** The transport as a driver sees it. */
export interface ByteLink {
  write(bytes: Uint8Array): Promise<void>;
  attach(consumer: LinkConsumer): void;
  readonly clock: Clock;
}

export interface TransportOptions {
  trace?: Trace;
  clock?: Clock;
}

export class SerialTransport implements ByteLink {
  readonly clock: Clock;
  readonly counters = { bytesIn: 0, bytesOut: 0, recoverableErrors: 0 };
  private readonly trace: Trace | undefined;
  private consumer: LinkConsumer | null = null;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private keepReading = false;
  private loop: Promise<void> = Promise.resolve();
  private writes: Promise<void> = Promise.resolve();
  private lost = false;

  constructor(
    readonly port: SerialPortLike,
    options: TransportOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.trace = options.trace;
  }

  attach(consumer: LinkConsumer): void {
    this.consumer = consumer;
  }

  get connected(): boolean {
    return this.keepReading && !this.lost;
  }

  /** Opens the port and starts the read loop. */
  async open(options: SerialOptions): Promise<void> {
    try {
      await this.port.open(options);
    } catch (e) {
      throw new BenchError('port-unavailable', `the serial port could not be opened (${errorName(e)}) — is another program using it?`, e);
    }
    this.trace?.note(`open ${JSON.stringify(options)}`, this.clock.now());
    this.keepReading = true;
    this.lost = false;
    this.loop = this.readLoop();
  }

  private async readLoop(): Promise<void> {
    let fatal: unknown = null;
    outer: while (this.keepReading && this.port.readable !== null) {
      const reader = this.port.readable.getReader();
      this.reader = reader;
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            // A stream that ends without our cancel is a device gone, not a reason to spin.
            if (this.keepReading) fatal = new DOMException('the serial stream ended', 'NetworkError');
            break outer;
          }
          if (value !== undefined && value.length > 0) await this.deliver(value);
        }
      } catch (err) {
        if (!this.keepReading) break;
        if (isRecoverableSerialError(err)) {
          // The port stays open and readable is a fresh stream: re-acquire and go on.
          this.counters.recoverableErrors++;
          this.trace?.note(`recoverable ${errorName(err)}`, this.clock.now());
          this.consumer?.event({ type: 'recoverable-error', name: errorName(err), error: err });
          continue;
        }
        fatal = err;
        break;
      } finally {
        reader.releaseLock();
        this.reader = null;
      }
    }
    if (this.keepReading) this.markLost(fatal ?? new DOMException('the port has no readable stream', 'NetworkError'));
  }

  private async deliver(chunk: Uint8Array): Promise<void> {
    const at = this.clock.now();
    this.counters.bytesIn += chunk.length;
    this.trace?.record('in', chunk, at);
    try {
      await this.consumer?.data(chunk, at);
    } catch (error) {
      // The consumer's failure is not the port's: report it and keep the bytes flowing.
      this.consumer?.event({ type: 'consumer-error', error });
    }
  }

  private markLost(error: unknown): void {
    if (this.lost) return;
    this.lost = true;
    this.trace?.note(`device lost (${errorName(error)})`, this.clock.now());
    this.consumer?.event({ type: 'device-lost', error });
  }

  /** Writes bytes, one writer at a time; rejects with DeviceLostError when the port is gone. */
  write(bytes: Uint8Array): Promise<void> {
    const p = this.writes.then(async () => {
      const writable = this.port.writable;
      if (writable === null || this.lost) throw new DeviceLostError();
      const writer = writable.getWriter();
      try {
        this.trace?.record('out', bytes, this.clock.now());
        await writer.write(bytes);
        this.counters.bytesOut += bytes.length;
      } catch (e) {
        if (!isRecoverableSerialError(e)) this.markLost(e);
        throw new DeviceLostError(e);
      } finally {
        writer.releaseLock();
      }
    });
    this.writes = p.catch(() => undefined);
    return p;
  }

  /**
   * Cancels the reader, waits for the loop to release its lock and for pending writes,
   * then closes the port (serial-terminal order; closing with a locked stream throws).
   */
  async disconnect(): Promise<void> {
    const wasOpen = this.keepReading;
    this.keepReading = false;
    await this.reader?.cancel().catch(() => undefined);
    await this.loop;
    await this.writes;
    if (wasOpen) {
      await this.port.close().catch(() => undefined);
      this.trace?.note('closed', this.clock.now());
    }
  }
}
