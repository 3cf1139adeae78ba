import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMtSics } from './parse.ts';

describe('MT-SICS replies (docs/bench-protocols.md MT-SICS)', () => {
  it('S S with column padding, split on white space', () => {
    expect(parseMtSics('S S     100.00 kg')).toEqual({ kind: 'weight', stable: true, value: 100, unit: 'kg' });
    expect(parseMtSics('S S\t-0.02 kg')).toEqual({ kind: 'weight', stable: true, value: -0.02, unit: 'kg' });
    expect(parseMtSics('S S -    12.30 kg')).toEqual({ kind: 'weight', stable: true, value: -12.3, unit: 'kg' });
  });
  it('S D is dynamic (SI), S I busy, S + overload, S - underload', () => {
    expect(parseMtSics('S D      99.87 kg')).toEqual({ kind: 'weight', stable: false, value: 99.87, unit: 'kg' });
    expect(parseMtSics('S I')).toEqual({ kind: 'busy', command: 'S' });
    expect(parseMtSics('S +')).toEqual({ kind: 'overload', command: 'S' });
    expect(parseMtSics('S -')).toEqual({ kind: 'underload', command: 'S' });
  });
  it('Z A, Z I, T S, I4 A and ES / ET / EL', () => {
    expect(parseMtSics('Z A')).toEqual({ kind: 'zeroed' });
    expect(parseMtSics('Z I')).toEqual({ kind: 'busy', command: 'Z' });
    expect(parseMtSics('T S      1.250 kg')).toEqual({ kind: 'tared', value: 1.25, unit: 'kg' });
    expect(parseMtSics('I4 A "B021548612"')).toEqual({ kind: 'serial', sn: 'B021548612' });
    expect(parseMtSics('ES')).toEqual({ kind: 'error', error: 'syntax' });
    expect(parseMtSics('ET')).toEqual({ kind: 'error', error: 'transmission' });
    expect(parseMtSics('EL')).toEqual({ kind: 'error', error: 'logical' });
  });
  it('anything else is unknown, never a throw', () => {
    expect(parseMtSics('S S abc kg').kind).toBe('unknown');
    expect(parseMtSics('S X').kind).toBe('unknown');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect(() => parseMtSics(b)).not.toThrow();
      }),
    );
  });
});
