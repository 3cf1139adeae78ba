/**
 * What every protocol driver shares (docs/architecture.md, house rules: one small class per device variant behind
 * one interface): the raw record (every line goes to the sink, awaited, before it is
 * interpreted — docs/architecture.md flow 1), fault counting reported as events, one command
 * in flight at a time with a timeout, and device loss.
 */
import { BenchError, BenchTimeoutError, DeviceLostError } from './errors.ts';
import type { ByteLink, LinkConsumer, TransportEvent } from './transport/transport.ts';
import { latin1, type Clock, type Direction, type RawLine, type RawRecordSink } from './types.ts';

export type BenchProtocol = 'wmb1' | 'mt-sics' | 'modbus-rtu';

/** A command waits for its answer at most this many timeouts while lines keep coming in. */
export const COMMAND_MAX_WAIT_FACTOR = 10;

/** Who the bench is; fields a protocol cannot tell are absent. */
export interface BenchIdentity {
  protocol: BenchProtocol;
  vendor?: string;
  model?: string;
  sn: string;
  fw?: string;
  positions?: number;
  method?: 'weighing' | 'master' | 'volumetric';
  /** expanded uncertainty of Va (%) as the bench declares it */
  uRelPct?: number;
}

/** Stable codes of everything a driver counts instead of crashing. */
export type FaultCode =
  | 'bad-checksum'
  | 'missing-checksum'
  | 'malformed'
  | 'missing-key'
  | 'bad-value'
  | 'unknown-verb'
  | 'overlong-line'
  | 'noise'
  | 'timeout'
  | 'missing-mv'
  | 'unexpected'
  | 'record-failed'
  | 'serial-error'
  | 'bad-frame';

export type DriverEvent<M> =
  | { type: 'message'; message: M; seq: number; atMs: number }
  | { type: 'fault'; code: FaultCode; detail: string; count: number; seq?: number }
  | { type: 'device-lost'; error: DeviceLostError };

export type Listener<M> = (e: DriverEvent<M>) => void;

/** The one interface the app and the tools drive every bench through. */
export interface BenchDriver<M = unknown> {
  readonly protocol: BenchProtocol;
  readonly connectionId: string;
  /** how many of each fault so far */
  readonly faults: Readonly<Partial<Record<FaultCode, number>>>;
  identify(): Promise<BenchIdentity>;
  on(listener: Listener<M>): () => void;
  dispose(): void;
}

export interface DriverOptions {
  link: ByteLink;
  sink: RawRecordSink;
  connectionId: string;
  /** how long a command may wait for its answer (default 3000 ms) */
  commandTimeoutMs?: number;
}

interface Pending<M> {
  name: string;
  /** undefined: not mine; otherwise the settlement */
  match(m: M): { value: unknown } | { error: Error } | undefined;
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: unknown;
}

export abstract class DriverBase<M> implements BenchDriver<M>, LinkConsumer {
  abstract readonly protocol: BenchProtocol;
  abstract identify(): Promise<BenchIdentity>;
  readonly connectionId: string;
  readonly faults: Partial<Record<FaultCode, number>> = {};
  protected readonly link: ByteLink;
  protected readonly clock: Clock;
  protected readonly sink: RawRecordSink;
  protected readonly commandTimeoutMs: number;
  private readonly listeners = new Set<Listener<M>>();
  private seq = 0;
  private pending: Pending<M> | null = null;
  /** when the last line came in (clock ms): a bench that is talking is not silent */
  private lastInAt = -Infinity;
  private queue: Promise<unknown> = Promise.resolve();
  protected lost = false;
  /** line protocols: strip CR LF from what is recorded of outgoing lines */
  protected textLines = true;

  constructor(options: DriverOptions) {
    this.link = options.link;
    this.clock = options.link.clock;
    this.sink = options.sink;
    this.connectionId = options.connectionId;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 3000;
    options.link.attach(this);
  }

