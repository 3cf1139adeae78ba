/**
 * How an activity the app runs on a PLC bench (a flow run, a pressure test) is cut short
 * and waits: every wait runs on the bench clock and ends early when the activity's signal
 * aborts (STOP, a lost cable, the connection closed); every way it can end early has a
 * reason, the one the record's VOID line and the session's ABORT message carry.
 */
import { BenchError, ModbusExceptionError } from '../errors.ts';
import type { Clock } from '../types.ts';

/** The activity was stopped from outside: `reason` is `user`, `device-lost` or `closed`. */
export class Halt extends Error {
  constructor(readonly reason: string) {
    super(`stopped: ${reason}`);
    this.name = 'Halt';
  }
}

/** The run makes no run, for `reason` (docs/bench-config.md "Step lines", VOID). */
export class RunVoid extends Error {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'RunVoid';
  }
}

function haltOf(signal: AbortSignal): Halt {
  return signal.reason instanceof Halt ? signal.reason : new Halt('user');
}

/** Throws the halt when the activity was stopped: called after every exchange with a device. */
export function checkpoint(signal: AbortSignal): void {
  if (signal.aborted) throw haltOf(signal);
}

/** Waits `ms` of bench time, or rejects with the halt as soon as the activity is stopped. */
export function pause(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(haltOf(signal));
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(haltOf(signal));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The reason an activity ended early, as the record and the session name it. */
export function reasonOf(e: unknown): string {
  if (e instanceof Halt || e instanceof RunVoid) return e.reason;
  // docs/bench-protocols.md Modbus RTU: the exception code says what the PLC refused.
  if (e instanceof ModbusExceptionError) return `plc-exception-${e.exceptionCode}`;
  if (e instanceof BenchError) return e.code;
  return 'bench-error';
}
