/**
 * Typed errors of the bench layer (docs/architecture.md, house rules: one shape, a stable `code` callers switch on;
 * the message is for people and is never parsed).
 */
export type BenchErrorCode =
  | 'timeout'
  | 'nak'
  | 'device-lost'
  | 'not-connected'
  | 'busy'
  | 'aborted'
  | 'port-unavailable'
  | 'invalid-register-map'
  | 'modbus-exception'
  | 'modbus-bad-reply'
  | 'balance-error'
  | 'balance-not-stable'
  | 'wrong-bench'
  | 'session-state'
  /** the meter type has no MAP: the tightness test cannot be run (docs/rules.md R-TIGHT) */
  | 'tightness-map-unknown'
  /** the session plan's test pressure or hold could never give a valid tightness test */
  | 'tightness-plan'
  /** leak / damage confirmed without a valid tightness test of that meter */
  | 'tightness-no-valid-test';

export class BenchError extends Error {
  constructor(
    readonly code: BenchErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The bench did not answer a command within its time (docs/bench-protocols.md, Robustness:
 * "a bench that stops answering").
 */
export class BenchTimeoutError extends BenchError {
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', `the bench did not answer ${command} within ${timeoutMs} ms — check the cable and that the bench is switched on`);
  }
}

/** WMB/1 `NAK cmd= code= msg=` (docs/bench-protocols.md WMB/1). */
export class BenchNakError extends BenchError {
  constructor(
    readonly command: string,
    readonly nakCode: number,
    readonly nakMessage: string,
  ) {
    super('nak', `the bench refused ${command} (code ${nakCode}: ${nakMessage})`);
  }
}

/** The port went away (cable pulled, USB reset); reconnect is offered. */
export class DeviceLostError extends BenchError {
  constructor(cause?: unknown) {
    super('device-lost', 'the bench connection was lost — reconnect the cable and press Reconnect', cause);
  }
}

/** One problem in a user-edited register map, located by its JSON path. */
export interface RegisterMapIssue {
  path: string;
  message: string;
}

export class RegisterMapError extends BenchError {
  constructor(readonly issues: readonly RegisterMapIssue[]) {
    super('invalid-register-map', `invalid register map: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** A Modbus exception reply: the function code with bit 7 set (docs/bench-protocols.md Modbus RTU). */
export class ModbusExceptionError extends BenchError {
  constructor(
    readonly functionCode: number,
    readonly exceptionCode: number,
  ) {
    super('modbus-exception', `the PLC answered function ${functionCode} with exception ${exceptionCode} (${MODBUS_EXCEPTIONS[exceptionCode] ?? 'unknown'})`);
  }
}

const MODBUS_EXCEPTIONS: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address — check the register map',
  3: 'illegal data value',
  4: 'server device failure',
  5: 'acknowledge',
  6: 'server device busy',
};

/** MT-SICS `ES` / `ET` / `EL` (docs/bench-protocols.md MT-SICS). */
export class BalanceError extends BenchError {
  constructor(
    readonly command: string,
    readonly kind: 'syntax' | 'transmission' | 'logical',
  ) {
    super('balance-error', `the balance rejected ${command}: ${kind} error`);
  }
}
