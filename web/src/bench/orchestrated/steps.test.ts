import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../wmb1/codec.ts';
import { asciiBytes } from '../types.ts';
import { decodeStep, encodeStep, readingValue, type StepLine } from './steps.ts';

const steps: StepLine[] = [
  { verb: 'SETUP', bench: 'PLC-01', plc: 'c-1', balance: null, config: JSON.stringify({ name: '3号台 DN15', a: [1, 2] }) },
  { verb: 'MOUNT', pos: 3, meter: 'WM24 000103' },
  { verb: 'MOUNT', pos: 3, meter: '' },
  { verb: 'BEGIN', id: 'S1-Q1-1', point: 'Q1', lph: 26.25, volL: 1.5 },
  { verb: 'TAKE', id: 'S1-Q1-1', at: 'end' },
  { verb: 'FLOW', id: 'S1-Q1-1', at: 'on' },
  { verb: 'READ', id: 'S1-Q1-1', at: 'start', pos: 2, typed: '0012,345', by: '张三', fix: null },
  { verb: 'READ', id: 'S1-Q1-1', at: 'start', pos: 2, typed: '12.345', by: '张三', fix: '多输入了两个零 = *' },
  { verb: 'END', id: 'S1-Q1-1' },
  { verb: 'VOID', id: 'S1-Q1-1', reason: 'plc-exception-4' },
];

describe('step lines', () => {
  it('read back as written, whatever the text holds (percent-encoded, checksummed)', () => {
    for (const s of steps) expect(decodeStep(encodeStep(s))).toEqual(s);
  });

  it('are never mistaken for WMB/1 commands, and a damaged one is not a step', () => {
    for (const s of steps) expect(decodeCommand(asciiBytes(encodeStep(s))).ok).toBe(false);
    const line = encodeStep({ verb: 'END', id: 'R1' });
    expect(decodeStep(line.replace('R1', 'R2'))).toBeNull();
    expect(decodeStep('LOAD pos=1 meter=X*00')).toBeNull();
  });

  it('reads a typed reading as litres only when it is a plain number', () => {
    expect(readingValue(' 0012,345 ')).toBe(12.345);
    expect(readingValue('12.3.4')).toBeNull();
    expect(readingValue('')).toBeNull();
    expect(readingValue('-1')).toBeNull();
  });
});
