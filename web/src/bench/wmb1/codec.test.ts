import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBytes } from '../types.ts';
import { checksumHex, withChecksum, xorChecksum } from './checksum.ts';
import { decodeCommand, decodeMessage, encodeCommand, encodeMessage } from './codec.ts';
import { decodeValue, encodeValue } from './fields.ts';
import type { Wmb1Message } from './messages.ts';

const line = (text: string) => asciiBytes(text);

describe('WMB/1 checksum', () => {
  it('is the XOR of the body, two upper-case hex digits (the spec example ID?*3B is wrong)', () => {
    expect(xorChecksum(line('ID?'))).toBe(0x49 ^ 0x44 ^ 0x3f);
    expect(withChecksum('ID?')).toBe('ID?*32');
    expect(checksumHex(0x0a)).toBe('0A');
  });

  it('rejects a wrong, missing or lower-case checksum', () => {
    expect(decodeMessage(line('ACK cmd=HELLO*00'))).toMatchObject({ ok: false, fault: { code: 'bad-checksum' } });
    expect(decodeMessage(line('ACK cmd=HELLO'))).toMatchObject({ ok: false, fault: { code: 'missing-checksum' } });
    const good = withChecksum('ACK cmd=RUN');
    expect(decodeMessage(line(good))).toMatchObject({ ok: true, value: { verb: 'ACK', cmd: 'RUN' } });
    const withLetter = ['ACK cmd=LOAD', 'ACK cmd=RUN', 'ACK cmd=STOP', 'ACK cmd=PRESS', 'ACK cmd=HELLO'].map(withChecksum).find((l) => /[A-F]/.test(l.slice(-2)));
    expect(withLetter).toBeDefined();
    const lower = (withLetter ?? '').slice(0, -2) + (withLetter ?? '').slice(-2).toLowerCase();
    expect(decodeMessage(line(lower))).toMatchObject({ ok: false, fault: { code: 'bad-checksum' } });
  });
});

describe('WMB/1 fields', () => {
  it('percent-encodes space, =, *, % and non-ASCII (UTF-8), and decodes back', () => {
    expect(encodeValue('a b=c*d%')).toBe('a%20b%3Dc%2Ad%25');
    expect(encodeValue('水表')).toBe('%E6%B0%B4%E8%A1%A8');
    expect(decodeValue('%E6%B0%B4%E8%A1%A8')).toBe('水表');
    expect(decodeValue('%E6%B0')).toBeNull();
    expect(decodeValue('%G1')).toBeNull();
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(decodeValue(encodeValue(s))).toBe(s);
    }));
  });

  it('decodes an ID line with percent-encoded text and ignores unknown keys', () => {
    const l = withChecksum('ID vendor=ACME%20Flow model=WB-6 sn=B123 fw=1.2 positions=6 method=weighing u_rel=0.05 future=1');
    expect(decodeMessage(line(l))).toEqual({
      ok: true,
      value: { verb: 'ID', vendor: 'ACME Flow', model: 'WB-6', sn: 'B123', fw: '1.2', positions: 6, method: 'weighing', uRelPct: 0.05 },
    });
  });

  it('a missing required key makes the line invalid', () => {
    expect(decodeMessage(line(withChecksum('MV id=R1 vi=10.0')))).toMatchObject({ ok: false, fault: { code: 'missing-key', detail: 'missing key pos' } });
    expect(decodeMessage(line(withChecksum('RE id=R1 dur=60 lph=2500 tw=20 ta=20 pa=1013 rh=50 ref=100 unit=pulse')))).toMatchObject({
      ok: false,
      fault: { code: 'missing-key', detail: 'missing key k' },
    });
  });

  it('bad numbers, enums, verbs and fields are reported, not thrown', () => {
    expect(decodeMessage(line(withChecksum('FS id=R1 t=1 lph=1,5 tw=20 kpa=300')))).toMatchObject({ ok: false, fault: { code: 'bad-value' } });
    expect(decodeMessage(line(withChecksum('RS id=R1 point=Q4 t0=0')))).toMatchObject({ ok: false, fault: { code: 'bad-value' } });
    expect(decodeMessage(line(withChecksum('FOO a=1')))).toMatchObject({ ok: false, fault: { code: 'unknown-verb' } });
    expect(decodeMessage(line(withChecksum('ACK cmd')))).toMatchObject({ ok: false, fault: { code: 'malformed' } });
    expect(decodeMessage(line(withChecksum('ACK cmd=A cmd=B')))).toMatchObject({ ok: false, fault: { code: 'malformed' } });
  });

  it('PTEND: the gauge keys pg and pg_u are optional (docs/rules.md R-TIGHT: gauge recorded with the test)', () => {
    expect(decodeMessage(line(withChecksum('PTEND kpa0=1648.0 kpa1=1647.7 hold=60')))).toEqual({
      ok: true,
      value: { verb: 'PTEND', kpa0: 1648, kpa1: 1647.7, holdS: 60, gaugeId: null, gaugeUKpa: null },
    });
    const m: Wmb1Message = { verb: 'PTEND', kpa0: 1648, kpa1: 1647.7, holdS: 60, gaugeId: 'PG-0417 0-4MPa', gaugeUKpa: 10 };
    expect(encodeMessage(m)).toContain(' pg=PG-0417%200-4MPa pg_u=10.0*');
    expect(decodeMessage(line(encodeMessage(m).trimEnd()))).toEqual({ ok: true, value: m });
    expect(decodeMessage(line(withChecksum('PTEND kpa0=1 kpa1=1 hold=60 pg_u=abc')))).toMatchObject({ ok: false, fault: { code: 'bad-value' } });
  });

  it('STAT id=- means no run', () => {
    expect(decodeMessage(line(withChecksum('STAT state=idle id=-')))).toMatchObject({ ok: true, value: { state: 'idle', id: null } });
  });
});