  on(listener: Listener<M>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected emit(e: DriverEvent<M>): void {
    for (const l of this.listeners) l(e);
  }

  protected fault(code: FaultCode, detail: string, seq?: number): void {
    const count = (this.faults[code] ?? 0) + 1;
    this.faults[code] = count;
    this.emit(seq === undefined ? { type: 'fault', code, detail, count } : { type: 'fault', code, detail, count, seq });
  }

  /** Records a line; false when the sink failed (the line must then not be acted on). */
  protected async record(direction: Direction, bytes: Uint8Array, atMs: number): Promise<RawLine | null> {
    if (direction === 'in') this.lastInAt = this.clock.now();
    const line: RawLine = { connectionId: this.connectionId, seq: ++this.seq, direction, bytes, text: latin1(bytes), receivedAtMs: atMs };
    try {
      await this.sink.append(line);
      return line;
    } catch (e) {
      this.fault('record-failed', `line ${line.seq} could not be recorded: ${e instanceof Error ? e.message : String(e)}`, line.seq);
      return null;
    }
  }

  /**
   * Records then sends. An outgoing line that cannot be recorded is not sent. The record
   * holds the line without its terminator, like incoming lines.
   */
  protected async send(bytes: Uint8Array): Promise<void> {
    if (this.lost) throw new DeviceLostError();
    let end = bytes.length;
    if (this.textLines) while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
    const line = await this.record('out', bytes.subarray(0, end), this.clock.now());
    if (line === null) throw new BenchError('command-not-recorded', 'the command could not be recorded, so it was not sent — check the storage');
    await this.link.write(bytes);
  }

  /** Offers an interpreted message to the command waiting for it, then to listeners. */
  protected dispatch(message: M, seq: number, atMs: number): void {
    const p = this.pending;
    if (p !== null) {
      const r = p.match(message);
      if (r !== undefined) {
        this.pending = null;
        this.clock.clearTimeout(p.timer);
        if ('error' in r) p.reject(r.error);
        else p.resolve(r.value);
      }
    }
    this.emit({ type: 'message', message, seq, atMs });
  }

  /**
   * Sends a command and waits for the message `match` accepts; one at a time, in order.
   * A timeout is counted as a fault and rejects with BenchTimeoutError.
   */
  protected request<T>(name: string, bytes: Uint8Array, match: (m: M) => { value: T } | { error: Error } | undefined, timeoutMs = this.commandTimeoutMs): Promise<T> {
    const run = (): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (this.lost) {
          reject(new DeviceLostError());
          return;
        }
        const sentAt = this.clock.now();
        // The timeout counts silence: an answer queued behind lines still being recorded
        // (a slow disk, a bench streaming fast) is waited for while lines keep coming, up to
        // COMMAND_MAX_WAIT_FACTOR × the timeout (docs/bench-protocols.md, Robustness).
        const onTimeout = () => {
          const pending = this.pending;
          if (pending === null || pending.timer !== timer) return;
          const now = this.clock.now();
          const quietMs = now - this.lastInAt;
          if (quietMs < timeoutMs && now - sentAt < timeoutMs * COMMAND_MAX_WAIT_FACTOR) {
            timer = this.clock.setTimeout(onTimeout, timeoutMs - quietMs);
            pending.timer = timer;
            return;
          }
          this.pending = null;
          this.fault('timeout', `no answer to ${name} within ${timeoutMs} ms`);
          reject(new BenchTimeoutError(name, timeoutMs));
        };
        let timer = this.clock.setTimeout(onTimeout, timeoutMs);
        this.pending = { name, match, resolve: (v) => resolve(v as T), reject, timer };
        this.send(bytes).catch((e: unknown) => {
          if (this.pending?.timer === timer) {
            this.pending = null;
            this.clock.clearTimeout(timer);
          }
          reject(e instanceof Error ? e : new BenchError('not-connected', String(e)));
        });
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  abstract data(chunk: Uint8Array, atMs: number): Promise<void>;

  event(e: TransportEvent): void {
    if (e.type === 'recoverable-error') this.fault('serial-error', `${e.name}: reading goes on`);
    else if (e.type === 'consumer-error') this.fault('unexpected', e.error instanceof Error ? e.error.message : String(e.error));
    else this.deviceLost(e.error);
  }

  protected deviceLost(error: unknown): void {
    if (this.lost) return;
    this.lost = true;
    const err = new DeviceLostError(error);
    const p = this.pending;
    this.pending = null;
    if (p !== null) {
      this.clock.clearTimeout(p.timer);
      p.reject(err);
    }
    this.emit({ type: 'device-lost', error: err });
  }

  dispose(): void {
    const p = this.pending;
    this.pending = null;
    if (p !== null) {
      this.clock.clearTimeout(p.timer);
      p.reject(new BenchError('aborted', `${p.name} was abandoned: the connection was closed`));
    }
    this.listeners.clear();
  }
}
