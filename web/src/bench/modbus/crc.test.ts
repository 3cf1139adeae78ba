import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBytes } from '../types.ts';
import { crc16Modbus, crcOk, withCrc } from './crc.ts';
import { parseReply, readRequest, writeMultipleRequest, writeSingleRequest } from './frames.ts';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');

describe('CRC-16/MODBUS check values (docs/bench-protocols.md Modbus RTU)', () => {
  it('"123456789" → 0x4B37', () => expect(crc16Modbus(asciiBytes('123456789'))).toBe(0x4b37));
  it('01 03 00 00 00 0A → C5 CD', () => expect(hex(withCrc(Uint8Array.of(1, 3, 0, 0, 0, 0x0a))).endsWith('C5 CD')).toBe(true));
  it('01 03 00 00 00 04 → 44 09', () => expect(hex(readRequest(1, 3, 0, 4))).toBe('01 03 00 00 00 04 44 09'));
  it('01 04 00 00 00 02 → 71 CB', () => expect(hex(readRequest(1, 4, 0, 2))).toBe('01 04 00 00 00 02 71 CB'));
  it('property: any frame with its CRC checks; any one flipped bit is caught', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 60 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (pdu, at, bit) => {
        const f = withCrc(pdu);
        expect(crcOk(f)).toBe(true);
        const g = f.slice();
        const i = at % g.length;
        g[i] = (g[i] as number) ^ (1 << bit);
        expect(crcOk(g)).toBe(false);
      }),
    );
  });
});

describe('Modbus frames', () => {
  it('parses a register reply, a write echo and an exception', () => {
    expect(parseReply(withCrc(Uint8Array.of(1, 3, 4, 0x12, 0x34, 0xab, 0xcd)))).toEqual({ kind: 'registers', unit: 1, fc: 3, registers: [0x1234, 0xabcd] });
    expect(parseReply(writeSingleRequest(1, 7, 513))).toEqual({ kind: 'write', unit: 1, fc: 6, address: 7, value: 513 });
    expect(parseReply(withCrc(Uint8Array.of(1, 0x84, 2)))).toEqual({ kind: 'exception', unit: 1, fc: 4, exceptionCode: 2 });
    expect(parseReply(Uint8Array.of(1, 3, 2, 0, 0, 0, 0))).toEqual({ kind: 'invalid', reason: 'crc' });
    expect(parseReply(withCrc(Uint8Array.of(1, 3, 4, 0, 0)))).toEqual({ kind: 'invalid', reason: 'length' });
  });

  it('builds function 16 with byte count and big-endian words', () => {
    expect(hex(writeMultipleRequest(1, 2, [0x4500, 0x0001]).subarray(0, 11))).toBe('01 10 00 02 00 02 04 45 00 00 01');
  });

  it('property: random bytes never throw out of parseReply', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(() => parseReply(b)).not.toThrow();
      }),
    );
  });
});
