/**
 * Typed errors of the bench layer (docs/architecture.md, house rules: one shape, a stable `code` callers switch on;
 * the message is for people and is never parsed). What a person reads is the sentence of
 * the code in their language (web/src/ui/i18n/errorText.ts), with `params` filled in; the
 * English message is for logs and traces.
 */
import type { MountProblem } from '../domain/index.ts';

/** The facts a sentence names (a serial number, a position…), by placeholder name. */
export type ErrorParams = Readonly<Record<string, string | number>>;

/** A scanned serial number the session refuses, for the domain's reason (docs/rules.md R-IDENT). */
export type SerialErrorCode = `serial-${MountProblem['code']}`;

/** A step the session cannot take in its current state, each with its own sentence. */
export type SessionRefusalCode =
  /** generic: prefer a specific code, so the operator is told what to do */
  | 'session-state'
  /** mounting before the bench is identified */
  | 'bench-not-identified'
  /** `{pos}` is not a position of this bench (`{positions}`) */
  | 'position-unknown'
  /** meters are taken off only between tests */
  | 'meters-locked'
  /** no meter is mounted on `{pos}` */
  | 'position-empty'
  /** a test needs mounted meters (and an identified bench) */
  | 'no-meters-mounted'
  /** resume is for a session whose connection was lost */
  | 'not-disconnected'
  /** a session is restored on a fresh connection, before anything is mounted */
  | 'restore-too-late'
  /** `{serial}` was mounted after the last tightness test */
  | 'tightness-mounted-after'
  /** a bench is connected already: 断开 it before connecting or resuming another session */
  | 'already-connected'
  /** the interrupted session's record names no batch and meter type: it can only be closed */
  | 'resume-no-plan'
  /** another window holds the session's lock: it runs the session */
  | 'session-in-other-window'
  | SerialErrorCode;

export type BenchErrorCode =
  | 'timeout'
  | 'nak'
  | 'device-lost'
  | 'not-connected'
  | 'busy'
  | 'aborted'
  | 'port-unavailable'
  | 'invalid-register-map'
  /** the bench configuration does not validate (`{paths}`) */
  | 'invalid-bench-config'
  /** the valve did not close: flow still went on after the close command */
  | 'valve-not-closed'
  /** the test pressure was not reached in time */
  | 'pressure-not-reached'
  | 'modbus-exception'
  | 'modbus-bad-reply'
  | 'balance-error'
  /** MT-SICS `S+`: more than the balance can weigh */
  | 'balance-overload'
  /** MT-SICS `S-`: less than zero, the collector is missing */
  | 'balance-underload'
  | 'balance-not-stable'
  | 'wrong-bench'
  /** a command that could not be put in the original record is not sent (docs/architecture.md flow 1) */
  | 'command-not-recorded'
  /** a Modbus register map without control registers: the run is started and stopped on the PLC */
  | 'modbus-no-control'
  /** the bench configuration has no tightness pressure register or no pressurize output */
  | 'plc-no-tightness'
  /** visual reading: no meter is mounted on `{pos}` */
  | 'reading-position-unknown'
  /** visual reading: `{pos}` has a reading already; a correction gives its reason */
  | 'reading-needs-reason'
  /** visual reading: positions `{positions}` have no readable reading */
  | 'reading-incomplete'
  /** visual reading: this phase's readings are closed (the run went on or was stopped) */
  | 'reading-closed'
  | SessionRefusalCode
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
    readonly params: ErrorParams = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What the session refuses to do now, and the facts of it (`params`) for the operator's sentence. */
export class SessionRefusal extends BenchError {
  constructor(code: SessionRefusalCode, message: string, params: ErrorParams = {}) {
    super(code, message, undefined, params);
  }
}

/** A character as a person can read it: control characters and spaces by their code point. */
const visible = (c: string): string => (/[\p{Cc}\p{Z}]/u.test(c) ? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : c);

/** The session's refusal of a serial number, the domain's facts of it as params (`characters` joined, readable). */
export function serialRefusal(problem: MountProblem): SessionRefusal {
  const { code, ...facts } = problem;
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(facts) as Array<[string, string | number | readonly string[]]>) {
    params[key] = typeof value === 'object' ? value.map(visible).join(' ') : value;
  }
  return new SessionRefusal(`serial-${code}`, `serial number refused (${code}): ${JSON.stringify(params)}`, params);
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
    super('timeout', `the bench did not answer ${command} within ${timeoutMs} ms — check the cable and that the bench is switched on`, undefined, { command });
  }
}

/** WMB/1 `NAK cmd= code= msg=` (docs/bench-protocols.md WMB/1). */
export class BenchNakError extends BenchError {
  constructor(
    readonly command: string,
    readonly nakCode: number,
    readonly nakMessage: string,
  ) {
    // The bench's own reason text stays in the message (log, trace): it is the device's words, in no known language.
    super('nak', `the bench refused ${command} (code ${nakCode}: ${nakMessage})`, undefined, { command, code: nakCode });
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
    super('invalid-register-map', `invalid register map: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, undefined, { paths: issues.map((i) => i.path).join(', ') });
  }
}

export class BenchConfigError extends BenchError {
  constructor(readonly issues: readonly RegisterMapIssue[]) {
    super('invalid-bench-config', `invalid bench configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, undefined, { paths: issues.map((i) => i.path).join(', ') });
  }
}

/** A Modbus exception reply: the function code with bit 7 set (docs/bench-protocols.md Modbus RTU). */
export class ModbusExceptionError extends BenchError {
  constructor(
    readonly functionCode: number,
    readonly exceptionCode: number,
  ) {
    super('modbus-exception', `the PLC answered function ${functionCode} with exception ${exceptionCode} (${MODBUS_EXCEPTIONS[exceptionCode] ?? 'unknown'})`, undefined, {
      function: functionCode,
      exception: exceptionCode,
    });
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
    super('balance-error', `the balance rejected ${command}: ${kind} error`, undefined, { command });
  }
}
