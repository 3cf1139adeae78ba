/**
 * The WMB/1 driver (docs/bench-protocols.md WMB/1): commands with their ACK / NAK, the run's event
 * stream, and the checks the app owes — checksum, required keys, and "the app checks that
 * it received n MV lines". Every line goes to the record sink before it is decoded.
 *
 * Replies: the spec says the bench answers each command with ACK or NAK, and that HELLO,
 * STAT? and STOP are answered with ID, STAT and ABORT. We accept the data reply whether
 * or not an ACK comes with it, before or after; NAK always fails the command.
 */
import type { TestPoint } from '../../domain/index.ts';
import { DriverBase, type BenchIdentity, type DriverOptions, type FaultCode } from '../driver.ts';
import { BenchNakError } from '../errors.ts';
import { LineFramer, type LineFramerCounters } from '../framing/lineFramer.ts';
import { asciiBytes } from '../types.ts';
import { decodeMessage, encodeCommand } from './codec.ts';
import type { BenchState, Wmb1Command, Wmb1Message } from './messages.ts';

export interface Wmb1DriverOptions extends DriverOptions {
  /** a PRESS or RUN that sends nothing for this long is reported as a timeout (default 5000 ms) */
  activityTimeoutMs?: number;
}

type Settle<T> = { value: T } | { error: Error } | undefined;

export class Wmb1Driver extends DriverBase<Wmb1Message> {
  readonly protocol = 'wmb1' as const;
  private readonly framer = new LineFramer();
  private framerSeen: LineFramerCounters = { lines: 0, overlong: 0, noiseBytes: 0, blank: 0 };
  private readonly activityTimeoutMs: number;
  private watchdog: unknown = undefined;
  /** MV positions received per run id, for the RD count check */
  private readonly mvSeen = new Map<string, Set<number>>();
  private identity: BenchIdentity | null = null;

  constructor(options: Wmb1DriverOptions) {
    super(options);
    this.activityTimeoutMs = options.activityTimeoutMs ?? 5000;
  }

  get bench(): BenchIdentity | null {
    return this.identity;
  }

  async data(chunk: Uint8Array, atMs: number): Promise<void> {
    const lines: Uint8Array[] = [];
    this.framer.push(chunk, (l) => lines.push(l));
    this.reportFramer();
    for (const line of lines) await this.handleLine(line, atMs);
  }

  private reportFramer(): void {
    const c = this.framer.counters;
    const seen = this.framerSeen;
    if (c.overlong !== seen.overlong) this.fault('overlong-line', `${c.overlong - seen.overlong} line(s) over 512 bytes discarded`);
    if (c.noiseBytes !== seen.noiseBytes) this.fault('noise', `${c.noiseBytes - seen.noiseBytes} noise byte(s) between lines`);
    this.framerSeen = { ...c };
  }

  private async handleLine(bytes: Uint8Array, atMs: number): Promise<void> {
    const raw = await this.record('in', bytes, atMs);
    if (raw === null) return;
    if (this.watchdog !== undefined) this.armWatchdog();
    const decoded = decodeMessage(bytes);
    if (!decoded.ok) {
      this.fault(decoded.fault.code as FaultCode, `${decoded.fault.detail}: ${raw.text.slice(0, 80)}`, raw.seq);
      return;
    }
    const m = decoded.value;
    this.track(m, raw.seq);
    this.dispatch(m, raw.seq, atMs);
  }

  /** Per-run bookkeeping the spec puts on the app (docs/bench-protocols.md WMB/1, RD). */
  private track(m: Wmb1Message, seq: number): void {
    switch (m.verb) {
      case 'RS':
        this.mvSeen.set(m.id, new Set());
        break;
      case 'MV':
        this.mvSeen.get(m.id)?.add(m.pos) ?? this.mvSeen.set(m.id, new Set([m.pos]));
        break;
      case 'RD': {
        const got = this.mvSeen.get(m.id)?.size ?? 0;
        if (got < m.n) this.fault('missing-mv', `run ${m.id}: RD says ${m.n} MV lines, ${got} received`, seq);
        this.mvSeen.delete(m.id);
        this.stopWatchdog();
        break;
      }
      case 'PTEND':
      case 'ABORT':
        this.stopWatchdog();
        break;
      default:
        break;
    }
  }

