/**
 * Modbus RTU framing by silence (docs/bench-protocols.md Modbus RTU; Modbus over Serial Line v1.02
 * §2.5.1.1): a frame ends when the line has been quiet for 3.5 character times. Above
 * 19200 baud the standard fixes t3.5 at 1.75 ms. A USB serial adapter delivers bytes in
 * bursts, so a floor (`minSilenceMs`) keeps one reply from being cut at a burst boundary.
 */
import type { Clock } from '../types.ts';

/** One RTU character on the wire: start + 8 data + parity or second stop + stop (Modbus §2.5.1). */
const BITS_PER_CHAR = 11;

export function t35Ms(baudRate: number): number {
  return baudRate > 19200 ? 1.75 : (3.5 * BITS_PER_CHAR * 1000) / baudRate;
}

export interface RtuFramerOptions {
  baudRate: number;
  /** lower bound for the silence, for adapters that deliver in bursts (default 4 ms) */
  minSilenceMs?: number;
  /** longest RTU ADU (Modbus: 256 bytes); longer is discarded and counted */
  maxFrameBytes?: number;
}

export class RtuFramer {
  readonly silenceMs: number;
  readonly counters = { frames: 0, overlong: 0 };
  private readonly maxFrameBytes: number;
  private parts: Uint8Array[] = [];
  private size = 0;
  private lastAt = -Infinity;
  private timer: unknown = undefined;

  constructor(
    options: RtuFramerOptions,
    private readonly clock: Clock,
    private readonly emit: (frame: Uint8Array) => void,
  ) {
    this.silenceMs = Math.max(t35Ms(options.baudRate), options.minSilenceMs ?? 4);
    this.maxFrameBytes = options.maxFrameBytes ?? 256;
  }

  /** Bytes as they arrive; `atMs` is when this chunk arrived. */
  push(chunk: Uint8Array, atMs: number = this.clock.now()): void {
    if (chunk.length === 0) return;
    if (this.size > 0 && atMs - this.lastAt >= this.silenceMs) this.flush();
    this.parts.push(chunk.slice());
    this.size += chunk.length;
    this.lastAt = atMs;
    this.arm();
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.silenceMs);
  }

  /** Ends the current frame now (the silence has been observed). */
  flush(): void {
    if (this.size === 0) return;
    const frame = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      frame.set(p, o);
      o += p.length;
    }
    this.parts = [];
    this.size = 0;
    if (frame.length > this.maxFrameBytes) {
      this.counters.overlong++;
      return;
    }
    this.counters.frames++;
    this.emit(frame);
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.parts = [];
    this.size = 0;
  }
}