const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const num = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000);
const pos = fc.integer({ min: 1, max: 20 });
const point = fc.constantFrom('Q1' as const, 'Q2' as const, 'Q3' as const);

/** Messages whose numbers survive the wire formatting exactly. */
export const arbMessage: fc.Arbitrary<Wmb1Message> = fc.oneof(
  fc.record({ verb: fc.constant('ACK' as const), cmd: text }),
  fc.record({ verb: fc.constant('NAK' as const), cmd: text, code: fc.nat(99), msg: text }),
  fc.record({ verb: fc.constant('MV' as const), id: text, pos, viL: num.map((n) => Math.abs(n)) }),
  fc.record({ verb: fc.constant('RD' as const), id: text, n: fc.nat(20) }),
  fc.record({ verb: fc.constant('RS' as const), id: text, point, t0Ms: fc.nat() }),
  fc.record({ verb: fc.constant('ABORT' as const), id: text, reason: text }),
  fc.record({ verb: fc.constant('FS' as const), id: text, tMs: fc.nat(), lph: num.map((n) => Math.abs(n)), waterC: fc.integer({ min: 0, max: 4000 }).map((n) => n / 100), kpa: fc.integer({ min: 0, max: 20000 }).map((n) => n / 10) }),
);

describe('WMB/1 round trip', () => {
  it('property: encode → decode gives the message back', () => {
    fc.assert(fc.property(arbMessage, (m) => {
        expect(decodeMessage(line(encodeMessage(m).trimEnd()))).toEqual({ ok: true, value: m });
      }),
    );;
  });

  it('commands round-trip for the simulator', () => {
    const cmds = [
      { verb: 'HELLO' },
      { verb: 'LOAD', pos: 3, meter: 'WM 2024*001' },
      { verb: 'LOAD', pos: 2, meter: '' },
      { verb: 'PRESS', kpa: 1600, holdS: 60 },
      { verb: 'RUN', id: 'S1-Q3-1', point: 'Q3', lph: 2375, volL: 100 },
      { verb: 'STOP' },
      { verb: 'STAT?' },
    ] as const;
    for (const c of cmds) expect(decodeCommand(line(encodeCommand(c).trimEnd()))).toEqual({ ok: true, value: c });
  });
});
