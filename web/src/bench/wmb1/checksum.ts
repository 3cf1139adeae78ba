/**
 * WMB/1 line checksum (docs/bench-protocols.md WMB/1, "Framing"): every line is `BODY*HH`, HH the
 * XOR of all bytes of BODY as two upper-case hex digits (NMEA-0183 style).
 *
 * Note: the spec's example `ID?*3B` is wrong — XOR("ID?") = 0x49^0x44^0x3F = 0x32, so the
 * line is `ID?*32` (the spec says "compute, don't trust this example"); a test pins it.
 */

const STAR = 0x2a;

export function xorChecksum(bytes: Uint8Array, end: number = bytes.length): number {
  let x = 0;
  for (let i = 0; i < end; i++) x ^= bytes[i] as number;
  return x;
}

const HEX = '0123456789ABCDEF';

export function checksumHex(value: number): string {
  return (HEX[(value >> 4) & 0xf] as string) + (HEX[value & 0xf] as string);
}

/** Value of an upper-case hex digit, or -1 (the spec says upper case; lower case is a bad checksum). */
function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

export type ChecksumResult = { ok: true; bodyEnd: number } | { ok: false; code: 'missing-checksum' | 'bad-checksum' };

/** Checks `BODY*HH`; on success `bodyEnd` is the index of the `*`. */
export function verifyChecksum(line: Uint8Array): ChecksumResult {
  const n = line.length;
  if (n < 3 || line[n - 3] !== STAR) return { ok: false, code: 'missing-checksum' };
  const hi = hexDigit(line[n - 2] as number);
  const lo = hexDigit(line[n - 1] as number);
  if (hi < 0 || lo < 0) return { ok: false, code: 'bad-checksum' };
  if (xorChecksum(line, n - 3) !== ((hi << 4) | lo)) return { ok: false, code: 'bad-checksum' };
  return { ok: true, bodyEnd: n - 3 };
}

/** `BODY` → `BODY*HH` (no terminator). Body must be ASCII (values percent-encoded). */
export function withChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i) & 0xff;
  return `${body}*${checksumHex(x)}`;
}
