import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBytes, latin1 } from '../types.ts';
import { LineFramer, MAX_LINE_BYTES } from './lineFramer.ts';

function frameAll(chunks: Uint8Array[], framer = new LineFramer()): string[] {
  const out: string[] = [];
  for (const c of chunks) framer.push(c, (l) => out.push(latin1(l)));
  return out;
}

/** Cuts a byte stream at arbitrary points. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

const printableLine = fc.stringMatching(/^[!-~][ -~]{0,80}$/);

describe('LineFramer', () => {
  it('accepts CR LF and LF alone, several lines in one read', () => {
    expect(frameAll([asciiBytes('A\r\nB\nC\r\n')])).toEqual(['A', 'B', 'C']);
  });

  it('keeps an unfinished line across reads', () => {
    const f = new LineFramer();
    expect(frameAll([asciiBytes('HEL')], f)).toEqual([]);
    expect(f.pending).toBe(3);
    expect(frameAll([asciiBytes('LO\r'), asciiBytes('\n')], f)).toEqual(['HELLO']);
  });

  it('discards and counts lines over 512 bytes, keeps one of exactly 512', () => {
    const f = new LineFramer();
    const ok = 'x'.repeat(MAX_LINE_BYTES);
    const long = 'y'.repeat(MAX_LINE_BYTES + 1);
    const longer = 'z'.repeat(3000);
    const out = frameAll([asciiBytes(`${ok}\r\n${long}\n${longer}\r\nAFTER\n${long}\r\n`)], f);
    expect(out).toEqual([ok, 'AFTER']);
    expect(f.counters.overlong).toBe(3);
  });

  it('drops noise bytes on an idle line and counts them; ignores blank lines', () => {
    const f = new LineFramer();
    const out = frameAll([Uint8Array.of(0x00, 0xff, 0x11, ...asciiBytes('OK\r\n\r\n'), 0xfe, ...asciiBytes('NEXT\n'))], f);
    expect(out).toEqual(['OK', 'NEXT']);
    expect(f.counters.noiseBytes).toBe(4);
    expect(f.counters.blank).toBe(1);
  });

  it('property: any split of a stream yields the same lines', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(printableLine, fc.boolean()), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), (lines, cuts) => {
        const text = lines.map(([l, crlf]) => l + (crlf ? '\r\n' : '\n')).join('');
        const bytes = asciiBytes(text);
        expect(frameAll(split(bytes, cuts))).toEqual(lines.map(([l]) => l));
      }),
    );
  });

  it('property: random bytes never throw, and every byte is accounted for', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        const f = new LineFramer();
        const whole = frameAll([bytes]);
        expect(frameAll(split(bytes, cuts), f)).toEqual(whole);
        for (const l of whole) expect(l.length).toBeLessThanOrEqual(MAX_LINE_BYTES);
      }),
    );
  });
});
