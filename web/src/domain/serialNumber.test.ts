import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mountDecision, reverificationReason, type MountInput } from './meterMount.ts';
import { normaliseSerial, serialProblem } from './serialNumber.ts';
import { isOperatorName, normaliseOperatorName, sessionStartRefusals } from './sessionStart.ts';

const check = (text: string, format?: { pattern: string; example: string }) => serialProblem(normaliseSerial(text), format);

describe('serial numbers (docs/rules.md R-IDENT)', () => {
  it('normalises what a scanner or a full-width input method sends to one spelling', () => {
    expect(normaliseSerial('２４Ａ００１０９')).toBe('24A00109');
    expect(normaliseSerial('  24a00109\t')).toBe('24A00109');
    expect(normaliseSerial('\u3000２４Ａ００１０９\u3000')).toBe('24A00109');
  });

  it('refuses, with the reason, what the issue saw accepted', () => {
    expect(check('24A 001 04')).toEqual({ code: 'contains-space' });
    expect(check('水表一号')).toEqual({ code: 'characters-not-allowed', characters: ['水', '表', '一', '号'] });
    expect(check('<b>x</b>')).toEqual({ code: 'characters-not-allowed', characters: ['<', '>', '/'] });
    expect(check('a/b#c?d%')).toEqual({ code: 'characters-not-allowed', characters: ['/', '#', '?', '%'] });
    expect(check('')).toEqual({ code: 'empty' });
    expect(check('A1')).toEqual({ code: 'too-short', min: 4 });
    expect(check('A'.repeat(33))).toEqual({ code: 'too-long', max: 32 });
    expect(check('-24A001')).toEqual({ code: 'hyphen-at-end' });
  });

  it('accepts digits, capitals and an inner hyphen, 4–32 characters', () => {
    for (const s of ['24A00101', 'TA20260001', 'CUT1', 'LXS-15E-0001', 'A'.repeat(32)]) expect(check(s), s).toBeNull();
  });

  it("checks the meter type's own format when it states one, and names its example", () => {
    const format = { pattern: '24[A-Z]\\d{5}', example: '24A00101' };
    expect(check('24A00101', format)).toBeNull();
    expect(check('25A00101', format)).toEqual({ code: 'format-mismatch', example: '24A00101' });
    expect(check('24A001011', format), 'the pattern covers the whole number').toEqual({ code: 'format-mismatch', example: '24A00101' });
    expect(check('24A00101', { pattern: '24[A-Z', example: 'x' })).toEqual({ code: 'format-unusable', pattern: '24[A-Z' });
  });

  it('every accepted serial is already normal, and safe in a URL path and a CSV cell', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const serial = normaliseSerial(text);
        if (serialProblem(serial) !== null) return;
        expect(normaliseSerial(serial)).toBe(serial);
        expect(encodeURIComponent(serial)).toBe(serial);
        expect(serial).not.toMatch(/[",\s]/);
      }),
    );
  });
});

describe('before a session starts (docs/rules.md R-IDENT, R-METER)', () => {
  const ok = { operator: '张工', batchId: 'LXS-15E-20260310', meterTypeModel: 'LXS-15E', batch: null };

  it('needs a person named as the operator: not blank, not the role word the old screen stored', () => {
    expect(sessionStartRefusals(ok)).toEqual([]);
    for (const operator of ['', '   ', '检定员', ' 检定员 ', 'operator']) expect(sessionStartRefusals({ ...ok, operator }), JSON.stringify(operator)).toEqual([{ code: 'operator-missing' }]);
    expect(normaliseOperatorName('  李  工 ')).toBe('李 工');
    expect(isOperatorName('李工')).toBe(true);
  });

  it('refuses an existing batch of another meter type, naming both', () => {
    expect(sessionStartRefusals({ ...ok, meterTypeModel: 'LXS-25E', batch: { meterTypeModel: 'LXS-15E' } })).toEqual([
      { code: 'batch-of-another-type', batchId: 'LXS-15E-20260310', batchModel: 'LXS-15E', chosenModel: 'LXS-25E' },
    ]);
    expect(sessionStartRefusals({ ...ok, batch: { meterTypeModel: 'LXS-15E' } })).toEqual([]);
    expect(sessionStartRefusals({ ...ok, batchId: ' ', operator: '' })).toEqual([{ code: 'operator-missing' }, { code: 'batch-missing' }]);
  });
});

describe('mounting a meter (docs/rules.md R-IDENT, R-RECORD)', () => {
  const base: MountInput = { text: '24A00101', pos: 2, mounted: new Map([[1, '24A00109']]), batchId: 'B1', meterBatchId: null, current: null };
  const current = { id: 'v-1', batchId: 'B1', verificationDate: '2026-03-09', passed: true };

  it('mounts a new, valid serial in its normal form', () => {
    expect(mountDecision({ ...base, text: '２４ａ００１０１' })).toEqual({ kind: 'mount', serial: '24A00101' });
  });

  it('refuses a serial already on another position, also when spelled full-width', () => {
    expect(mountDecision({ ...base, text: '２４Ａ００１０９' })).toEqual({ kind: 'refuse', serial: '24A00109', problem: { code: 'already-mounted', serial: '24A00109', pos: 1 } });
    expect(mountDecision({ ...base, pos: 1, text: '24A00109' }).kind, 'the same position again is no duplicate').toBe('mount');
  });

  it('refuses a meter of another batch; asks for a re-verification of a meter with a record', () => {
    expect(mountDecision({ ...base, meterBatchId: 'B0' })).toEqual({ kind: 'refuse', serial: '24A00101', problem: { code: 'meter-of-another-batch', serial: '24A00101', batchId: 'B0' } });
    expect(mountDecision({ ...base, meterBatchId: 'B1', current })).toEqual({ kind: 're-verification', serial: '24A00101', current });
    expect(mountDecision({ ...base, current: { ...current, batchId: 'B0' } }).kind).toBe('refuse');
  });

  it('a re-verification needs a reason', () => {
    expect(reverificationReason('  ')).toBeNull();
    expect(reverificationReason(' 表盘松动，返修后重新检定 ')).toBe('表盘松动，返修后重新检定');
  });
});
