/**
 * The MT-SICS driver (docs/bench-protocols.md MT-SICS): the app orchestrates a weighing-method run and
 * reads the balance. Only `S S` (stable) values are used for the start and end readings of
 * a run — `weighStable` refuses anything else; `weighImmediate` is for live display.
 */
import { DriverBase, type BenchIdentity, type DriverOptions } from '../driver.ts';
import { BalanceError, BenchError } from '../errors.ts';
import { LineFramer } from '../framing/lineFramer.ts';
import { asciiBytes } from '../types.ts';
import { encodeMtSics, parseMtSics, type MtSicsCommand, type MtSicsReply } from './parse.ts';

export interface Weight {
  value: number;
  unit: string;
  stable: boolean;
}

type Settle<T> = { value: T } | { error: Error } | undefined;

export class MtSicsDriver extends DriverBase<MtSicsReply> {
  readonly protocol = 'mt-sics' as const;
  private readonly framer = new LineFramer();
  private overlongSeen = 0;

  constructor(options: DriverOptions) {
    super(options);
  }

  async data(chunk: Uint8Array, atMs: number): Promise<void> {
    const lines: Uint8Array[] = [];
    this.framer.push(chunk, (l) => lines.push(l));
    if (this.framer.counters.overlong !== this.overlongSeen) {
      this.overlongSeen = this.framer.counters.overlong;
      this.fault('overlong-line', 'a line over 512 bytes was discarded');
    }
    for (const bytes of lines) {
      const raw = await this.record('in', bytes, atMs);
      if (raw === null) continue;
      const reply = parseMtSics(bytes);
      if (reply.kind === 'unknown') {
        this.fault('malformed', `not an MT-SICS reply: ${raw.text.slice(0, 80)}`, raw.seq);
        continue;
      }
      this.dispatch(reply, raw.seq, atMs);
    }
  }

  private ask<T>(cmd: MtSicsCommand, match: (r: MtSicsReply) => Settle<T>): Promise<T> {
    return this.request<T>(cmd, asciiBytes(encodeMtSics(cmd)), (r) => (r.kind === 'error' ? { error: new BalanceError(cmd, r.error) } : match(r)));
  }

  /** `@` resets the balance and answers its serial number. */
  async identify(): Promise<BenchIdentity> {
    const sn = await this.ask('@', (r) => (r.kind === 'serial' ? { value: r.sn } : undefined));
    return { protocol: 'mt-sics', sn, method: 'weighing' };
  }

  private weightReply(cmd: 'S' | 'SI', r: MtSicsReply): Settle<Weight> {
    if (r.kind === 'weight') return { value: { value: r.value, unit: r.unit, stable: r.stable } };
    if (r.kind === 'busy' && r.command === 'S') return { error: new BenchError('balance-not-stable', 'the balance has no stable reading yet — wait until the water has settled') };
    if (r.kind === 'overload' && r.command === 'S') return { error: new BenchError('balance-overload', `the balance is overloaded (${cmd}) — empty the collector`) };
    if (r.kind === 'underload' && r.command === 'S') return { error: new BenchError('balance-underload', `the balance is underloaded (${cmd}) — check the collector is in place`) };
    return undefined;
  }

  /** `S`: a stable reading, or a typed error (busy, overload, underload). */
  weighStable(): Promise<Weight> {
    return this.ask('S', (r) => {
      const s = this.weightReply('S', r);
      if (s !== undefined && 'value' in s && !s.value.stable) return { error: new BenchError('balance-not-stable', 'the balance answered S with a dynamic value') };
      return s;
    });
  }

  /** `SI`: whatever the balance shows now, stable or dynamic. */
  weighImmediate(): Promise<Weight> {
    return this.ask('SI', (r) => this.weightReply('SI', r));
  }

  /** Polls `S` until it gives a stable value or `timeoutMs` passes. */
  async waitStable(timeoutMs: number, pollMs = 250): Promise<Weight> {
    const until = this.clock.now() + timeoutMs;
    for (;;) {
      try {
        return await this.weighStable();
      } catch (e) {
        if (!(e instanceof BenchError && e.code === 'balance-not-stable') || this.clock.now() + pollMs > until) throw e;
      }
      await new Promise<void>((r) => this.clock.setTimeout(r, pollMs));
    }
  }

  zero(): Promise<void> {
    return this.ask<void>('Z', (r) => {
      if (r.kind === 'zeroed') return { value: undefined };
      if ((r.kind === 'busy' || r.kind === 'overload' || r.kind === 'underload') && r.command === 'Z') return { error: new BenchError('balance-not-stable', `the balance could not zero (${r.kind})`) };
      return undefined;
    });
  }

  tare(): Promise<Weight> {
    return this.ask<Weight>('T', (r) => {
      if (r.kind === 'tared') return { value: { value: r.value, unit: r.unit, stable: true } };
      if ((r.kind === 'busy' || r.kind === 'overload' || r.kind === 'underload') && r.command === 'T') return { error: new BenchError('balance-not-stable', `the balance could not tare (${r.kind})`) };
      return undefined;
    });
  }
}
