/**
 * Splits a byte stream into lines (docs/bench-protocols.md, Robustness): bytes split
 * anywhere across reads, several lines in one read, CR LF or LF alone, noise bytes,
 * lines over 512 bytes discarded and counted. Byte-wise state machine, so any split of
 * the same stream yields the same lines.
 */

const LF = 0x0a;
const CR = 0x0d;

/** Longest line kept, terminator excluded (docs/bench-protocols.md, Robustness: "lines over 512 bytes (discard)"). */
export const MAX_LINE_BYTES = 512;

export interface LineFramerCounters {
  /** lines emitted */
  lines: number;
  /** lines longer than the limit, discarded whole */
  overlong: number;
  /** noise bytes dropped before a line started (line idle: not part of any line) */
  noiseBytes: number;
  /** empty lines (a bare CR LF), ignored */
  blank: number;
}

/**
 * Bytes that cannot start a text line of these protocols: controls and non-ASCII. They
 * appear on an idle line (power-up, ground noise) and would otherwise stick to the front
 * of the next line and spoil it. Inside a line they are kept, so a checksum still sees
 * them and the raw record stays what was received.
 */
function isIdleNoise(b: number): boolean {
  return (b < 0x20 && b !== CR) || b > 0x7e;
}

export class LineFramer {
  readonly counters: LineFramerCounters = { lines: 0, overlong: 0, noiseBytes: 0, blank: 0 };
  // One spare byte for the CR of a line of exactly the maximum length.
  private readonly buf: Uint8Array;
  private len = 0;
  private discarding = false;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {
    this.buf = new Uint8Array(maxLineBytes + 1);
  }

  /** Feeds one chunk; `emit` receives each complete line (a copy, without CR / LF). */
  push(chunk: Uint8Array, emit: (line: Uint8Array) => void): void {
    const buf = this.buf;
    const cap = buf.length;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === LF) {
        this.endLine(emit);
        continue;
      }
      if (this.discarding) continue;
      if (this.len === 0 && isIdleNoise(b)) {
        this.counters.noiseBytes++;
        continue;
      }
      if (this.len === cap) {
        // Too long: drop what we have and everything up to the next LF.
        this.discarding = true;
        this.counters.overlong++;
        this.len = 0;
        continue;
      }
      buf[this.len++] = b;
    }
  }

  private endLine(emit: (line: Uint8Array) => void): void {
    if (this.discarding) {
      this.discarding = false;
      this.len = 0;
      return;
    }
    let end = this.len;
    this.len = 0;
    if (end > 0 && this.buf[end - 1] === CR) end--;
    if (end === 0) {
      this.counters.blank++;
      return;
    }
    if (end > this.maxLineBytes) {
      this.counters.overlong++;
      return;
    }
    this.counters.lines++;
    emit(this.buf.slice(0, end));
  }

  /** Bytes of an unfinished line (kept across reads). */
  get pending(): number {
    return this.len;
  }

  /** Forget an unfinished line, e.g. after a reconnect. */
  reset(): void {
    this.len = 0;
    this.discarding = false;
  }
}
