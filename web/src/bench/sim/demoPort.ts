/**
 * The in-browser demo bench: a Web-Serial-shaped port (readable, writable, open, close,
 * getInfo) whose other end is a simulated device. The UI and its browser tests inject it
 * where `navigator.serial.requestPort()` would need a person. Pure browser-safe code.
 *
 * Beyond the bench's own faults (see Wmb1SimFault) the port can be unplugged (the
 * readable errors with NetworkError and both streams become null, as Chromium does) and
 * can raise a recoverable serial error (FramingError & co.: the readable errors and a
 * fresh one takes its place).
 */
import { Wmb1BenchSim, type Wmb1SimOptions } from './wmb1Bench.ts';
import { MtSicsBalanceSim, type MtSicsSimOptions } from './mtsicsBalance.ts';
import type { SimDevice } from './device.ts';
import type { SerialPortLike } from '../types.ts';

export type DemoPortOptions =
  | ({ protocol?: 'wmb1' } & Wmb1SimOptions)
  | ({ protocol: 'mt-sics' } & MtSicsSimOptions);

export class DemoPort<D extends SimDevice = SimDevice> extends EventTarget implements SerialPortLike {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private plugged = true;
  private isOpen = false;

  constructor(readonly sim: D) {
    super();
  }

  getInfo(): SerialPortInfo {
    // pid.codes test VID/PID: never a real product.
    return { usbVendorId: 0x1209, usbProductId: 0x0001 };
  }

  open(_options: SerialOptions): Promise<void> {
    if (!this.plugged) return Promise.reject(new DOMException('The device has been lost.', 'NetworkError'));
    if (this.isOpen) return Promise.reject(new DOMException('The port is already open.', 'InvalidStateError'));
    this.isOpen = true;
    this.readable = this.makeReadable();
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => {
        if (!this.plugged) throw new DOMException('The device has been lost.', 'NetworkError');
        // A copy: the device may keep what it receives.
        this.sim.receive(chunk.slice());
      },
    });
    this.sim.setOutput((bytes) => this.deliver(bytes));
    return Promise.resolve();
  }

  private makeReadable(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      start: (c) => {
        this.controller = c;
      },
      cancel: () => {
        this.controller = null;
      },
    });
  }

  private deliver(bytes: Uint8Array): void {
    if (!this.plugged || this.controller === null) return;
    try {
      this.controller.enqueue(bytes.slice());
    } catch {
      // The stream was closed under us; the bytes are lost, as on a real line.
    }
  }

  async close(): Promise<void> {
    if (!this.isOpen) throw new DOMException('The port is already closed.', 'InvalidStateError');
    if (this.readable?.locked === true || this.writable?.locked === true) {
      throw new DOMException('Cannot close a port with locked streams.', 'InvalidStateError');
    }
    this.sim.setOutput(null);
    await this.readable?.cancel().catch(() => undefined);
    await this.writable?.abort().catch(() => undefined);
    this.readable = null;
    this.writable = null;
    this.controller = null;
    this.isOpen = false;
  }

  /** The cable is pulled: reads fail with NetworkError, the streams go, `disconnect` fires. */
  unplug(): void {
    this.plugged = false;
    this.sim.setOutput(null);
    const c = this.controller;
    this.controller = null;
    this.readable = null;
    this.writable = null;
    this.isOpen = false;
    try {
      c?.error(new DOMException('The device has been lost.', 'NetworkError'));
    } catch {
      // already errored
    }
    this.dispatchEvent(new Event('disconnect'));
  }

  /** The cable is back: the port can be opened again (the device kept its state). */
  replug(): void {
    this.plugged = true;
    this.dispatchEvent(new Event('connect'));
  }

  /** A recoverable line error (FramingError, ParityError, BreakError, BufferOverrunError). */
  serialError(name: 'FramingError' | 'ParityError' | 'BreakError' | 'BufferOverrunError'): void {
    const c = this.controller;
    if (c === null) return;
    this.readable = this.makeReadable();
    c.error(new DOMException(`A ${name} occurred.`, name));
  }
}

/**
 * A demo port with a WMB/1 bench (default) or an MT-SICS balance on the other end; `sim`
 * is the device, for faults on demand (`port.sim.inject({ kind: 'bad-checksum' })`).
 */
export function createDemoPort(options: { protocol: 'mt-sics' } & MtSicsSimOptions): DemoPort<MtSicsBalanceSim>;
export function createDemoPort(options?: { protocol?: 'wmb1' } & Wmb1SimOptions): DemoPort<Wmb1BenchSim>;
export function createDemoPort(options: DemoPortOptions = {}): DemoPort<MtSicsBalanceSim> | DemoPort<Wmb1BenchSim> {
  return options.protocol === 'mt-sics' ? new DemoPort(new MtSicsBalanceSim(options)) : new DemoPort(new Wmb1BenchSim(options));
}
