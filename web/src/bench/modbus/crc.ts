/**
 * CRC-16/MODBUS (docs/bench-protocols.md Modbus RTU): init 0xFFFF, reflected polynomial 0xA001, no
 * final XOR; sent low byte first. Check values: "123456789" → 0x4B37;
 * 01 03 00 00 00 0A → C5 CD.
 */

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc16Modbus(bytes: Uint8Array, end: number = bytes.length): number {
  let crc = 0xffff;
  for (let i = 0; i < end; i++) crc = (crc >>> 8) ^ (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number);
  return crc;
}

/** Frame with its CRC appended, low byte first. */
export function withCrc(pdu: Uint8Array): Uint8Array {
  const out = new Uint8Array(pdu.length + 2);
  out.set(pdu);
  const crc = crc16Modbus(pdu);
  out[pdu.length] = crc & 0xff;
  out[pdu.length + 1] = crc >>> 8;
  return out;
}

/** Whether the last two bytes are the CRC of the rest. */
export function crcOk(frame: Uint8Array): boolean {
  if (frame.length < 4) return false;
  const n = frame.length - 2;
  const crc = crc16Modbus(frame, n);
  return frame[n] === (crc & 0xff) && frame[n + 1] === crc >>> 8;
}
