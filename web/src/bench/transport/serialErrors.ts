/**
 * Sorting serial errors (docs/architecture.md, house rules: esptool-js; WICG Web Serial §"readable"): buffer
 * overrun, framing, parity and break errors leave the port open and `port.readable`
 * is replaced with a fresh stream — keep reading. Anything else (NetworkError: the device
 * went away) ends the connection.
 */
export const RECOVERABLE_SERIAL_ERRORS: ReadonlySet<string> = new Set(['BufferOverrunError', 'FramingError', 'ParityError', 'BreakError']);

export function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string') return err.name;
  return 'Error';
}

export function isRecoverableSerialError(err: unknown): boolean {
  return RECOVERABLE_SERIAL_ERRORS.has(errorName(err));
}
