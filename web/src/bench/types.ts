/**
 * Shapes shared by every layer of the bench stack: the Web-Serial-shaped port the
 * transport drives, the raw line that goes to the original record before it is
 * interpreted (docs/architecture.md, "How data flows" 1), and the clock.
 */

/**
 * The part of the Web Serial `SerialPort` the transport uses. The native port, the
 * web-serial-polyfill port, the Node adapter and the demo bench all have this shape.
 */
export interface SerialPortLike {
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  open(options: SerialOptions): Promise<void>;
  close(): Promise<void>;
  getInfo(): SerialPortInfo;
}

/** Which way a line went. */
export type Direction = 'in' | 'out';

/** One line (or Modbus frame) as it crossed the wire, before any interpretation. */
export interface RawLine {
  /** the connection it came over; a reconnect starts a new connection */
  connectionId: string;
  /** 1, 2, 3, … per connection, in and out together, no gaps: a gap is a lost line */
  seq: number;
  direction: Direction;
  /** the bytes without the line terminator */
  bytes: Uint8Array;
  /** the bytes as latin-1 text, so every byte survives (same convention as the store) */
  text: string;
  /** wall-clock time on this device when the line was complete (ms since the epoch) */
  receivedAtMs: number;
}

/**
 * Where raw lines go before they are interpreted. The storage layer implements it with
 * IndexedDB (web/src/store OriginalRecord); the driver awaits `append` before it emits
 * the interpreted event, so a verdict never rests on a line that was not recorded.
 */
export interface RawRecordSink {
  append(line: RawLine): Promise<void>;
}

/** A sink that keeps nothing — for tools that record elsewhere (e.g. the trace). */
export const discardSink: RawRecordSink = { append: () => Promise.resolve() };

/** Keeps every line in memory; for tests and the headless runner. */
export class MemorySink implements RawRecordSink {
  readonly lines: RawLine[] = [];
  append(line: RawLine): Promise<void> {
    this.lines.push(line);
    return Promise.resolve();
  }
}

/** Time source, injectable so simulators and tests can run faster than real time. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** latin-1 decoding: one char per byte, reversible (raw records must keep every byte). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  // Chunked so very long lines do not overflow the argument list.
  for (let i = 0; i < bytes.length; i += 4096) {
    // A typed array is a valid argument list; apply wants it typed as one.
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return s;
}

/** The inverse of `latin1` for ASCII protocol text. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function toHex(bytes: Uint8Array, sep = ' '): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) s += sep;
    s += (bytes[i] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  }
  return s;
}
