import { describe, expect, it } from 'vitest';
import { RegisterMapError } from '../errors.ts';
import example from './example-map.json' with { type: 'json' };
import { parseRegisterMap, parseRegisterMapText } from './registerMap.ts';
import { decodeRegisters, encodeRegisters } from './values.ts';
import fc from 'fast-check';

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseRegisterMap(input);
  } catch (e) {
    if (e instanceof RegisterMapError) return [...e.issues];
    throw e;
  }
  return [];
}

const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(example)) as Record<string, unknown>;

function edit(f: (m: { quantities: Record<string, Record<string, unknown>>; positions: Array<Record<string, unknown>> } & Record<string, unknown>) => void): unknown {
  const m = clone() as Parameters<typeof f>[0];
  f(m);
  return m;
}

describe('register map validation', () => {
  it('the shipped example map is valid', () => {
    const map = parseRegisterMap(example);
    expect(map.positions).toHaveLength(4);
    expect(map.quantities.waterTempC.scale).toBe(0.01);
  });

  it('wrong types and unknown data types name the path', () => {
    expect(issuesOf(edit((m) => (m.unitId = '1')))).toEqual([{ path: 'unitId', message: 'expected number, got "1"' }]);
    const t = issuesOf(edit((m) => ((m.quantities.flowLph as Record<string, unknown>).type = 'f64')));
    expect(t[0]?.path).toBe('quantities.flowLph.type');
    expect(t[0]?.message).toContain('"u16", "u32", "f32"');
  });

  it('word order: required for 32-bit values, meaningless for u16, only two values', () => {
    expect(issuesOf(edit((m) => delete (m.quantities.flowLph as Record<string, unknown>).wordOrder))).toEqual([
      { path: 'quantities.flowLph.wordOrder', message: 'a f32 spans two registers: say "high-first" or "low-first"' },
    ]);
    expect(issuesOf(edit((m) => ((m.quantities.waterTempC as Record<string, unknown>).wordOrder = 'high-first')))[0]?.path).toBe('quantities.waterTempC.wordOrder');
    expect(issuesOf(edit((m) => ((m.quantities.flowLph as Record<string, unknown>).wordOrder = 'big-endian')))[0]?.message).toContain('expected one of');
  });

  it('overlapping registers in the same table are an error, across tables they are not', () => {
    const issues = issuesOf(edit((m) => ((m.quantities.waterTempC as Record<string, unknown>).address = 1)));
    expect(issues).toEqual([{ path: 'quantities.waterTempC', message: 'overlaps quantities.flowLph (input register 0–1)' }]);
    // Moved to the holding table, input register 1 is free but holding 2 is the flow set point.
    expect(issuesOf(edit((m) => ((m.quantities.waterTempC as Record<string, unknown>).table = 'holding')))).toEqual([
      { path: 'control.targetFlowLph', message: 'overlaps quantities.waterTempC (holding register 2)' },
    ]);
  });

  it('misspelt keys, duplicate positions, zero scale, writes to input registers, bad JSON', () => {
    expect(issuesOf(edit((m) => (m.quantites = {})))).toContainEqual({ path: 'quantites', message: 'unknown field (misspelt?)' });
    expect(issuesOf(edit((m) => ((m.positions[1] as Record<string, unknown>).position = 1)))).toContainEqual({ path: 'positions[1].position', message: 'position 1 is listed twice' });
    expect(issuesOf(edit((m) => ((m.quantities.inletKpa as Record<string, unknown>).scale = 0)))[0]?.path).toBe('quantities.inletKpa.scale');
    expect(issuesOf(edit((m) => (((m.control as Record<string, Record<string, unknown>>).command as Record<string, unknown>).table = 'input')))[0]?.message).toBe(
      'only holding registers can be written',
    );
    expect(() => parseRegisterMapText('{"name": ')).toThrow(/not valid JSON/);
  });
});

describe('register values', () => {
  it('u16 × scale, u32 and f32 in both word orders', () => {
    expect(decodeRegisters([2012], { type: 'u16', scale: 0.01 })).toBeCloseTo(20.12, 10);
    expect(decodeRegisters([0x0001, 0x0002], { type: 'u32', wordOrder: 'high-first', scale: 1 })).toBe(0x10002);
    expect(decodeRegisters([0x0002, 0x0001], { type: 'u32', wordOrder: 'low-first', scale: 1 })).toBe(0x10002);
    expect(decodeRegisters([0x451c, 0x4000], { type: 'f32', wordOrder: 'high-first', scale: 1 })).toBe(2500);
    expect(decodeRegisters([0x4000, 0x451c], { type: 'f32', wordOrder: 'low-first', scale: 1 })).toBe(2500);
  });
  it('property: encode then decode returns the value (u32 at the scale resolution)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom('high-first' as const, 'low-first' as const), (n, wordOrder) => {
        const def = { type: 'u32' as const, wordOrder, scale: 0.0001 };
        expect(decodeRegisters(encodeRegisters(n * 0.0001, def), def)).toBeCloseTo(n * 0.0001, 6);
      }),
    );
  });
});
