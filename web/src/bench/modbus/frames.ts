/**
 * Modbus RTU application data units (docs/bench-protocols.md Modbus RTU; Modbus Application Protocol
 * v1.1b3 §6.3, 6.4, 6.6, 6.12): address | function | data | CRC. Requests for functions
 * 03 / 04 (read holding / input registers), 06 (write one) and 16 (write several); reply
 * parsing, where bit 7 of the function code marks an exception.
 */
import { withCrc, crcOk } from './crc.ts';

export const FC_READ_HOLDING = 0x03;
export const FC_READ_INPUT = 0x04;
export const FC_WRITE_COIL = 0x05;
export const FC_WRITE_SINGLE = 0x06;
export const FC_WRITE_MULTIPLE = 0x10;

/** Modbus limits per request (Application Protocol §6.3, §6.12). */
export const MAX_READ_REGISTERS = 125;
export const MAX_WRITE_REGISTERS = 123;

export type ReadFunction = typeof FC_READ_HOLDING | typeof FC_READ_INPUT;

export function readRequest(unit: number, fc: ReadFunction, address: number, count: number): Uint8Array {
  return withCrc(Uint8Array.of(unit, fc, address >> 8, address & 0xff, count >> 8, count & 0xff));
}

export function writeSingleRequest(unit: number, address: number, value: number): Uint8Array {
  return withCrc(Uint8Array.of(unit, FC_WRITE_SINGLE, address >> 8, address & 0xff, (value >> 8) & 0xff, value & 0xff));
}

/** Function 05: a coil on (0xFF00) or off (0x0000). */
export function writeCoilRequest(unit: number, address: number, on: boolean): Uint8Array {
  return withCrc(Uint8Array.of(unit, FC_WRITE_COIL, address >> 8, address & 0xff, on ? 0xff : 0x00, 0x00));
}

export function writeMultipleRequest(unit: number, address: number, values: readonly number[]): Uint8Array {
  const pdu = new Uint8Array(7 + values.length * 2);
  pdu.set([unit, FC_WRITE_MULTIPLE, address >> 8, address & 0xff, values.length >> 8, values.length & 0xff, values.length * 2]);
  values.forEach((v, i) => {
    pdu[7 + 2 * i] = (v >> 8) & 0xff;
    pdu[8 + 2 * i] = v & 0xff;
  });
  return withCrc(pdu);
}

export type ModbusReply =
  | { kind: 'registers'; unit: number; fc: number; registers: number[] }
  | { kind: 'write'; unit: number; fc: number; address: number; value: number }
  | { kind: 'exception'; unit: number; fc: number; exceptionCode: number }
  | { kind: 'invalid'; reason: 'crc' | 'short' | 'length' | 'function' };

/** Parses one reply frame (CRC included). Never throws. */
export function parseReply(frame: Uint8Array): ModbusReply {
  if (frame.length < 5) return { kind: 'invalid', reason: 'short' };
  if (!crcOk(frame)) return { kind: 'invalid', reason: 'crc' };
  const unit = frame[0] as number;
  const fc = frame[1] as number;
  if (fc & 0x80) {
    if (frame.length !== 5) return { kind: 'invalid', reason: 'length' };
    return { kind: 'exception', unit, fc: fc & 0x7f, exceptionCode: frame[2] as number };
  }
  if (fc === FC_READ_HOLDING || fc === FC_READ_INPUT) {
    const byteCount = frame[2] as number;
    if (byteCount % 2 !== 0 || frame.length !== 5 + byteCount) return { kind: 'invalid', reason: 'length' };
    const registers: number[] = [];
    for (let i = 0; i < byteCount; i += 2) registers.push(((frame[3 + i] as number) << 8) | (frame[4 + i] as number));
    return { kind: 'registers', unit, fc, registers };
  }
  if (fc === FC_WRITE_SINGLE || fc === FC_WRITE_MULTIPLE || fc === FC_WRITE_COIL) {
    if (frame.length !== 8) return { kind: 'invalid', reason: 'length' };
    const address = ((frame[2] as number) << 8) | (frame[3] as number);
    const value = ((frame[4] as number) << 8) | (frame[5] as number);
    return { kind: 'write', unit, fc, address, value };
  }
  return { kind: 'invalid', reason: 'function' };
}

/** What the app asked, as the replay reads it back from the record (out frames). */
export type ModbusRequest =
  | { kind: 'read'; unit: number; fc: ReadFunction; address: number; count: number }
  | { kind: 'write'; unit: number; fc: number; address: number; values: number[] }
  | { kind: 'invalid' };

/** Parses one request frame (CRC included). Never throws. */
export function parseRequest(frame: Uint8Array): ModbusRequest {
  if (frame.length < 8 || !crcOk(frame)) return { kind: 'invalid' };
  const unit = frame[0] as number;
  const fc = frame[1] as number;
  const word = (i: number) => ((frame[i] as number) << 8) | (frame[i + 1] as number);
  const address = word(2);
  if ((fc === FC_READ_HOLDING || fc === FC_READ_INPUT) && frame.length === 8) return { kind: 'read', unit, fc, address, count: word(4) };
  if ((fc === FC_WRITE_SINGLE || fc === FC_WRITE_COIL) && frame.length === 8) return { kind: 'write', unit, fc, address, values: [word(4)] };
  if (fc === FC_WRITE_MULTIPLE) {
    const count = word(4);
    if (frame.length !== 9 + 2 * count) return { kind: 'invalid' };
    return { kind: 'write', unit, fc, address, values: Array.from({ length: count }, (_, k) => word(7 + 2 * k)) };
  }
  return { kind: 'invalid' };
}
