/**
 * A copyable trace of every byte in and out (docs/architecture.md, house rules: esptool-js, "a hex trace that a
 * person can copy into a support request"). Bounded ring buffer: the newest entries win,
 * and the count of dropped entries says how much is missing from the front.
 */
import { latin1, toHex } from '../types.ts';

export type TraceDirection = 'in' | 'out' | 'note';

export interface TraceEntry {
  atMs: number;
  dir: TraceDirection;
  bytes: Uint8Array;
  /** for notes: what happened (connect, error, …) */
  note?: string;
}

export interface TraceOptions {
  /** most entries kept (default 5000) */
  maxEntries?: number;
  /** most bytes kept over all entries (default 1 MiB) */
  maxBytes?: number;
}

const EMPTY = new Uint8Array(0);

export class Trace {
  private readonly ring: Array<TraceEntry | undefined>;
  private head = 0;
  private size = 0;
  private bytes = 0;
  private readonly maxBytes: number;
  /** entries pushed out of the front since the start */
  dropped = 0;

  constructor(options: TraceOptions = {}) {
    this.ring = new Array<TraceEntry | undefined>(options.maxEntries ?? 5000);
    this.maxBytes = options.maxBytes ?? 1 << 20;
  }

  record(dir: 'in' | 'out', bytes: Uint8Array, atMs: number): void {
    // Copy: the caller's buffer may be reused by the stream.
    this.push({ atMs, dir, bytes: bytes.slice() });
  }

  note(text: string, atMs: number): void {
    this.push({ atMs, dir: 'note', bytes: EMPTY, note: text });
  }

  private push(e: TraceEntry): void {
    const cap = this.ring.length;
    while (this.size > 0 && (this.size === cap || this.bytes + e.bytes.length > this.maxBytes)) this.dropOldest();
    this.ring[(this.head + this.size) % cap] = e;
    this.size++;
    this.bytes += e.bytes.length;
  }

  private dropOldest(): void {
    const old = this.ring[this.head];
    this.bytes -= old?.bytes.length ?? 0;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.ring.length;
    this.size--;
    this.dropped++;
  }

  entries(): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = 0; i < this.size; i++) {
      const e = this.ring[(this.head + i) % this.ring.length];
      if (e !== undefined) out.push(e);
    }
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.size = 0;
    this.bytes = 0;
  }

  /**
   * Text for a support request: one line per 32 bytes, ISO time, direction, hex and the
   * printable text (others as `.`).
   */
  format(): string {
    const lines: string[] = [];
    if (this.dropped > 0) lines.push(`… ${this.dropped} earlier entries dropped`);
    for (const e of this.entries()) {
      const t = new Date(e.atMs).toISOString();
      if (e.dir === 'note') {
        lines.push(`${t} -- ${e.note ?? ''}`);
        continue;
      }
      const arrow = e.dir === 'in' ? '<-' : '->';
      for (let i = 0; i < e.bytes.length; i += 32) {
        const part = e.bytes.subarray(i, i + 32);
        const text = latin1(part).replace(/[^\x20-\x7e]/g, '.');
        lines.push(`${t} ${arrow} ${toHex(part).padEnd(95)} |${text}|`);
      }
    }
    return lines.join('\n');
  }
}
