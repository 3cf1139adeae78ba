import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './chain.ts';

describe('canonicalJson (RFC 8785)', () => {
  it('gives the same bytes as the canonicalize package on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by UTF-16 code units, integer-like keys included, and writes -0 as 0', () => {
    const v = { b: 1, a: [true, null, -0], '10': 'x', '9': 'y', é: 1, z: { y: 1e21, x: 0.1 }, 'ab\u{1F600}': 2 };
    expect(canonicalJson(v)).toBe(canonicalize(v));
    expect(canonicalJson(v)).toBe('{"10":"x","9":"y","a":[true,null,0],"ab\u{1F600}":2,"b":1,"z":{"x":0.1,"y":1e+21},"é":1}');
  });

  it('leaves out undefined members and writes undefined array elements as null, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('refuses what has no canonical form: NaN, Infinity, lone surrogates, a bare undefined', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ x: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson('a\ud800b')).toThrow(/lone surrogate/);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