  private armWatchdog(): void {
    this.stopWatchdog();
    this.watchdog = this.clock.setTimeout(() => {
      this.watchdog = undefined;
      if (this.lost) return;
      this.fault('timeout', `the bench sent nothing for ${this.activityTimeoutMs} ms during a test`);
    }, this.activityTimeoutMs);
  }

  private stopWatchdog(): void {
    if (this.watchdog !== undefined) this.clock.clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private command<T>(cmd: Wmb1Command, match: (m: Wmb1Message) => Settle<T>): Promise<T> {
    const verb = cmd.verb;
    return this.request(verb, asciiBytes(encodeCommand(cmd)), (m) => {
      if (m.verb === 'NAK' && m.cmd === verb) return { error: new BenchNakError(verb, m.code, m.msg) };
      return match(m);
    });
  }

  private acked(cmd: Wmb1Command): Promise<void> {
    return this.command(cmd, (m) => (m.verb === 'ACK' && m.cmd === cmd.verb ? { value: undefined } : undefined));
  }

  /** HELLO → ID. */
  async identify(): Promise<BenchIdentity> {
    const id = await this.command({ verb: 'HELLO' }, (m) => (m.verb === 'ID' ? { value: m } : undefined));
    this.identity = {
      protocol: 'wmb1',
      vendor: id.vendor,
      model: id.model,
      sn: id.sn,
      fw: id.fw,
      positions: id.positions,
      method: id.method,
      uRelPct: id.uRelPct,
    };
    return this.identity;
  }

  /** The operator mounted `serial` on position `pos` (1-based); '' clears it. */
  load(pos: number, serial: string): Promise<void> {
    return this.acked({ verb: 'LOAD', pos, meter: serial });
  }

  /**
   * Starts the tightness test; PT and PTEND follow as messages. Its first PT accepts it as
   * well as its ACK does: a lost ACK does not fail a test under way (docs/bench-protocols.md WMB/1).
   */
  async press(kpa: number, holdS: number): Promise<void> {
    await this.command({ verb: 'PRESS', kpa, holdS }, (m) => ((m.verb === 'ACK' && m.cmd === 'PRESS') || m.verb === 'PT' ? { value: undefined } : undefined));
    this.armWatchdog();
  }

  /**
   * Starts a flow run; RS, FS…, RE, MV…, RD (or ABORT) follow as messages. A line of the
   * run under way (RS, FS, RE, MV with its `id`) accepts it as well as its ACK does: a lost
   * ACK does not fail a run under way. (RD and ABORT end the run: they accept nothing.)
   */
  async run(id: string, point: TestPoint, lph: number, volL: number): Promise<void> {
    await this.command({ verb: 'RUN', id, point, lph, volL }, (m) => ((m.verb === 'ACK' && m.cmd === 'RUN') || ((m.verb === 'RS' || m.verb === 'FS' || m.verb === 'RE' || m.verb === 'MV') && m.id === id) ? { value: undefined } : undefined));
    this.armWatchdog();
  }

  async stop(): Promise<void> {
    await this.acked({ verb: 'STOP' });
  }

  status(): Promise<{ state: BenchState; id: string | null }> {
    return this.command({ verb: 'STAT?' }, (m) => (m.verb === 'STAT' ? { value: { state: m.state, id: m.id } } : undefined));
  }

  override dispose(): void {
    this.stopWatchdog();
    super.dispose();
  }

  protected override deviceLost(error: unknown): void {
    this.stopWatchdog();
    super.deviceLost(error);
  }
}
