/**
 * Register words ⇄ engineering values (docs/bench-protocols.md Modbus RTU): u16, u32 and IEEE-754 f32
 * spread over two registers in the map's word order, times the scale.
 */
import { wordsOf, type RegisterDef } from './registerMap.ts';

const view = new DataView(new ArrayBuffer(4));

/** Words as read (in register order) → value × scale. */
export function decodeRegisters(words: readonly number[], def: Pick<RegisterDef, 'type' | 'wordOrder' | 'scale'>): number {
  const w0 = words[0] ?? 0;
  if (def.type === 'u16') return w0 * def.scale;
  const w1 = words[1] ?? 0;
  const [hi, lo] = def.wordOrder === 'low-first' ? [w1, w0] : [w0, w1];
  if (def.type === 'u32') return (hi * 0x10000 + lo) * def.scale;
  view.setUint16(0, hi);
  view.setUint16(2, lo);
  return view.getFloat32(0) * def.scale;
}

/** value ÷ scale → words in register order (for writes, functions 06 / 16). */
export function encodeRegisters(value: number, def: Pick<RegisterDef, 'type' | 'wordOrder' | 'scale'>): number[] {
  const raw = value / def.scale;
  if (def.type === 'u16') return [Math.round(raw) & 0xffff];
  let hi: number;
  let lo: number;
  if (def.type === 'u32') {
    const n = Math.round(raw) >>> 0;
    hi = n >>> 16;
    lo = n & 0xffff;
  } else {
    view.setFloat32(0, raw);
    hi = view.getUint16(0);
    lo = view.getUint16(2);
  }
  return def.wordOrder === 'low-first' ? [lo, hi] : [hi, lo];
}

/** How much a counter register rose from `start` to `end`, across one wrap of its size (a PLC's pulse counters wrap). */
export function counterIncrease(start: number, end: number, def: Pick<RegisterDef, 'type'>): number {
  const d = end - start;
  return d >= 0 ? d : d + 2 ** (16 * wordsOf(def.type));
}
